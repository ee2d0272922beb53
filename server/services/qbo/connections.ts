import { and, eq, gt, isNull, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, qboConnections, qboOauthStates } from "@/db/schema";
import { AppError, notFound } from "@/server/errors";
import { type QboClient, type QboClientOptions, createQboClient } from "@/server/integrations/qbo/client";
import { qboAppCredentialsFromEnv, qboEndpointsFromEnv } from "@/server/integrations/qbo/config";
import { type TokenKey, deriveSubkey, tokenKeyFromEnv } from "@/server/integrations/qbo/crypto";
import { openToken, sealTokenSet } from "@/server/integrations/qbo/token-seal";
import { QboError } from "@/server/integrations/qbo/errors";
import { KeyedMutex } from "@/server/integrations/qbo/mutex";
import {
  type QboOAuthConfig,
  type QboTokenSet,
  QboOAuthError,
  buildAuthorizeUrl,
  exchangeCode,
  newStateNonce,
  refreshTokens,
  revokeToken,
  signState,
  verifyState,
} from "@/server/integrations/qbo/oauth";
import type { QboTokenProvider } from "@/server/integrations/qbo/types";
import { type Actor, systemActor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";

/** What the QBO services need from the outside world; tests point it at the test double. */
export type QboDeps = {
  oauth?: QboOAuthConfig;
  apiBase?: string;
  key?: TokenKey;
  now?: () => Date;
  /** Transport options for the client (fetch, limiter, timeouts, retry…). */
  client?: Partial<Omit<QboClientOptions, "realmId" | "baseUrl" | "tokens">>;
  /** Who is named in sync-log events the system writes on its own (a failed refresh). */
  actor?: Actor;
};

const STATE_TTL_MS = 10 * 60_000;
/** Refresh a little before expiry so a request never leaves with a token about to die. */
const EXPIRY_SKEW_MS = 60_000;
const refreshLocks = new KeyedMutex();

function resolve(deps: QboDeps = {}) {
  const key = deps.key ?? tokenKeyFromEnv();
  return {
    key,
    stateKey: deriveSubkey(key, "qbo-oauth-state"),
    oauth: () => deps.oauth ?? { ...qboAppCredentialsFromEnv(), ...qboEndpointsFromEnv() },
    apiBase: () => deps.apiBase ?? qboEndpointsFromEnv().apiBase,
    now: deps.now ?? (() => new Date()),
    actor: deps.actor ?? systemActor("qbo-token-refresh"),
  };
}

export type QboConnectionSummary = {
  creditorId: string;
  realmId: string;
  companyName: string | null;
  status: "connected" | "needs_reconnect" | "disconnected";
  statusReason: string | null;
  connectedAt: Date | null;
  lastSyncAt: Date | null;
  cdcCursor: Date | null;
  refreshTokenExpiresAt: Date | null;
};

/** The creditor's QuickBooks connection without its secrets, or null if it never connected. */
export async function getQboConnection(db: Db, creditorId: string): Promise<QboConnectionSummary | null> {
  const [row] = await db.select().from(qboConnections).where(eq(qboConnections.creditorId, creditorId));
  if (!row) return null;
  const { realmId, companyName, status, statusReason, connectedAt, lastSyncAt, cdcCursor, refreshTokenExpiresAt } = row;
  return {
    creditorId,
    realmId,
    companyName,
    status,
    statusReason,
    connectedAt,
    lastSyncAt,
    cdcCursor,
    refreshTokenExpiresAt,
  };
}

/** Start connecting: a single-use nonce bound to the creditor, signed into `state`, and Intuit's consent URL. */
export async function beginQboConnect(db: Db, params: { creditorId: string }, actor: Actor, deps?: QboDeps) {
  const d = resolve(deps);
  const [creditor] = await db.select({ id: creditors.id }).from(creditors).where(eq(creditors.id, params.creditorId));
  if (!creditor) throw notFound("creditor");
  const now = d.now();
  const nonce = newStateNonce();
  const expiresAt = new Date(now.getTime() + STATE_TTL_MS);
  await db
    .insert(qboOauthStates)
    .values({ nonce, creditorId: creditor.id, createdBy: `${actor.type}:${actor.id}`, expiresAt });
  const state = signState({ creditorId: creditor.id, nonce, issuedAt: now.getTime() }, d.stateKey);
  return { url: buildAuthorizeUrl(d.oauth(), state), state, expiresAt };
}

/**
 * Finish connecting from Intuit's redirect: check the state (signature, age, creditor, unused
 * nonce), exchange the code, store the tokens encrypted and mark the connection `connected`.
 */
export async function completeQboConnect(
  db: Db,
  params: { creditorId: string; code: string; realmId: string; state: string },
  actor: Actor,
  deps?: QboDeps,
) {
  const d = resolve(deps);
  const now = d.now();
  let payload;
  try {
    payload = verifyState(params.state, d.stateKey, { now: now.getTime(), maxAgeMs: STATE_TTL_MS });
  } catch (err) {
    throw new AppError("BAD_REQUEST", err instanceof Error ? err.message : "Invalid QuickBooks connect state.");
  }
  if (payload.creditorId !== params.creditorId)
    throw new AppError(
      "BAD_REQUEST",
      "This QuickBooks connect link was started for another organisation; start again from Settings.",
    );
  const [consumed] = await db
    .update(qboOauthStates)
    .set({ consumedAt: now })
    .where(
      and(
        eq(qboOauthStates.nonce, payload.nonce),
        eq(qboOauthStates.creditorId, params.creditorId),
        isNull(qboOauthStates.consumedAt),
        gt(qboOauthStates.expiresAt, now),
      ),
    )
    .returning({ nonce: qboOauthStates.nonce });
  if (!consumed)
    throw new AppError(
      "BAD_REQUEST",
      "This QuickBooks connect link was already used or has expired; start again from Settings.",
    );

  let tokens: QboTokenSet;
  try {
    tokens = await exchangeCode(d.oauth(), params.code, now);
  } catch (err) {
    throw new AppError(
      "BAD_REQUEST",
      `QuickBooks refused the connection: ${err instanceof Error ? err.message : String(err)}. Try connecting again.`,
    );
  }
  const companyName = await fetchCompanyName(params.realmId, tokens.accessToken, d.apiBase(), deps);

  return db.transaction(async (tx) => {
    const [other] = await tx
      .select({ id: qboConnections.id })
      .from(qboConnections)
      .where(
        and(
          eq(qboConnections.realmId, params.realmId),
          ne(qboConnections.creditorId, params.creditorId),
          ne(qboConnections.status, "disconnected"),
        ),
      );
    if (other) {
      throw new AppError("CONFLICT", "This QuickBooks company is already connected to another organisation.");
    }
    const values = {
      realmId: params.realmId,
      companyName,
      status: "connected" as const,
      statusReason: null,
      ...sealTokenSet(params.creditorId, tokens, d.key),
      connectedAt: now,
      lastRefreshedAt: now,
      updatedAt: now,
    };
    const [row] = await tx
      .insert(qboConnections)
      .values({ creditorId: params.creditorId, ...values, tokenVersion: 1 })
      .onConflictDoUpdate({ target: qboConnections.creditorId, set: { ...values, tokenVersion: 1, cdcCursor: null } })
      .returning({ id: qboConnections.id });
    await recordAudit(tx, {
      actor,
      action: "qbo.connected",
      category: "qbo",
      creditorId: params.creditorId,
      targetType: "qbo_connection",
      targetId: row?.id,
      details: { realmId: params.realmId, companyName },
    });
    return (await getQboConnection(tx, params.creditorId))!;
  });
}

/** The company's name; also proves the new tokens really belong to the `realmId` the redirect named. */
async function fetchCompanyName(
  realmId: string,
  accessToken: string,
  apiBase: string,
  deps?: QboDeps,
): Promise<string | null> {
  const tokens = { getAccessToken: async () => accessToken, refresh: async () => accessToken };
  try {
    const probe = createQboClient({
      ...deps?.client,
      realmId,
      baseUrl: apiBase,
      tokens,
      retry: { maxAttempts: 2, baseDelayMs: 200 },
    });
    return (await probe.getCompanyInfo()).CompanyName ?? null;
  } catch (err) {
    if (err instanceof QboError && err.kind === "auth") {
      throw new AppError(
        "BAD_REQUEST",
        "QuickBooks did not accept the new connection for that company; start again from Settings.",
      );
    }
    return null; // cosmetic: the settings page shows the realm id instead
  }
}

/** Disconnect: revoke at Intuit (best effort), forget the tokens, keep the row for the sync log. */
export async function disconnectQbo(db: Db, params: { creditorId: string }, actor: Actor, deps?: QboDeps) {
  const d = resolve(deps);
  const [row] = await db.select().from(qboConnections).where(eq(qboConnections.creditorId, params.creditorId));
  if (!row) throw notFound("QuickBooks connection");
  let revoked = false;
  if (row.refreshTokenEnc) {
    try {
      revoked = await revokeToken(d.oauth(), openToken(params.creditorId, "refresh", row.refreshTokenEnc, d.key));
    } catch {
      revoked = false;
    }
  }
  await db.transaction(async (tx) => {
    await tx
      .update(qboConnections)
      .set({
        status: "disconnected",
        statusReason: "disconnected by user",
        accessTokenEnc: null,
        refreshTokenEnc: null,
        accessTokenExpiresAt: null,
        updatedAt: d.now(),
      })
      .where(eq(qboConnections.id, row.id));
    await recordAudit(tx, {
      actor,
      action: "qbo.disconnected",
      category: "qbo",
      creditorId: params.creditorId,
      targetType: "qbo_connection",
      targetId: row.id,
      details: { realmId: row.realmId, revokedAtIntuit: revoked },
    });
  });
}

const reconnectError = (why: string) =>
  new QboError(
    "auth",
    `QuickBooks needs reconnecting (${why}): a creditor admin must connect again from Settings → Integrations.`,
    401,
    "needs_reconnect",
  );

/**
 * A usable access token, refreshing if `staleAccessToken` is what we hold or it is about to
 * expire. Serialised per company: in process by a mutex, across processes by `SELECT … FOR UPDATE`
 * on the connection row, so a rotating refresh token is spent once and its successor always saved.
 * A refused refresh (`invalid_grant`) marks the connection `needs_reconnect` with a sync-log event.
 */
export async function refreshQboAccessToken(
  db: Db,
  params: { creditorId: string; staleAccessToken: string | null },
  deps?: QboDeps,
): Promise<{ accessToken: string; expiresAt: Date }> {
  const d = resolve(deps);
  const [peek] = await db
    .select({ realmId: qboConnections.realmId })
    .from(qboConnections)
    .where(eq(qboConnections.creditorId, params.creditorId));
  if (!peek) throw reconnectError("not connected");
  const outcome = await refreshLocks.run(`realm:${peek.realmId}`, () =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(qboConnections)
        .where(eq(qboConnections.creditorId, params.creditorId))
        .for("update");
      if (!row || row.status !== "connected" || !row.accessTokenEnc || !row.refreshTokenEnc)
        return { reconnect: row?.statusReason ?? "not connected" };
      const now = d.now();
      const current = openToken(params.creditorId, "access", row.accessTokenEnc, d.key);
      const fresh = (row.accessTokenExpiresAt?.getTime() ?? 0) > now.getTime() + EXPIRY_SKEW_MS;
      if (current !== params.staleAccessToken && fresh) return { token: current, expiresAt: row.accessTokenExpiresAt! }; // someone already refreshed
      let tokens: QboTokenSet;
      try {
        tokens = await refreshTokens(
          d.oauth(),
          openToken(params.creditorId, "refresh", row.refreshTokenEnc, d.key),
          now,
        );
      } catch (err) {
        if (!(err instanceof QboOAuthError)) throw err;
        // Down or unreachable → retry later; any other refusal (e.g. invalid_client) is configuration, not transient.
        const kind = err.status === 0 ? "network" : err.status >= 500 ? "server" : "auth";
        if (!err.needsReconnect)
          throw new QboError(kind, `QuickBooks token refresh failed: ${err.message}`, err.status, err.error);
        await tx
          .update(qboConnections)
          .set({
            status: "needs_reconnect",
            statusReason: err.error,
            accessTokenEnc: null,
            refreshTokenEnc: null,
            accessTokenExpiresAt: null,
            updatedAt: now,
          })
          .where(eq(qboConnections.id, row.id));
        await recordAudit(tx, {
          actor: d.actor,
          action: "qbo.connection.needs_reconnect",
          category: "qbo",
          creditorId: params.creditorId,
          targetType: "qbo_connection",
          targetId: row.id,
          details: { realmId: row.realmId, reason: err.error, message: err.message },
        });
        return { reconnect: err.error };
      }
      await tx
        .update(qboConnections)
        .set({
          ...sealTokenSet(params.creditorId, tokens, d.key),
          tokenVersion: row.tokenVersion + 1,
          lastRefreshedAt: now,
          updatedAt: now,
        })
        .where(eq(qboConnections.id, row.id));
      return { token: tokens.accessToken, expiresAt: tokens.accessTokenExpiresAt };
    }),
  );
  if ("reconnect" in outcome) throw reconnectError(outcome.reconnect ?? "not connected");
  return { accessToken: outcome.token, expiresAt: outcome.expiresAt };
}

/** A token provider for one creditor: cached access token, proactive refresh near expiry, one refresh after a 401. */
export function qboTokenProvider(db: Db, creditorId: string, deps?: QboDeps): QboTokenProvider {
  const d = resolve(deps);
  let cached: { accessToken: string; expiresAt: Date } | undefined;
  const isFresh = (exp: Date | null | undefined) => (exp?.getTime() ?? 0) > d.now().getTime() + EXPIRY_SKEW_MS;
  return {
    async getAccessToken() {
      if (cached && isFresh(cached.expiresAt)) return cached.accessToken;
      // Usually the stored token is still good: read it without taking the refresh lock.
      const [row] = await db.select().from(qboConnections).where(eq(qboConnections.creditorId, creditorId));
      if (row?.status === "connected" && row.accessTokenEnc && isFresh(row.accessTokenExpiresAt)) {
        cached = {
          accessToken: openToken(creditorId, "access", row.accessTokenEnc, d.key),
          expiresAt: row.accessTokenExpiresAt!,
        };
        return cached.accessToken;
      }
      cached = await refreshQboAccessToken(db, { creditorId, staleAccessToken: cached?.accessToken ?? null }, deps);
      return cached.accessToken;
    },
    async refresh(stale) {
      cached = await refreshQboAccessToken(db, { creditorId, staleAccessToken: stale }, deps);
      return cached.accessToken;
    },
  };
}

/** A QBO client for the creditor's connected company, with a refreshing token provider. */
export async function getQboClientForCreditor(
  db: Db,
  creditorId: string,
  deps?: QboDeps,
): Promise<{ client: QboClient; realmId: string }> {
  const d = resolve(deps);
  const [row] = await db
    .select({ realmId: qboConnections.realmId, status: qboConnections.status })
    .from(qboConnections)
    .where(eq(qboConnections.creditorId, creditorId));
  if (!row || row.status !== "connected") {
    throw new AppError(
      "PRECONDITION_FAILED",
      row
        ? "QuickBooks needs reconnecting: connect again from Settings → Integrations."
        : "QuickBooks is not connected for this creditor.",
    );
  }
  const client = createQboClient({
    ...deps?.client,
    realmId: row.realmId,
    baseUrl: d.apiBase(),
    tokens: qboTokenProvider(db, creditorId, deps),
  });
  return { client, realmId: row.realmId };
}

/** Record a finished sync: when, and the CDC cursor to resume from. */
export async function markQboSynced(db: Db, params: { creditorId: string; at: Date; cdcCursor?: Date }) {
  await db
    .update(qboConnections)
    .set({ lastSyncAt: params.at, ...(params.cdcCursor ? { cdcCursor: params.cdcCursor } : {}), updatedAt: params.at })
    .where(eq(qboConnections.creditorId, params.creditorId));
}
