import type Stripe from "stripe";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { paymentAttempts } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";
import { AppError } from "@/server/errors";
import { createRefund } from "@/server/integrations/stripe/refunds";
import { describeTransferError } from "@/server/integrations/stripe/transfers";
import { recordAudit } from "../audit/record";
import { abandonEffect, claimDueEffects, completeEffect, enqueueEffect, failEffect } from "../outbox/outbox";
import { settleWorkItem } from "../work-items/lifecycle";
import { lockOpenItem, lockUnmatchedPayment } from "./item-guard";

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
    const resolution = { action: "refunded", amount: attempt.amount, currency: attempt.currency, outboxKey: key };
    await recordAudit(tx, {
      actor,
      action: "payment.refund_requested",
      category: "payments",
      targetType: "payment_attempt",
      targetId: attempt.id,
      details: { workItemId: item.id, reason: params.reason, ...resolution },
    });
    await settleWorkItem(
      tx,
      {
        workItemId: item.id,
        expectedVersion: params.expectedVersion,
        outcome: "resolved",
        resolution,
        reason: params.reason,
      },
      actor,
    );
    return resolution;
  });
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
    const resolution = { action: "not_ours", amount: attempt.amount, currency: attempt.currency };
    await recordAudit(tx, {
      actor,
      action: "payment.not_ours",
      category: "payments",
      targetType: "payment_attempt",
      targetId: attempt.id,
      details: { workItemId: item.id, reason: params.reason },
    });
    await settleWorkItem(
      tx,
      {
        workItemId: item.id,
        expectedVersion: params.expectedVersion,
        outcome: "dismissed",
        resolution,
        reason: params.reason,
      },
      actor,
    );
    return resolution;
  });
}

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
