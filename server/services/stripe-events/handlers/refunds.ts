import type Stripe from "stripe";
import { and, eq, inArray, sql } from "drizzle-orm";
import { stripeEvents } from "@/db/schema";
import { giveBackReversal } from "@/server/services/reversals/give-back";
import { recordReversal } from "@/server/services/reversals/reversals";
import { openWorkItem } from "@/server/services/work-items/open";
import { fromStripeAmount } from "@/server/integrations/stripe/amounts";
import {
  idOf,
  paymentKeys,
  paymentLockKey,
  stripeTime,
  type HandlerContext,
  type HandlerOutcome,
  type StripeEventHandler,
} from "./types";

/** Released when a refund is booked: a parked `charge.refunded` re-checks its total then. */
export const refundsKey = (paymentKey: string) => `refunds:${paymentKey}`;

/** The reinstatement ref of a refund that failed after it had been booked. */
const failedRef = (refundId: string) => `${refundId}:failed`;

/**
 * One refund, keyed by its `re_…` id whichever event describes it: booked as a reversal when it
 * has succeeded, given back (a reinstatement) when it fails or is canceled after that, and left
 * alone while pending (money has not provably left yet).
 */
export async function applyRefund(ctx: HandlerContext, refund: Stripe.Refund): Promise<HandlerOutcome> {
  if (refund.status === "succeeded") return bookRefund(ctx, refund);
  if (refund.status === "failed" || refund.status === "canceled") return undoRefund(ctx, refund);
  return { status: "ignored", reason: `refund ${refund.id} is ${refund.status}; booked when it succeeds` };
}

async function bookRefund(ctx: HandlerContext, refund: Stripe.Refund): Promise<HandlerOutcome> {
  const pi = idOf(refund.payment_intent);
  const ch = idOf(refund.charge);
  if (!pi && !ch)
    // Nothing names its payment (a refund of a customer balance, say): no payment will release it.
    // It waits visibly; the parked sweep makes it a work item after the bounded wait.
    return {
      status: "parked",
      reason: `refund ${refund.id} names neither a charge nor a payment intent, so it cannot be linked to a payment`,
      waitFor: [],
    };
  const money = fromStripeAmount(refund.amount, refund.currency);
  if (!money.ok) return { status: "failed", reason: `refund ${refund.id}: ${money.reason}` };
  if (money.amount <= 0n)
    return { status: "failed", reason: `refund ${refund.id} has a non-positive amount (${money.amount})` };
  if (await refundEndedFailed(ctx, refund.id))
    return { status: "processed", summary: `refund ${refund.id} already failed at Stripe; nothing left to book` };
  const r = await recordReversal(
    ctx.db,
    {
      paymentExternalId: pi,
      chargeId: ch,
      amount: money.amount,
      currency: money.currency,
      reason: "refund",
      externalRef: refund.id,
      occurredAt: stripeTime(refund.created ?? ctx.event.created),
    },
    ctx.actor,
  );
  if (r.outcome === "payment_not_found")
    return { status: "parked", reason: `refund ${refund.id} arrived before its payment`, waitFor: paymentKeys(pi, ch) };
  const key = paymentLockKey(pi, ch);
  return { status: "processed", summary: `refund ${refund.id} ${r.outcome}`, released: key ? [refundsKey(key)] : [] };
}

async function undoRefund(ctx: HandlerContext, refund: Stripe.Refund): Promise<HandlerOutcome> {
  const outcome = await giveBack(ctx, refund);
  // A parked charge.refunded waiting for this refund re-checks now: it failed, so nothing more comes.
  const key = paymentLockKey(idOf(refund.payment_intent), idOf(refund.charge));
  return outcome.status === "processed" && key ? { ...outcome, released: [refundsKey(key)] } : outcome;
}

async function giveBack(ctx: HandlerContext, refund: Stripe.Refund): Promise<HandlerOutcome> {
  const r = await giveBackReversal(
    ctx.db,
    {
      reversalExternalRef: refund.id,
      amount: null,
      externalRef: failedRef(refund.id),
      occurredAt: stripeTime(ctx.event.created),
      reason: "refund_failed",
    },
    ctx.actor,
  );
  if (r.outcome === "not_booked")
    return {
      status: "processed",
      summary: `refund ${refund.id} ${refund.status} before it was booked; nothing to undo`,
    };
  if (r.outcome === "nothing_left") return { status: "processed", summary: `refund ${refund.id} already given back` };
  if (r.outcome === "from_credit") {
    // Booked, but out of customer credit only: the services cannot re-open a credit, an operator can.
    await openWorkItem(ctx.db, {
      kind: "overpayment",
      subjectType: "stripe_refund",
      subjectId: refund.id,
      title: `Refund ${refund.id} ${refund.status} after it was paid out of customer credit`,
      nextAction: "The money is back in the Stripe balance: re-open the debtor's customer credit or refund again.",
      evidence: { refundId: refund.id, amount: refund.amount, currency: refund.currency, eventId: ctx.event.id },
      dedupeKey: `refund-failed:${refund.id}`,
    });
    return { status: "processed", summary: `refund ${refund.id} ${refund.status}; credit part left to an operator` };
  }
  return { status: "processed", summary: `refund ${refund.id} ${refund.status}: reinstatement ${r.outcome}` };
}

/** Has an event already told us this refund ended failed or canceled? (Events arrive in any order.) */
async function refundEndedFailed(ctx: HandlerContext, refundId: string): Promise<boolean> {
  const rows = await ctx.db
    .select({ id: stripeEvents.eventId })
    .from(stripeEvents)
    .where(
      and(
        eq(stripeEvents.objectId, refundId),
        inArray(stripeEvents.status, ["processed"]),
        sql`${stripeEvents.payload}->'data'->'object'->>'status' in ('failed','canceled')`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** refund.created / refund.updated / refund.failed all carry the Refund: one handler shape. */
export const refundHandler: StripeEventHandler = {
  lockKey: (event) => {
    const r = event.data.object as Stripe.Refund;
    return paymentLockKey(idOf(r.payment_intent), idOf(r.charge));
  },
  releases: (event) => {
    const r = event.data.object as Stripe.Refund;
    const key = paymentLockKey(idOf(r.payment_intent), idOf(r.charge));
    return key ? [refundsKey(key)] : [];
  },
  handle: (ctx) => applyRefund(ctx, ctx.event.data.object as Stripe.Refund),
};
