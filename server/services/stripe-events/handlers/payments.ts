import { and, eq, isNull } from "drizzle-orm";
import { paymentAttempts } from "@/db/schema";
import type { ClearedPayment } from "@/server/domain/payment-plan";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { recordStripePaymentBatched } from "@/server/services/stripe-events/payment-batch";
import { fromStripeAmount } from "@/server/integrations/stripe/amounts";
import { paymentKeys, type BatchedOutcome, type HandlerContext, type HandlerOutcome } from "./types";

export type StripePayment = {
  paymentIntentId: string | null;
  chargeId: string | null;
  /** Used as the payment's external id when there is no PaymentIntent (a session without one). */
  fallbackId: string;
  amount: unknown;
  currency: unknown;
  metadata: Record<string, string> | null | undefined;
  extra?: Record<string, unknown>;
};

/**
 * Record a cleared Stripe payment through the payments service (remittance, credit, document,
 * journal entry, writeback request, audit), keyed by the PaymentIntent id so
 * `payment_intent.succeeded` and `checkout.session.completed` for one payment book it once.
 */
export async function applyStripePayment(ctx: HandlerContext, p: StripePayment): Promise<HandlerOutcome> {
  const money = fromStripeAmount(p.amount, p.currency);
  const evidence = {
    paymentIntentId: p.paymentIntentId,
    chargeId: p.chargeId,
    amount: p.amount,
    currency: p.currency,
    metadata: p.metadata ?? {},
  };
  if (!money.ok)
    return { status: "failed", reason: `payment ${p.paymentIntentId ?? p.fallbackId}: ${money.reason}`, evidence };
  if (money.amount <= 0n)
    return {
      status: "failed",
      reason: `payment ${p.paymentIntentId ?? p.fallbackId} has a non-positive amount (${money.amount}); nothing was booked`,
      evidence,
    };
  const input = clearedPaymentOf(ctx, p, money);
  const result = await recordClearedPayment(ctx.db, input, ctx.actor);
  if (result.outcome === "duplicate" && p.chargeId) {
    // The session event knows no charge id; the PaymentIntent event that follows fills it in, so
    // refunds and disputes that name only the charge still find the payment.
    await ctx.db
      .update(paymentAttempts)
      .set({ chargeId: p.chargeId })
      .where(and(eq(paymentAttempts.id, result.paymentAttemptId), isNull(paymentAttempts.chargeId)));
  }
  const summary =
    result.outcome === "unmatched"
      ? `payment ${input.externalId} unmatched: ${result.reason}`
      : `payment ${input.externalId} ${result.outcome}`;
  return { status: "processed", summary, released: paymentKeys(p.paymentIntentId ?? input.externalId, p.chargeId) };
}

/**
 * The same payment through the one-statement path (recordStripePaymentBatched), for a new event
 * whose payment applies to its placement; null sends it through the transaction path
 * (applyStripePayment), which also handles every failure and edge case.
 */
export async function applyStripePaymentBatched(
  ctx: HandlerContext,
  p: StripePayment,
  lockKey: string | null,
): Promise<BatchedOutcome | null> {
  const money = fromStripeAmount(p.amount, p.currency);
  if (!money.ok || money.amount <= 0n) return null;
  const input = clearedPaymentOf(ctx, p, money);
  const released = paymentKeys(p.paymentIntentId ?? input.externalId, p.chargeId);
  const done = await recordStripePaymentBatched(ctx.db, ctx.event, input, ctx.actor, {
    key: lockKey,
    releases: released,
  });
  if (!done) return null;
  if (done.kind === "duplicate_event") return { status: "duplicate" };
  return { status: "processed", summary: `payment ${input.externalId} applied`, released, hasWaiters: done.hasWaiters };
}

/**
 * The payment's own words the matching cascade reads when it names no placement (description,
 * statement descriptor, reference, receipt/billing email, billing name: FACT_KEYS), kept beside
 * its metadata; empty values are left out. The debtor's metadata wins over these on a clash.
 */
export function matchingFacts(facts: Record<string, string | null | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(facts).filter((e): e is [string, string] => Boolean(e[1]?.trim())));
}

function clearedPaymentOf(
  ctx: HandlerContext,
  p: StripePayment,
  money: { amount: bigint; currency: string },
): ClearedPayment {
  const metadata = p.metadata ?? {};
  return {
    source: "stripe",
    externalId: p.paymentIntentId ?? p.fallbackId,
    chargeId: p.chargeId,
    placementId: metadata.placement_id?.trim() || null,
    installmentId: metadata.installment_id?.trim() || null,
    amount: money.amount,
    currency: money.currency,
    receivedAt: new Date(ctx.event.created * 1000),
    metadata: { ...p.extra, ...metadata, stripeEventId: ctx.event.id },
  };
}
