import { createHash } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { idempotencyRecords } from "@/db/schema";
import { AppError } from "@/server/errors";

/** How long a key is remembered; after that the same key starts a new request. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;

export type StoredResponse = { status: number; body: unknown };

/** Stable JSON: object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Fingerprint of a request: method, path and body (key order in JSON does not matter). */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(`${method.toUpperCase()} ${path}\n${canonical(body)}`)
    .digest("hex");
}

/** What makes a key acceptable: 1–255 visible ASCII characters (a UUID is typical); the OpenAPI document states this pattern. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function assertIdempotencyKey(key: string): void {
  if (!IDEMPOTENCY_KEY_PATTERN.test(key))
    throw new AppError("BAD_REQUEST", "Idempotency-Key must be 1 to 255 visible ASCII characters, e.g. a UUID");
}

/**
 * Run `work` once per (creditor, key). The key's row is claimed first, so a concurrent retry waits
 * for the first attempt and then replays its answer. `work` runs in the same transaction: if it
 * fails, nothing is written and the key stays free for a retry. The same key with a different
 * request is refused with CONFLICT (409).
 */
export async function withIdempotency(
  db: Db,
  params: { creditorId: string; key: string; fingerprint: string; now?: Date },
  work: (tx: Db) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  assertIdempotencyKey(params.key);
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    const scope = and(eq(idempotencyRecords.creditorId, params.creditorId), eq(idempotencyRecords.key, params.key));
    await tx
      .delete(idempotencyRecords)
      .where(and(scope, lt(idempotencyRecords.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS))));
    const [claimed] = await tx
      .insert(idempotencyRecords)
      .values({ creditorId: params.creditorId, key: params.key, requestHash: params.fingerprint, createdAt: now })
      .onConflictDoNothing({ target: [idempotencyRecords.creditorId, idempotencyRecords.key] })
      .returning({ id: idempotencyRecords.id });
    if (!claimed) {
      const [stored] = await tx.select().from(idempotencyRecords).where(scope);
      if (!stored || stored.responseStatus === null)
        throw new AppError("CONFLICT", "a request with this Idempotency-Key is still in progress; retry shortly");
      if (stored.requestHash !== params.fingerprint) {
        throw new AppError(
          "CONFLICT",
          "this Idempotency-Key was already used with a different request (method, path or body); use a new key for a new request",
          { reason: "idempotency_key_reused", idempotency_key: params.key },
        );
      }
      return { status: stored.responseStatus, body: stored.responseBody, replayed: true };
    }
    const response = await work(tx);
    await tx
      .update(idempotencyRecords)
      .set({ responseStatus: response.status, responseBody: response.body })
      .where(eq(idempotencyRecords.id, claimed.id));
    return { ...response, replayed: false };
  });
}
