import Stripe from "stripe";

/** Reads of Stripe objects the inbox needs when an event waits too long for its payment. */
export interface StripeObjectSource {
  /** The PaymentIntent, or null when Stripe does not know it. */
  paymentIntent(id: string): Promise<Stripe.PaymentIntent | null>;
  /** Every refund of a charge (auto-paginated). */
  refundsOfCharge(chargeId: string): Promise<Stripe.Refund[]>;
}

/** The source backed by the Stripe API. */
export function stripeObjectSource(stripe: Stripe): StripeObjectSource {
  return {
    async paymentIntent(id) {
      try {
        return await stripe.paymentIntents.retrieve(id);
      } catch (err) {
        if (err instanceof Stripe.errors.StripeError && err.statusCode === 404) return null;
        throw err;
      }
    },
    async refundsOfCharge(charge) {
      const out: Stripe.Refund[] = [];
      for await (const r of stripe.refunds.list({ charge, limit: 100 })) out.push(r);
      return out;
    },
  };
}
