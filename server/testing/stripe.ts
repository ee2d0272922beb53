/**
 * TEST FIXTURES: Stripe-shaped event payloads (only the fields Clearbook reads, plus the envelope)
 * and signed requests made with the real stripe package. Not used by the app.
 */
import { randomBytes } from "node:crypto";
import Stripe from "stripe";

export const TEST_WEBHOOK_SECRET = "whsec_test_current_0123456789abcdef";
export const TEST_WEBHOOK_SECRET_PREVIOUS = "whsec_test_previous_0123456789abcdef";

const rid = (prefix: string) => `${prefix}_${randomBytes(9).toString("hex")}`;
let clock = Math.floor(Date.parse("2026-03-01T00:00:00Z") / 1000);

type Obj = Record<string, unknown>;

/** A Stripe event envelope around `object`. `created` increases with every call unless given. */
export function stripeEvent(type: string, object: Obj, opts: { id?: string; created?: number; account?: string } = {}) {
  clock += 1;
  return {
    id: opts.id ?? rid("evt"),
    object: "event",
    api_version: "2026-10-28.endive",
    created: opts.created ?? clock,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
    ...(opts.account ? { account: opts.account } : {}),
  };
}

export function paymentIntent(p: {
  id?: string;
  amount: number;
  currency?: string;
  placementId?: string;
  installmentId?: string;
  chargeId?: string | null;
  metadata?: Record<string, string>;
}) {
  const metadata: Record<string, string> = {
    ...(p.placementId ? { placement_id: p.placementId } : {}),
    ...(p.installmentId ? { installment_id: p.installmentId } : {}),
    ...p.metadata,
  };
  return {
    id: p.id ?? rid("pi"),
    object: "payment_intent",
    amount: p.amount,
    amount_received: p.amount,
    currency: p.currency ?? "usd",
    status: "succeeded",
    latest_charge: p.chargeId === undefined ? rid("ch") : p.chargeId,
    metadata,
    created: clock,
  };
}

export function checkoutSession(p: {
  paymentIntentId: string | null;
  amount: number;
  currency?: string;
  placementId?: string;
  paymentStatus?: string;
  mode?: string;
}) {
  return {
    id: rid("cs"),
    object: "checkout.session",
    mode: p.mode ?? "payment",
    payment_status: p.paymentStatus ?? "paid",
    status: "complete",
    amount_total: p.amount,
    currency: p.currency ?? "usd",
    payment_intent: p.paymentIntentId,
    metadata: p.placementId ? { placement_id: p.placementId } : {},
  };
}

export function refund(p: {
  id?: string;
  amount: number;
  paymentIntentId: string | null;
  chargeId: string | null;
  status?: string;
  currency?: string;
}) {
  return {
    id: p.id ?? rid("re"),
    object: "refund",
    amount: p.amount,
    currency: p.currency ?? "usd",
    payment_intent: p.paymentIntentId,
    charge: p.chargeId,
    status: p.status ?? "succeeded",
    created: clock,
    metadata: {},
  };
}

export function charge(p: {
  id: string;
  paymentIntentId: string | null;
  amount: number;
  amountRefunded: number;
  currency?: string;
}) {
  return {
    id: p.id,
    object: "charge",
    amount: p.amount,
    amount_refunded: p.amountRefunded,
    refunded: p.amountRefunded >= p.amount,
    currency: p.currency ?? "usd",
    payment_intent: p.paymentIntentId,
    metadata: {},
  };
}

export function dispute(p: {
  id?: string;
  amount: number;
  paymentIntentId: string | null;
  chargeId: string | null;
  status?: string;
  currency?: string;
  balanceTransactions?: number;
}) {
  const bts = Array.from({ length: p.balanceTransactions ?? 1 }, () => ({
    id: rid("txn"),
    object: "balance_transaction",
  }));
  return {
    id: p.id ?? rid("du"),
    object: "dispute",
    amount: p.amount,
    currency: p.currency ?? "usd",
    payment_intent: p.paymentIntentId,
    charge: p.chargeId,
    status: p.status ?? "needs_response",
    balance_transactions: bts,
    metadata: {},
  };
}

export function transfer(p: {
  id?: string;
  amount: number;
  amountReversed?: number;
  disbursementId?: string;
  currency?: string;
  destination?: string;
}) {
  return {
    id: p.id ?? rid("tr"),
    object: "transfer",
    amount: p.amount,
    amount_reversed: p.amountReversed ?? 0,
    reversed: (p.amountReversed ?? 0) >= p.amount,
    currency: p.currency ?? "usd",
    destination: p.destination ?? "acct_test",
    metadata: p.disbursementId ? { disbursement_id: p.disbursementId } : {},
  };
}

export const newId = rid;

/** A POST to the webhook route signed by the real stripe package (fresh timestamp each call, like a Stripe retry). */
export function signedRequest(
  payload: string,
  opts: { secret?: string; timestamp?: number; contentType?: string; url?: string; signature?: string | null } = {},
) {
  const header =
    opts.signature !== undefined
      ? opts.signature
      : Stripe.webhooks.generateTestHeaderString({
          payload,
          secret: opts.secret ?? TEST_WEBHOOK_SECRET,
          timestamp: opts.timestamp,
        });
  const headers: Record<string, string> = { "content-type": opts.contentType ?? "application/json; charset=utf-8" };
  if (header) headers["stripe-signature"] = header;
  return new Request(opts.url ?? "http://localhost/api/webhooks/stripe", { method: "POST", headers, body: payload });
}
