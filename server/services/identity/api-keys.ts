import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, creditors } from "@/db/schema";
import { AppError, notFound } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";

const KEY_PATTERN = /^cb_live_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** last_used_at is refreshed at most this often, so a busy key is not one write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const listColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdBy: apiKeys.createdBy,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/** The part of a key people see, enough to tell keys apart: `cb_live_<prefix>`. */
export const displayPrefix = (prefix: string) => `cb_live_${prefix}`;

/**
 * Create an API key for a creditor (audited). The plaintext is returned once, here, and never
 * again: only its SHA-256 is stored.
 */
export async function createApiKey(db: Db, creditorId: string, name: string, actor: Actor) {
  const label = name.trim();
  if (!label || label.length > 100)
    throw new AppError("BAD_REQUEST", "give the key a name of 1 to 100 characters, e.g. the system that will use it");
  const prefix = randomBytes(6).toString("hex");
  const secret = `cb_live_${prefix}_${randomBytes(32).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [creditor] = await tx.select({ id: creditors.id }).from(creditors).where(eq(creditors.id, creditorId));
    if (!creditor) throw notFound("creditor");
    const [key] = await tx
      .insert(apiKeys)
      .values({ creditorId, name: label, prefix, secretHash: sha256(secret), createdBy: `${actor.type}:${actor.id}` })
      .returning(listColumns);
    await recordAudit(tx, {
      actor,
      action: "api_key.created",
      category: "auth",
      creditorId,
      targetType: "api_key",
      targetId: key!.id,
      details: { name: label, prefix: displayPrefix(prefix) },
    });
    return { key: key!, secret };
  });
}

/** A creditor's keys, newest first, without any secret material. */
export async function listApiKeys(db: Db, creditorId: string) {
  return db
    .select(listColumns)
    .from(apiKeys)
    .where(eq(apiKeys.creditorId, creditorId))
    .orderBy(desc(apiKeys.createdAt));
}

/** Revoke one of the creditor's keys (audited); it answers 401 from the next request on. Revoking twice is harmless. */
export async function revokeApiKey(db: Db, creditorId: string, keyId: string, actor: Actor) {
  return db.transaction(async (tx) => {
    const [key] = await tx
      .select(listColumns)
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.creditorId, creditorId)))
      .for("update");
    if (!key) throw notFound("API key");
    if (key.revokedAt) return key;
    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date(), revokedBy: `${actor.type}:${actor.id}` })
      .where(eq(apiKeys.id, keyId))
      .returning(listColumns);
    await recordAudit(tx, {
      actor,
      action: "api_key.revoked",
      category: "auth",
      creditorId,
      targetType: "api_key",
      targetId: keyId,
      details: { name: key.name, prefix: displayPrefix(key.prefix) },
    });
    return revoked!;
  });
}

/**
 * Resolve a presented key to its creditor, or throw UNAUTHORIZED (malformed, unknown, revoked all
 * look alike to the caller). Stamps last-used time.
 */
export async function authenticateApiKey(
  db: Db,
  presented: string,
  now = new Date(),
): Promise<{ keyId: string; creditorId: string }> {
  const unauthorized = new AppError(
    "UNAUTHORIZED",
    "the API key is missing, malformed, unknown or revoked: send `Authorization: Bearer cb_live_…` with an active key",
  );
  const match = KEY_PATTERN.exec(presented);
  if (!match) throw unauthorized;
  const [key] = await db.select().from(apiKeys).where(eq(apiKeys.prefix, match[1]!));
  if (!key || key.revokedAt) throw unauthorized;
  const expected = Buffer.from(key.secretHash, "hex");
  const actual = createHash("sha256").update(presented).digest();
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw unauthorized;
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.id, key.id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS))),
      ),
    );
  return { keyId: key.id, creditorId: key.creditorId };
}
