import type Stripe from "stripe";
import { fromStripeAmount } from "@/server/integrations/stripe/amounts";
import { applyPayoutEvent } from "@/server/services/payouts/payouts";
import { stripeTime, type StripeEventHandler } from "./types";

/**
 * `payout.paid` / `payout.failed` carry the whole Payout (docs.stripe.com/api/payouts/object):
 * recorded once; paid posts the cash movement and queues the fetch of its balance transactions.
 */
export const payoutHandler: StripeEventHandler = {
  handle: async (ctx) => {
    const p = ctx.event.data.object as Stripe.Payout;
    const amount = fromStripeAmount(p.amount, p.currency);
    if (!amount.ok) return { status: "failed", reason: `payout ${p.id}: ${amount.reason}` };
    if (p.status !== "paid" && p.status !== "failed")
      return { status: "ignored", reason: `payout ${p.id} is ${p.status}` };
    const summary = await applyPayoutEvent(
      ctx.db,
      {
        id: p.id,
        amount: amount.amount,
        currency: amount.currency,
        status: p.status,
        automatic: p.automatic,
        arrivalDate: stripeTime(p.arrival_date).toISOString().slice(0, 10),
        failureCode: p.failure_code ?? null,
        failureMessage: p.failure_message ?? null,
        occurredAt: stripeTime(ctx.event.created),
      },
      ctx.actor,
    );
    return { status: "processed", summary };
  },
};
