import type Stripe from "stripe";
import { applyStripePayment, applyStripePaymentBatched, matchingFacts, type StripePayment } from "./payments";
import { idOf, type StripeEventHandler } from "./types";
import { chargeIdOfPaymentIntent } from "@/server/integrations/stripe/api-version";

/**
 * A Checkout Session completed (or its delayed payment succeeded). Only `payment_status = paid`
 * is money; an async method pays later and sends `checkout.session.async_payment_succeeded`.
 */
export const checkoutSessionCompleted: StripeEventHandler = {
  lockKey: (event) => {
    const s = event.data.object as Stripe.Checkout.Session;
    return idOf(s.payment_intent) ?? s.id;
  },
  releases: (event) => {
    const s = event.data.object as Stripe.Checkout.Session;
    return [idOf(s.payment_intent) ?? s.id];
  },
  handle: async (ctx) => {
    const s = ctx.event.data.object as Stripe.Checkout.Session;
    if (s.mode !== "payment")
      return { status: "ignored", reason: `checkout session in ${s.mode} mode is not a debtor payment` };
    if (s.payment_status !== "paid")
      return { status: "ignored", reason: `checkout session payment_status is ${s.payment_status}; booked when paid` };
    return applyStripePayment(ctx, paymentOf(s));
  },
  batched: async (ctx) => {
    const s = ctx.event.data.object as Stripe.Checkout.Session;
    if (s.mode !== "payment" || s.payment_status !== "paid") return null; // `handle` records why it is ignored
    return applyStripePaymentBatched(ctx, paymentOf(s), idOf(s.payment_intent) ?? s.id);
  },
};

const paymentOf = (s: Stripe.Checkout.Session): StripePayment => ({
  paymentIntentId: idOf(s.payment_intent),
  // Only an expanded PaymentIntent says which charge paid (latest_charge); an id alone does not.
  chargeId: s.payment_intent && typeof s.payment_intent === "object" ? chargeIdOfPaymentIntent(s.payment_intent) : null,
  fallbackId: s.id,
  amount: s.amount_total,
  currency: s.currency,
  metadata: s.metadata,
  extra: {
    checkoutSessionId: s.id,
    ...matchingFacts({
      reference: s.client_reference_id,
      receipt_email: s.customer_details?.email ?? s.customer_email,
      billing_name: s.customer_details?.name,
    }),
  },
});
