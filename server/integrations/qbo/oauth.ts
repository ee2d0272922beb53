import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { QBO_SCOPE_ACCOUNTING } from "./config";

/**
 * Intuit OAuth 2.0 for one app. The official `intuit-oauth` package implements the same
 * documented contract (authorize URL; `POST /oauth2/v1/tokens/bearer` with Basic client
 * credentials and a form body); this is a small fetch version instead, because it needs no
 * extra dependency and points at any token endpoint — Intuit's, or the local test double's.
 */
export type QboOAuthConfig = {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

export type QboTokenSet = {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
  refreshTokenExpiresAt: Date;
  /** The 5-year ceiling Intuit added in 2025; absent from older answers. */
  refreshTokenHardExpiresAt?: Date;
};

/** The token endpoint said no. `error` is OAuth's code: `invalid_grant` means reconnect. */
export class QboOAuthError extends Error {
  override readonly name = "QboOAuthError";
  constructor(
    readonly error: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
  get needsReconnect(): boolean {
    return this.error === "invalid_grant";
  }
}

/** Intuit's consent page for this app, carrying our signed state. */
export function buildAuthorizeUrl(cfg: QboOAuthConfig, state: string): string {
  const u = new URL(cfg.authorizeUrl);
  u.searchParams.set("client_id", cfg.clientId);
  u.searchParams.set("response_type", "code");
  u.searchParams.set("scope", QBO_SCOPE_ACCOUNTING);
  u.searchParams.set("redirect_uri", cfg.redirectUri);
  u.searchParams.set("state", state);
  return u.toString();
}

export type OAuthStatePayload = { creditorId: string; nonce: string; issuedAt: number };

/** A new random nonce for one connect attempt. */
export const newStateNonce = () => randomBytes(18).toString("base64url");

/** `state` = base64url(JSON payload) + "." + HMAC: bound to the creditor, unforgeable, dated. */
export function signState(payload: OAuthStatePayload, key: Buffer): string {
  const body = Buffer.from(JSON.stringify({ c: payload.creditorId, n: payload.nonce, t: payload.issuedAt })).toString(
    "base64url",
  );
  const mac = createHmac("sha256", key).update(body).digest("base64url");
  return `${body}.${mac}`;
}

/** Check a returned `state`'s signature and age. The caller still checks the nonce is unused. */
export function verifyState(state: string, key: Buffer, opts: { now: number; maxAgeMs: number }): OAuthStatePayload {
  const [body, mac, extra] = state.split(".");
  if (!body || !mac || extra !== undefined)
    throw new QboOAuthError(
      "invalid_state",
      "The QuickBooks connect link is malformed; start again from Settings.",
      400,
    );
  const expected = createHmac("sha256", key).update(body).digest();
  const got = Buffer.from(mac, "base64url");
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
    throw new QboOAuthError(
      "invalid_state",
      "The QuickBooks connect link was not issued by us; start again from Settings.",
      400,
    );
  }
  const p = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as { c: string; n: string; t: number };
  if (opts.now - p.t > opts.maxAgeMs || p.t - opts.now > 60_000) {
    throw new QboOAuthError(
      "invalid_state",
      "The QuickBooks connect link has expired; start again from Settings.",
      400,
    );
  }
  return { creditorId: p.c, nonce: p.n, issuedAt: p.t };
}

type TokenAnswer = {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  x_refresh_token_expires_in?: number;
  x_refresh_token_hard_expires_in?: number;
  error?: string;
  error_description?: string;
};

async function tokenCall(cfg: QboOAuthConfig, form: Record<string, string>, now: Date): Promise<QboTokenSet> {
  const basic = Buffer.from(`${cfg.clientId}:${cfg.clientSecret}`).toString("base64");
  let res: Response;
  try {
    res = await (cfg.fetch ?? fetch)(cfg.tokenUrl, {
      method: "POST",
      headers: {
        Authorization: `Basic ${basic}`,
        Accept: "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
        // Ask for the 5-year hard expiry (opt-in; intuit-oauth's includeRefreshTokenHardExpiresIn).
        "x-include-refresh-token-hard-expires-in": "true",
      },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(cfg.timeoutMs ?? 30_000),
    });
  } catch (err) {
    throw new QboOAuthError(
      "network",
      `Could not reach the QuickBooks token endpoint: ${err instanceof Error ? err.message : String(err)}`,
      0,
    );
  }
  const text = await res.text();
  let body: TokenAnswer = {};
  try {
    body = JSON.parse(text) as TokenAnswer;
  } catch {
    body = {};
  }
  if (!res.ok || !body.access_token || !body.refresh_token) {
    const error = body.error ?? (res.status >= 500 ? "server_error" : "invalid_response");
    throw new QboOAuthError(
      error,
      body.error_description ?? `QuickBooks token endpoint answered HTTP ${res.status} (${error}).`,
      res.status,
    );
  }
  const at = (seconds: number | undefined, fallback: number) => new Date(now.getTime() + (seconds ?? fallback) * 1000);
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    accessTokenExpiresAt: at(body.expires_in, 3600),
    refreshTokenExpiresAt: at(body.x_refresh_token_expires_in, 100 * 86_400),
    refreshTokenHardExpiresAt:
      body.x_refresh_token_hard_expires_in !== undefined ? at(body.x_refresh_token_hard_expires_in, 0) : undefined,
  };
}

/** Exchange the authorization code from the redirect for a token pair. */
export function exchangeCode(cfg: QboOAuthConfig, code: string, now = new Date()): Promise<QboTokenSet> {
  return tokenCall(cfg, { grant_type: "authorization_code", code, redirect_uri: cfg.redirectUri }, now);
}

/** Refresh. The answer carries a NEW refresh token: persist it, the old one is spent. */
export function refreshTokens(cfg: QboOAuthConfig, refreshToken: string, now = new Date()): Promise<QboTokenSet> {
  return tokenCall(cfg, { grant_type: "refresh_token", refresh_token: refreshToken }, now);
}

/** Best-effort revoke on disconnect (Intuit's revoke takes JSON `{token}`). */
export async function revokeToken(cfg: QboOAuthConfig, token: string): Promise<boolean> {
  if (!cfg.revokeUrl) return false;
  const basic = Buffer.from(`${cfg.clientId}:${cfg.clientSecret}`).toString("base64");
  try {
    const res = await (cfg.fetch ?? fetch)(cfg.revokeUrl, {
      method: "POST",
      headers: { Authorization: `Basic ${basic}`, Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify({ token }),
      signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000),
    });
    return res.ok;
  } catch {
    return false;
  }
}
