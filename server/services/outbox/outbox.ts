import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { outbox } from "@/db/schema";
import { jsonSafe } from "../audit/record";

export type OutboxTopic =
  | "qbo.writeback"
  | "qbo.reverse-payment"
  | "qbo.journal-entry"
  | "export.render"
  | "stripe.transfer"
  | "stripe.payout"
  | "stripe.refund"
  | "webhook.event"
  | "mail.webhook-disabled"
  | "mail.statement_issued";

/**
 * Request an external effect in the caller's transaction. The key comes from our own ids, so
 * requesting the same effect twice is one row, and the worker can hand it on as an idempotency key.
 */
export async function enqueueEffect(
  db: Db,
  topic: OutboxTopic,
  idempotencyKey: string,
  payload: Record<string, unknown>,
) {
  const [row] = await db
    .insert(outbox)
    .values(outboxRow(topic, idempotencyKey, payload))
    .onConflictDoNothing({ target: outbox.idempotencyKey })
    .returning({ id: outbox.id });
  return { id: row?.id, created: Boolean(row) };
}

/** An outbox row: the one place it is built, whichever statement writes it (insert with `on conflict (idempotency_key) do nothing`). */
export function outboxRow(
  topic: OutboxTopic,
  idempotencyKey: string,
  payload: Record<string, unknown>,
): typeof outbox.$inferInsert {
  return { topic, idempotencyKey, payload: jsonSafe(payload) };
}

/** How long a claimed row stays claimed: a worker that dies mid-effect leaves it due again after this. */
export const OUTBOX_LEASE_MS = 5 * 60_000;

/**
 * Claim due rows of a topic for processing (SKIP LOCKED, so concurrent workers never share a row).
 * A claim is a lease: `processing` rows whose lease ran out (the worker crashed) are due again.
 */
export async function claimDueEffects(
  db: Db,
  topic: OutboxTopic,
  limit: number,
  now = new Date(),
  leaseMs = OUTBOX_LEASE_MS,
) {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.topic, topic),
          sql`${outbox.status} in ('pending','failed','processing')`,
          lte(outbox.nextAttemptAt, now),
        ),
      )
      .orderBy(asc(outbox.nextAttemptAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(outbox)
      .set({
        status: "processing",
        attempts: sql`${outbox.attempts} + 1`,
        nextAttemptAt: new Date(now.getTime() + leaseMs),
      })
      .where(sql`${outbox.id} in ${due.map((d) => d.id)}`)
      .returning();
  });
}

/** Mark an effect done. */
export async function completeEffect(db: Db, id: string, now = new Date()) {
  await db.update(outbox).set({ status: "done", processedAt: now, lastError: null }).where(eq(outbox.id, id));
}

/** Record a failure and schedule the next try with exponential backoff (capped at one hour). */
export async function failEffect(db: Db, id: string, error: string, attempts: number, now = new Date()) {
  const delayMs = Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
  await db
    .update(outbox)
    .set({ status: "failed", lastError: error.slice(0, 2000), nextAttemptAt: new Date(now.getTime() + delayMs) })
    .where(eq(outbox.id, id));
}

/** Give up on an effect that can never succeed as requested (status `dead`: never claimed again; a person takes it from here). */
export async function abandonEffect(db: Db, id: string, error: string, now = new Date()) {
  await db
    .update(outbox)
    .set({ status: "dead", lastError: error.slice(0, 2000), processedAt: now })
    .where(eq(outbox.id, id));
}

/** Keep a claimed effect claimed while its worker is still at it (a long export renews as it makes progress). */
export async function extendEffectLease(db: Db, id: string, now = new Date(), leaseMs = OUTBOX_LEASE_MS) {
  await db
    .update(outbox)
    .set({ nextAttemptAt: new Date(now.getTime() + leaseMs) })
    .where(and(eq(outbox.id, id), eq(outbox.status, "processing")));
}
