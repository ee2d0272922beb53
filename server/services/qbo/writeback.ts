import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { outbox, placements, qboConnections, qboPaymentMappings, remittances } from "@/db/schema";
import { writebackRequestId } from "@/server/integrations/qbo/payment-body";
import { notFound } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { claimDueEffects, completeEffect, failEffect, type OutboxTopic } from "../outbox/outbox";
import type { QboDeps } from "./connections";
import { type PostSummary, postDueWritebacks } from "./writeback-post";

/**
 * QuickBooks writeback, part 1: turning outbox rows into writeback mappings.
 *
 * The Stripe webhook (through the payments service) only writes an outbox row in its own
 * transaction, so it can never fail because of QuickBooks. This job claims those rows and makes
 * each one a `qbo_payment_mappings` row — one per payment, the unit that is posted, retried with
 * backoff, shown in the sync log and retried by a person. Posting is part 2 (qbo-writeback-post.ts).
 *
 * No connection: a creditor that never connected QuickBooks (or disconnected it) gets no mapping;
 * the outbox row is done and nothing is recorded per payment (the sync log says once that QuickBooks
 * is not connected; a disconnection is its own event). Payments from before a
 * connection are deliberately NOT written back later: the creditor may have booked them by hand,
 * and posting them months later would pay the invoice twice. Drift detection surfaces any gap.
 * A connection that needs reconnecting is not "no connection": its mappings wait and retry.
 */
const TOPICS: OutboxTopic[] = ["qbo.writeback", "qbo.reverse-payment"];
const ACCEPT_IN_PARALLEL = 4;

const payloadSchema = z.object({
  paymentAttemptId: z.uuid(),
  remittanceId: z.uuid().optional(),
  placementId: z.uuid(),
  creditorId: z.uuid(),
  amount: z.union([z.string(), z.number()]).transform((v) => BigInt(v)),
  currency: z.string().length(3),
});

export type AcceptOutcome = "mapped" | "flagged_for_sync" | "waiting" | "skipped";

/** Claim due QBO outbox rows and accept each (see the module comment). */
export async function acceptQboEffects(
  db: Db,
  params: { limit?: number; now?: Date } = {},
  actor: Actor = { type: "job", id: "qbo-writebacks" },
) {
  const now = params.now ?? new Date();
  const counts: Record<AcceptOutcome | "failed", number> = {
    mapped: 0,
    flagged_for_sync: 0,
    waiting: 0,
    skipped: 0,
    failed: 0,
  };
  for (const topic of TOPICS) {
    const rows = await claimDueEffects(db, topic, params.limit ?? 1_000, now);
    let next = 0;
    // A few rows at a time, each its own small transaction; two rows of one payment meet at the mapping's unique key.
    const worker = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        try {
          counts[await acceptEffect(db, topic, row.payload, actor)]++;
          await completeEffect(db, row.id, now);
        } catch (err) {
          counts.failed++;
          await failEffect(db, row.id, err instanceof Error ? err.message : String(err), row.attempts, now);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(ACCEPT_IN_PARALLEL, rows.length) }, worker));
  }
  return counts;
}

/** One outbox row → a mapping (new, or an existing one flagged to re-sync its amount). */
export async function acceptEffect(
  db: Db,
  topic: OutboxTopic,
  rawPayload: unknown,
  actor: Actor,
): Promise<AcceptOutcome> {
  const payload = payloadSchema.parse(rawPayload);
  return db.transaction(async (tx) => {
    const [conn] = await tx
      .select({ realmId: qboConnections.realmId, status: qboConnections.status })
      .from(qboConnections)
      .where(eq(qboConnections.creditorId, payload.creditorId));
    const [existing] = await tx
      .select()
      .from(qboPaymentMappings)
      .where(eq(qboPaymentMappings.paymentAttemptId, payload.paymentAttemptId))
      .for("update");
    const skip = async (reason: string) => {
      await recordAudit(tx, {
        actor,
        action: "qbo.writeback.skipped",
        category: "qbo",
        creditorId: payload.creditorId,
        targetType: "payment_attempt",
        targetId: payload.paymentAttemptId,
        details: {
          topic,
          reason,
          placementId: payload.placementId,
          amount: payload.amount,
          currency: payload.currency,
        },
      });
      return "skipped" as const;
    };
    // Not connected (never, or disconnected): nothing to write back, and nothing recorded per
    // payment — the sync log says once that QuickBooks is not connected (and when it was disconnected).
    if (!conn || conn.status === "disconnected") return "skipped";
    if (existing) {
      // A reversal or reinstatement of a payment we already mapped: once posted, its QBO Payment
      // must follow the payment's new net amount. Unposted ones pick the change up when they post.
      if (existing.status !== "posted") return "waiting";
      await tx
        .update(qboPaymentMappings)
        .set({ status: "pending", nextAttemptAt: new Date(), updatedAt: new Date() })
        .where(eq(qboPaymentMappings.id, existing.id));
      return "flagged_for_sync";
    }
    const [cleared] = await tx
      .select({ id: remittances.id, amount: remittances.recoveredAmount })
      .from(remittances)
      .where(and(eq(remittances.paymentAttemptId, payload.paymentAttemptId), eq(remittances.status, "cleared")));
    const isOriginal = topic === "qbo.writeback" && (!payload.remittanceId || payload.remittanceId === cleared?.id);
    if (!isOriginal) {
      // A reversal or reinstatement of a payment that has no mapping. If the payment's own writeback
      // is still queued, wait for it; otherwise the payment was never written back, and neither is this.
      const [queued] = await tx
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(eq(outbox.idempotencyKey, `qbo-payment:${payload.paymentAttemptId}`), ne(outbox.status, "done")));
      if (queued) throw new Error("waiting for the payment's own writeback to be accepted first");
      return skip("the payment itself was never written back to QuickBooks");
    }
    const [placement] = await tx
      .select({ qboInvoiceId: placements.qboInvoiceId })
      .from(placements)
      .where(eq(placements.id, payload.placementId));
    if (!placement) throw new Error(`placement ${payload.placementId} of outbox payload not found`);
    // The mapping posts the payment as it cleared; later reversals adjust that QBO Payment.
    const amount = cleared?.amount ?? payload.amount;
    if (amount <= 0n) return "skipped";
    const inserted = await tx
      .insert(qboPaymentMappings)
      .values({
        paymentAttemptId: payload.paymentAttemptId,
        remittanceId: payload.remittanceId ?? null,
        placementId: payload.placementId,
        creditorId: payload.creditorId,
        realmId: conn.realmId,
        // "" = not linked yet: the poster tries the invoice-number lookup first.
        qboInvoiceId: placement.qboInvoiceId ?? "",
        amount,
        currency: payload.currency.toUpperCase(),
        requestId: writebackRequestId(payload.paymentAttemptId),
      })
      .onConflictDoNothing({ target: qboPaymentMappings.paymentAttemptId })
      .returning({ id: qboPaymentMappings.id });
    // Lost a race with another row of the same payment: that mapping is new and unposted, so it posts the current net anyway.
    return inserted.length ? "mapped" : "waiting";
  });
}

/** One tick: accept new outbox rows, then post or retry every due writeback. */
export async function runWritebackTick(
  db: Db,
  deps?: QboDeps,
  params: { now?: Date; creditorId?: string } = {},
): Promise<{ accepted: Record<string, number> } & PostSummary> {
  const accepted = await acceptQboEffects(db, { now: params.now });
  const posted = await postDueWritebacks(db, { now: params.now, creditorId: params.creditorId }, deps);
  return { accepted, ...posted };
}

/**
 * A person asks to retry one writeback now (sync log button). `creditorId` scopes the lookup for
 * creditor users (another creditor's mapping is NOT_FOUND); staff pass none.
 */
export async function requestWritebackRetry(db: Db, params: { mappingId: string; creditorId?: string }, actor: Actor) {
  return db.transaction(async (tx) => {
    const where = params.creditorId
      ? and(eq(qboPaymentMappings.id, params.mappingId), eq(qboPaymentMappings.creditorId, params.creditorId))
      : eq(qboPaymentMappings.id, params.mappingId);
    const [m] = await tx.select().from(qboPaymentMappings).where(where).for("update");
    if (!m) throw notFound("writeback");
    if (m.status === "posted") return { mappingId: m.id, status: m.status, queued: false };
    await tx
      .update(qboPaymentMappings)
      .set({ nextAttemptAt: sql`now()`, updatedAt: new Date() })
      .where(eq(qboPaymentMappings.id, m.id));
    await recordAudit(tx, {
      actor,
      action: "qbo.writeback.retry_requested",
      category: "qbo",
      creditorId: m.creditorId,
      targetType: "qbo_payment_mapping",
      targetId: m.id,
      details: { status: m.status, attempts: m.attempts, lastError: m.lastError },
    });
    return { mappingId: m.id, status: m.status, queued: true, creditorId: m.creditorId };
  });
}
