import type Stripe from "stripe";
import { toStripeAmount } from "./amounts";

export type RefundRequest = {
  paymentIntentId: string | null;
  chargeId: string | null;
  amount: bigint;
  currency: string;
  /** From our ids (the outbox row's key): every retry is the same request, and Stripe refunds once. */
  idempotencyKey: string;
  metadata: Record<string, string>;
};

/** Refund (part of) a debtor's payment to the card or account it came from. */
export function createRefund(stripe: Stripe, r: RefundRequest): Promise<Stripe.Refund> {
  if (!r.paymentIntentId && !r.chargeId) throw new Error("a refund needs the payment intent or the charge it returns");
  return stripe.refunds.create(
    {
      ...(r.paymentIntentId ? { payment_intent: r.paymentIntentId } : { charge: r.chargeId! }),
      amount: toStripeAmount(r.amount, r.currency),
      reason: "requested_by_customer",
      metadata: r.metadata,
    },
    { idempotencyKey: r.idempotencyKey },
  );
}
