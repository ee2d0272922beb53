import type Stripe from "stripe";
import { applyTransferEvent } from "@/server/services/disbursements/disbursements";
import { fromStripeAmount } from "@/server/integrations/stripe/amounts";
import { stripeTime, type StripeEventHandler } from "./types";

/**
 * Every transfer event carries the whole Transfer with its cumulative `amount_reversed`, so the
 * three types share one idempotent application (see applyTransferEvent).
 */
export const transferHandler: StripeEventHandler = {
  handle: async (ctx) => {
    const t = ctx.event.data.object as Stripe.Transfer;
    const amount = fromStripeAmount(t.amount, t.currency);
    const reversed = fromStripeAmount(t.amount_reversed ?? 0, t.currency);
    if (!amount.ok) return { status: "failed", reason: `transfer ${t.id}: ${amount.reason}` };
    if (!reversed.ok) return { status: "failed", reason: `transfer ${t.id}: ${reversed.reason}` };
    const r = await applyTransferEvent(
      ctx.db,
      {
        transferId: t.id,
        disbursementId: t.metadata?.disbursement_id ?? null,
        amount: amount.amount,
        amountReversed: reversed.amount,
        currency: amount.currency,
        occurredAt: stripeTime(ctx.event.created),
      },
      ctx.actor,
    );
    return {
      status: "processed",
      summary: `transfer ${t.id} ${r.outcome}${r.reversedNow ? `, ${r.reversedNow} reversed` : ""}`,
    };
  },
};
