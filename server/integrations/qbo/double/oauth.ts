/**
 * TEST DOUBLE — NOT QuickBooks, not Intuit's OAuth server. Imitates Intuit's documented OAuth 2.0
 * contract: an authorize page that auto-approves and redirects back with `code`, `realmId` and
 * `state`; `POST /oauth2/v1/tokens/bearer` (Basic client auth, form body) for the
 * authorization_code and refresh_token grants. Stricter than Intuit on purpose: EVERY refresh
 * rotates the refresh token and the old one is dead at once, so a caller that forgets to save the
 * new one is caught by the first test, not after 24 hours in production.
 */
import { randomBytes } from "node:crypto";

type Grant = { realmId: string; expiresAt: number };
type Code = Grant & { redirectUri: string; used: boolean };

export type DoubleTokenAnswer = {
  token_type: "bearer";
  access_token: string;
  refresh_token: string;
  expires_in: number;
  x_refresh_token_expires_in: number;
  /** Only when the request asked for it (header `x-include-refresh-token-hard-expires-in: true`). */
  x_refresh_token_hard_expires_in?: number;
};

/**
 * Intuit returns the 5-year hard expiry only to token calls that ask for it with this header
 * (intuit-oauth ≥ 4.2.4, option `includeRefreshTokenHardExpiresIn`: "header is omitted by default
 * (opt-in only)"; Intuit's Java/.NET SDK releases of May 2026 describe the same opt-in).
 */
export const HARD_EXPIRY_HEADER = "x-include-refresh-token-hard-expires-in";

export class DoubleAuth {
  accessTtlMs = 3_600_000;
  refreshTtlMs = 100 * 86_400_000;
  /** Which company the next auto-approved consent picks (else the first one). */
  nextAuthorizeRealm: string | undefined;
  private codes = new Map<string, Code>();
  private access = new Map<string, Grant>();
  private refresh = new Map<string, Grant>();
  /** How many refresh_token grants succeeded, per realm (tests check serialisation with it). */
  readonly refreshCount = new Map<string, number>();

  constructor(
    readonly client: { clientId: string; clientSecret: string },
    private now: () => number,
    private realmExists: (realmId: string) => boolean,
    private firstRealm: () => string | undefined,
  ) {}

  private token(prefix: string) {
    return `${prefix}-${randomBytes(24).toString("base64url")}`;
  }

  /** Mint a token pair for a company directly (tests that skip the consent dance). */
  issue(realmId: string, withHardExpiry = false): DoubleTokenAnswer {
    const now = this.now();
    const access_token = this.token("dbl-at");
    const refresh_token = this.token("dbl-rt");
    this.access.set(access_token, { realmId, expiresAt: now + this.accessTtlMs });
    this.refresh.set(refresh_token, { realmId, expiresAt: now + this.refreshTtlMs });
    return {
      token_type: "bearer",
      access_token,
      refresh_token,
      expires_in: Math.round(this.accessTtlMs / 1000),
      x_refresh_token_expires_in: Math.round(this.refreshTtlMs / 1000),
      ...(withHardExpiry ? { x_refresh_token_hard_expires_in: 5 * 365 * 86_400 } : {}),
    };
  }

  /** GET /connect/oauth2 → 302 back to the app, or 400 with a reason. */
  authorize(q: URLSearchParams): { status: number; location?: string; body?: string } {
    const redirectUri = q.get("redirect_uri");
    if (q.get("client_id") !== this.client.clientId) return { status: 400, body: "Test double: unknown client_id." };
    if (!redirectUri) return { status: 400, body: "Test double: redirect_uri is required." };
    if (q.get("response_type") !== "code") return { status: 400, body: "Test double: response_type must be code." };
    if (!(q.get("scope") ?? "").split(/\s+/).includes("com.intuit.quickbooks.accounting"))
      return { status: 400, body: "Test double: scope must include com.intuit.quickbooks.accounting." };
    const realmId = q.get("realmId") ?? this.nextAuthorizeRealm ?? this.firstRealm();
    if (!realmId || !this.realmExists(realmId))
      return { status: 400, body: "Test double: no company to connect; seed one first." };
    const code = this.token("dbl-code");
    this.codes.set(code, { realmId, redirectUri, expiresAt: this.now() + 10 * 60_000, used: false });
    const back = new URL(redirectUri);
    back.searchParams.set("code", code);
    back.searchParams.set("state", q.get("state") ?? "");
    back.searchParams.set("realmId", realmId);
    return { status: 302, location: back.toString() };
  }

  /** POST /oauth2/v1/tokens/bearer. */
  tokenEndpoint(
    authorization: string | undefined,
    form: URLSearchParams,
    askedForHardExpiry = false,
  ): { status: number; body: unknown; realmId?: string } {
    const expected = `Basic ${Buffer.from(`${this.client.clientId}:${this.client.clientSecret}`).toString("base64")}`;
    if (authorization !== expected) return { status: 401, body: { error: "invalid_client" } };
    const now = this.now();
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") {
      const code = this.codes.get(form.get("code") ?? "");
      if (!code || code.used || code.expiresAt <= now || code.redirectUri !== form.get("redirect_uri")) {
        return {
          status: 400,
          body: {
            error: "invalid_grant",
            error_description:
              "Test double: the authorization code is invalid, used, expired, or for another redirect_uri.",
          },
        };
      }
      code.used = true;
      return { status: 200, body: this.issue(code.realmId, askedForHardExpiry), realmId: code.realmId };
    }
    if (grantType === "refresh_token") {
      const rt = form.get("refresh_token") ?? "";
      const grant = this.refresh.get(rt);
      if (!grant || grant.expiresAt <= now) {
        return {
          status: 400,
          body: {
            error: "invalid_grant",
            error_description: "Test double: the refresh token is invalid, expired, revoked or already rotated.",
          },
        };
      }
      this.refresh.delete(rt);
      this.refreshCount.set(grant.realmId, (this.refreshCount.get(grant.realmId) ?? 0) + 1);
      return { status: 200, body: this.issue(grant.realmId, askedForHardExpiry), realmId: grant.realmId };
    }
    return { status: 400, body: { error: "unsupported_grant_type" } };
  }

  /** POST /v2/oauth2/tokens/revoke: kills the token and, for a refresh token, the company's access tokens. */
  revoke(token: string): void {
    const grant = this.refresh.get(token) ?? this.access.get(token);
    this.refresh.delete(token);
    this.access.delete(token);
    if (grant) for (const [t, g] of this.access) if (g.realmId === grant.realmId) this.access.delete(t);
  }

  /** Why a bearer token is refused for a company, or undefined if it is good. */
  check(authorization: string | undefined, realmId: string): { status: 401 | 403; detail: string } | undefined {
    const token = authorization?.startsWith("Bearer ") ? authorization.slice(7) : undefined;
    const grant = token ? this.access.get(token) : undefined;
    if (!grant) return { status: 401, detail: "Token invalid or missing (test double)." };
    if (grant.expiresAt <= this.now()) return { status: 401, detail: "Token expired (test double)." };
    if (grant.realmId !== realmId)
      return { status: 403, detail: `Token is for company ${grant.realmId}, not ${realmId}.` };
    return undefined;
  }

  /** Expire access tokens (→ 401 on next call) and/or refresh tokens (→ invalid_grant) for one company or all. */
  expire(which: "access" | "refresh" | "all", realmId?: string): void {
    const past = this.now() - 1;
    const hit = (m: Map<string, Grant>) => {
      for (const g of m.values()) if (!realmId || g.realmId === realmId) g.expiresAt = past;
    };
    if (which !== "refresh") hit(this.access);
    if (which !== "access") hit(this.refresh);
  }
}
