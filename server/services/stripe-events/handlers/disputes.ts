import type Stripe from "stripe";
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

/** One withdrawal and one reinstatement per dispute, whichever events report them. */
export const withdrawnRef = (disputeId: string) => `dispute:${disputeId}:withdrawn`;
export const reinstatedRef = (disputeId: string) => `dispute:${disputeId}:reinstated`;

/** Every dispute event is about one payment: they queue behind it. */
export const disputeLockKey = (event: Stripe.Event) => {
  const d = event.data.object as Stripe.Dispute;
  return paymentLockKey(idOf(d.payment_intent), idOf(d.charge));
};

/** The disputed amount left the Stripe balance: a chargeback reversal of the payment. */
export async function withdrawDispute(ctx: HandlerContext, d: Stripe.Dispute): Promise<HandlerOutcome> {
  const pi = idOf(d.payment_intent);
  const ch = idOf(d.charge);
  const money = fromStripeAmount(d.amount, d.currency);
  if (!money.ok) return { status: "failed", reason: `dispute ${d.id}: ${money.reason}` };
  if (money.amount <= 0n)
    return { status: "failed", reason: `dispute ${d.id} has a non-positive amount (${money.amount})` };
  const r = await recordReversal(
    ctx.db,
    {
      paymentExternalId: pi,
      chargeId: ch,
      amount: money.amount,
      currency: money.currency,
      reason: "chargeback",
      externalRef: withdrawnRef(d.id),
      occurredAt: stripeTime(ctx.event.created),
    },
    ctx.actor,
  );
  if (r.outcome === "payment_not_found")
    return { status: "parked", reason: `dispute ${d.id} arrived before its payment`, waitFor: paymentKeys(pi, ch) };
  return {
    status: "processed",
    summary: `dispute ${d.id} funds withdrawn: ${r.outcome}`,
    released: [withdrawnRef(d.id)],
  };
}

/** The disputed amount came back (funds reinstated, or the dispute was won): a re-reversal. */
export async function reinstateDispute(ctx: HandlerContext, d: Stripe.Dispute): Promise<HandlerOutcome> {
  const money = fromStripeAmount(d.amount, d.currency);
  if (!money.ok) return { status: "failed", reason: `dispute ${d.id}: ${money.reason}` };
  const ref = withdrawnRef(d.id);
  const r = await giveBackReversal(
    ctx.db,
    {
      reversalExternalRef: ref,
      amount: money.amount,
      externalRef: reinstatedRef(d.id),
      occurredAt: stripeTime(ctx.event.created),
    },
    ctx.actor,
  );
  if (r.outcome === "not_booked")
    return {
      status: "parked",
      reason: `dispute ${d.id}: funds came back before their withdrawal was booked`,
      waitFor: [ref, ...paymentKeys(idOf(d.payment_intent), idOf(d.charge))],
    };
  if (r.outcome === "from_credit") {
    await openWorkItem(ctx.db, {
      kind: "reversal_decision",
      subjectType: "stripe_dispute",
      subjectId: d.id,
      title: `Dispute ${d.id}: funds reinstated after a chargeback taken from customer credit`,
      nextAction: "The money is back in the Stripe balance: re-open the debtor's customer credit.",
      evidence: { disputeId: d.id, amount: d.amount, currency: d.currency, eventId: ctx.event.id },
      dedupeKey: `dispute-reinstated-credit:${d.id}`,
    });
    return { status: "processed", summary: `dispute ${d.id} reinstated; credit part left to an operator` };
  }
  if (r.outcome === "nothing_left")
    return { status: "processed", summary: `dispute ${d.id}: nothing left to reinstate` };
  return { status: "processed", summary: `dispute ${d.id} funds reinstated: ${r.outcome}` };
}

/** Did money move for this dispute? An inquiry or a dispute closed before withdrawal has no balance transactions. */
export const noFundsMoved = (d: Stripe.Dispute) =>
  Array.isArray(d.balance_transactions) && d.balance_transactions.length === 0;

export const disputeHandler = (
  apply: (ctx: HandlerContext, d: Stripe.Dispute) => Promise<HandlerOutcome>,
): StripeEventHandler => ({
  lockKey: disputeLockKey,
  releases: (event) => [withdrawnRef((event.data.object as Stripe.Dispute).id)],
  handle: (ctx) => apply(ctx, ctx.event.data.object as Stripe.Dispute),
});
