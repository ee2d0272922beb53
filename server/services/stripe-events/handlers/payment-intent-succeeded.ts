import type Stripe from "stripe";
import { applyStripePayment, applyStripePaymentBatched, matchingFacts, type StripePayment } from "./payments";
import { paymentKeys, type StripeEventHandler } from "./types";
import { chargeIdOfPaymentIntent } from "@/server/integrations/stripe/api-version";

/** A PaymentIntent succeeded: the debtor's money cleared. `metadata.placement_id` names the invoice. */
export const paymentIntentSucceeded: StripeEventHandler = {
  lockKey: (event) => (event.data.object as Stripe.PaymentIntent).id,
  releases: (event) => {
    const pi = event.data.object as Stripe.PaymentIntent;
    return paymentKeys(pi.id, chargeIdOfPaymentIntent(pi));
  },
  handle: async (ctx) => applyStripePayment(ctx, paymentOf(ctx.event.data.object as Stripe.PaymentIntent)),
  batched: async (ctx) => {
    const pi = ctx.event.data.object as Stripe.PaymentIntent;
    return applyStripePaymentBatched(ctx, paymentOf(pi), pi.id);
  },
};

const paymentOf = (pi: Stripe.PaymentIntent): StripePayment => ({
  paymentIntentId: pi.id,
  // latest_charge (nullable), or the pre-2022-11-15 `charges` list: what refunds and disputes name.
  chargeId: chargeIdOfPaymentIntent(pi),
  fallbackId: pi.id,
  amount: pi.amount_received,
  currency: pi.currency,
  metadata: pi.metadata,
  extra: matchingFacts({
    description: pi.description,
    statement_descriptor: pi.statement_descriptor ?? pi.statement_descriptor_suffix,
    receipt_email: pi.receipt_email,
    // Only when the event carries the charge expanded; a charge id says nothing about the payer.
    billing_email: typeof pi.latest_charge === "object" ? pi.latest_charge?.billing_details?.email : null,
    billing_name: typeof pi.latest_charge === "object" ? pi.latest_charge?.billing_details?.name : null,
  }),
});
