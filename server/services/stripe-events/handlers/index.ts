import type Stripe from "stripe";
import { chargeDisputeClosed } from "./charge-dispute-closed";
import { chargeDisputeFundsReinstated } from "./charge-dispute-funds-reinstated";
import { chargeDisputeFundsWithdrawn } from "./charge-dispute-funds-withdrawn";
import { chargeRefunded } from "./charge-refunded";
import { checkoutSessionCompleted } from "./checkout-session-completed";
import { paymentIntentSucceeded } from "./payment-intent-succeeded";
import { payoutFailed } from "./payout-failed";
import { payoutPaid } from "./payout-paid";
import { refundCreated } from "./refund-created";
import { refundFailed } from "./refund-failed";
import { refundUpdated } from "./refund-updated";
import { transferCreated } from "./transfer-created";
import { transferReversed } from "./transfer-reversed";
import { transferUpdated } from "./transfer-updated";
import type { StripeEventHandler } from "./types";

/** The events that move money we account for. Anything else is stored as `ignored` and acknowledged. */
export const STRIPE_HANDLERS: Partial<Record<Stripe.Event.Type, StripeEventHandler>> = {
  "payment_intent.succeeded": paymentIntentSucceeded,
  "checkout.session.completed": checkoutSessionCompleted,
  "checkout.session.async_payment_succeeded": checkoutSessionCompleted,
  "charge.refunded": chargeRefunded,
  "refund.created": refundCreated,
  "refund.updated": refundUpdated,
  "refund.failed": refundFailed,
  "charge.dispute.funds_withdrawn": chargeDisputeFundsWithdrawn,
  "charge.dispute.funds_reinstated": chargeDisputeFundsReinstated,
  "charge.dispute.closed": chargeDisputeClosed,
  "transfer.created": transferCreated,
  "transfer.updated": transferUpdated,
  "transfer.reversed": transferReversed,
  "payout.paid": payoutPaid,
  "payout.failed": payoutFailed,
};

/** The event types to subscribe the Stripe endpoint to. */
export const RELEVANT_EVENTS: ReadonlySet<string> = new Set(Object.keys(STRIPE_HANDLERS));

export function handlerFor(type: string): StripeEventHandler | undefined {
  return STRIPE_HANDLERS[type as Stripe.Event.Type];
}

export type { HandlerOutcome, StripeEventHandler } from "./types";
