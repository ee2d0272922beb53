import type Stripe from "stripe";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { outbox, paymentAttempts, remittances, workItems } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";
import { AppError, notFound } from "@/server/errors";
import { createRefund } from "@/server/integrations/stripe/refunds";
import { describeTransferError } from "@/server/integrations/stripe/transfers";
import { recordAudit } from "../audit/record";
import { abandonEffect, claimDueEffects, completeEffect, enqueueEffect, failEffect } from "../outbox/outbox";
import { closeResolvedItem, lockOpenItem, lockUnmatchedPayment } from "./item-guard";

const KINDS = ["unmatched_payment", "ambiguous_payment"] as const;

/** What a `stripe.refund` outbox row asks Stripe for. */
const payloadSchema = z.object({
  paymentAttemptId: z.uuid(),
  paymentIntentId: z.string().nullable(),
  chargeId: z.string().nullable(),
  amount: z.union([z.string(), z.number()]).transform((v) => BigInt(v)),
  currency: z.string().length(3),
  /** What is refunded: the unmatched payment, or a customer credit. */
  subject: z.string(),
});
export type RefundPayload = z.input<typeof payloadSchema>;

/** Queue a Stripe refund in the caller's transaction (outbox; the key comes from our ids). */
export async function requestStripeRefund(tx: Db, key: string, payload: RefundPayload) {
  await enqueueEffect(tx, "stripe.refund", key, payload);
}

/** The Stripe ids a refund of this payment goes back through (only Stripe payments can be refunded through Stripe). */
export function stripeIdsOf(a: {
  source: string;
  externalId: string;
  chargeId: string | null;
  metadata: Record<string, unknown>;
}) {
  if (a.source !== "stripe")
    throw new AppError(
      "BAD_REQUEST",
      `a ${a.source} payment cannot be refunded through Stripe; send it back by bank and close the item as resolved outside Clearbook`,
    );
  const paymentIntentId = a.externalId.startsWith("pi_") ? a.externalId : null;
  return { paymentIntentId, chargeId: a.chargeId };
}

/**
 * Refund an unmatched payment to the debtor: the Stripe refund is requested through the outbox
 * (idempotency key `refund:<payment id>`) in the same transaction that marks the payment resolved
 * and closes the item. The payment was never booked to a placement, so no ledger entry moves.
 */
export async function refundUnmatchedPayment(
  db: Db,
  params: { workItemId: string; expectedVersion: number; reason: string },
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const item = await lockOpenItem(tx, params.workItemId, params.expectedVersion, KINDS);
    const attempt = await lockUnmatchedPayment(tx, item);
    const ids = stripeIdsOf(attempt);
    const key = `refund:${attempt.id}`;
    await requestStripeRefund(tx, key, {
      paymentAttemptId: attempt.id,
      ...ids,
      amount: attempt.amount.toString(),
      currency: attempt.currency,
      subject: `unmatched payment ${attempt.externalId}`,
    });
    await tx.update(paymentAttempts).set({ status: "resolved" }).where(eq(paymentAttempts.id, attempt.id));
    return closeResolvedItem(
      tx,
      {
        workItemId: item.id,
        expectedVersion: params.expectedVersion,
        resolution: { action: "refunded", amount: attempt.amount, currency: attempt.currency, outboxKey: key },
        reason: params.reason,
        audit: paymentAudit("payment.refund_requested", attempt.id),
      },
      actor,
    );
  });
}

type DuplicateEvidence = { payments?: Array<{ paymentAttemptId?: string }> };

/** One payment of a possible-duplicate pair as the refund would undo it: its booked remittance (recovered, fee, net). */
export type DuplicateRefundPreview = {
  paymentAttemptId: string;
  externalId: string;
  amount: bigint;
  currency: string;
  /** Why it cannot be refunded here, or null when it can. */
  blocked: string | null;
  booked: Array<{ invoiceNumber: string; recovered: bigint; fee: bigint; net: bigint }>;
};

/** Both payments of a possible-duplicate item, each with what its refund would reverse once Stripe confirms it. */
export async function previewDuplicateRefund(
  db: Db,
  params: { workItemId: string },
): Promise<DuplicateRefundPreview[]> {
  const item = await duplicateItem(db, params.workItemId);
  const out: DuplicateRefundPreview[] = [];
  for (const id of pairOf(item.evidence)) {
    const [a] = await db.select().from(paymentAttempts).where(eq(paymentAttempts.id, id));
    if (!a) continue;
    const booked = await db
      .select({
        invoiceNumber: sql<string>`(select invoice_number from placements where id = ${remittances.placementId})`,
        recovered: remittances.recoveredAmount,
        fee: remittances.feeAmount,
        net: remittances.netRemitAmount,
      })
      .from(remittances)
      .where(and(eq(remittances.paymentAttemptId, a.id), eq(remittances.status, "cleared")));
    out.push({
      paymentAttemptId: a.id,
      externalId: a.externalId,
      amount: a.amount,
      currency: a.currency,
      blocked: await refundBlocker(db, a),
      booked,
    });
  }
  return out;
}

/**
 * Refund one payment of a possible duplicate to the debtor, on a person's word (never
 * automatically): the Stripe refund is requested through the outbox (key `refund:<payment id>`, so
 * a payment is refunded at most once whichever item asks) in the transaction that closes the item.
 * The payment stays booked until Stripe confirms: its refund event then reverses it as any refund
 * does (remittance, fee and net reversed; a reversal decision for the placement).
 */
export async function refundDuplicatePayment(
  db: Db,
  params: { workItemId: string; expectedVersion: number; paymentAttemptId: string; reason: string },
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const item = await lockOpenItem(tx, params.workItemId, params.expectedVersion, ["possible_duplicate"]);
    if (!pairOf(item.evidence).includes(params.paymentAttemptId)) throw notFound("payment");
    const [attempt] = await tx
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.id, params.paymentAttemptId))
      .for("update");
    if (!attempt) throw notFound("payment");
    const blocked = await refundBlocker(tx, attempt);
    if (blocked) throw new AppError("CONFLICT", blocked);
    const key = `refund:${attempt.id}`;
    await requestStripeRefund(tx, key, {
      paymentAttemptId: attempt.id,
      ...stripeIdsOf(attempt),
      amount: attempt.amount.toString(),
      currency: attempt.currency,
      subject: `duplicate payment ${attempt.externalId}`,
    });
    return closeResolvedItem(
      tx,
      {
        workItemId: item.id,
        expectedVersion: params.expectedVersion,
        resolution: {
          action: "refunded",
          paymentAttemptId: attempt.id,
          amount: attempt.amount,
          currency: attempt.currency,
          outboxKey: key,
        },
        reason: params.reason,
        audit: { ...paymentAudit("payment.refund_requested", attempt.id), details: { duplicate: true } },
      },
      actor,
    );
  });
}

async function duplicateItem(db: Db, workItemId: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(workItemId)) throw notFound("work item");
  const [item] = await db.select().from(workItems).where(eq(workItems.id, workItemId));
  if (!item || item.kind !== "possible_duplicate") throw notFound("work item");
  return item;
}

const pairOf = (evidence: unknown) =>
  ((evidence as DuplicateEvidence).payments ?? []).map((p) => String(p.paymentAttemptId ?? ""));

/**
 * Why this booked payment cannot be refunded from the item, or null: only a Stripe payment booked
 * whole (not reversed in part or in full, not one part of a split payment) goes back this way; the
 * rest is refunded where it was paid, and its refund event reverses it through its parts.
 */
async function refundBlocker(db: Db, a: typeof paymentAttempts.$inferSelect): Promise<string | null> {
  if (a.source !== "stripe") return `a ${a.source} payment is sent back by bank, not through Stripe`;
  if (a.status !== "succeeded") return `the payment is ${a.status.replace("_", " ")} already`;
  if (a.parentPaymentAttemptId) return "it is one part of a split payment: refund the whole payment in Stripe";
  const [part] = await db
    .select({ id: paymentAttempts.id })
    .from(paymentAttempts)
    .where(eq(paymentAttempts.parentPaymentAttemptId, a.id))
    .limit(1);
  if (part)
    return "part of it is booked to other placements (a split, or its credit reallocated): refund it in Stripe, and its refund event reverses every part";
  const [asked] = await db
    .select({ at: outbox.createdAt })
    .from(outbox)
    .where(eq(outbox.idempotencyKey, `refund:${a.id}`));
  if (asked) return `its refund was requested already (${asked.at.toISOString().slice(0, 16).replace("T", " ")} UTC)`;
  return null;
}

/** "Not ours": the payment belongs to nobody we collect for. Recorded with its reason; no money moves here. */
export async function markPaymentNotOurs(
  db: Db,
  params: { workItemId: string; expectedVersion: number; reason: string },
  actor: Actor,
) {
  if (params.reason.trim().length < 3) throw new AppError("BAD_REQUEST", "say why the payment is not ours");
  return db.transaction(async (tx) => {
    const item = await lockOpenItem(tx, params.workItemId, params.expectedVersion, KINDS);
    const attempt = await lockUnmatchedPayment(tx, item);
    await tx.update(paymentAttempts).set({ status: "resolved" }).where(eq(paymentAttempts.id, attempt.id));
    return closeResolvedItem(
      tx,
      {
        workItemId: item.id,
        expectedVersion: params.expectedVersion,
        outcome: "dismissed",
        resolution: { action: "not_ours", amount: attempt.amount, currency: attempt.currency },
        reason: params.reason,
        audit: paymentAudit("payment.not_ours", attempt.id),
      },
      actor,
    );
  });
}

/** The audit event of an action on one payment (its details are filled in by closeResolvedItem). */
const paymentAudit = (action: string, paymentAttemptId: string) => ({
  action,
  category: "payments" as const,
  targetType: "payment_attempt",
  targetId: paymentAttemptId,
});

const JOB_ACTOR: Actor = { type: "job", id: "stripe-refunds" };

/**
 * The worker of the `stripe.refund` outbox topic: sends each refund with the row's key as Stripe's
 * idempotency key (a retry is the same request; Stripe refunds once). A refusal (4xx) is not
 * retried: the row is dead and the audit log says why; other failures retry with the backoff.
 */
export async function drainStripeRefunds(db: Db, stripe: Stripe | null, params: { limit?: number; now?: Date } = {}) {
  const out = { claimed: 0, sent: 0, failed: 0, abandoned: 0 };
  if (!stripe) return { ...out, skipped: "no STRIPE_SECRET_KEY: refunds wait in the outbox" };
  const now = params.now ?? new Date();
  for (const row of await claimDueEffects(db, "stripe.refund", params.limit ?? 50, now)) {
    out.claimed++;
    const parsed = payloadSchema.safeParse(row.payload);
    if (!parsed.success) {
      await abandonEffect(db, row.id, "the outbox payload is not a refund request", now);
      out.abandoned++;
      continue;
    }
    const p = parsed.data;
    const audit = (action: string, details: Record<string, unknown>) =>
      recordAudit(db, {
        actor: JOB_ACTOR,
        action,
        category: "payments",
        targetType: "payment_attempt",
        targetId: p.paymentAttemptId,
        details: { subject: p.subject, amount: p.amount, currency: p.currency, ...details },
      });
    try {
      const refund = await createRefund(stripe, {
        ...p,
        idempotencyKey: row.idempotencyKey,
        metadata: { payment_attempt_id: p.paymentAttemptId, clearbook_key: row.idempotencyKey },
      });
      await completeEffect(db, row.id, now);
      await audit("payment.refund_sent", { refundId: refund.id, status: refund.status });
      out.sent++;
    } catch (err) {
      const e = describeTransferError(err);
      await audit("payment.refund_failed", { error: e.message, permanent: e.isPermanent });
      if (e.isPermanent) {
        await abandonEffect(db, row.id, e.message, now);
        out.abandoned++;
      } else {
        await failEffect(db, row.id, e.message, row.attempts, now);
        out.failed++;
      }
    }
  }
  return out;
}
