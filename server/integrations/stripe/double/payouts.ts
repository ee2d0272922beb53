/**
 * TEST DOUBLE — NOT Stripe. Payouts and their balance transactions, following Stripe's API
 * reference (docs.stripe.com/api/payouts/object, /api/balance_transactions/list) and the official
 * object fixtures (stripe/openapi fixtures3.json: `payout`, `balance_transaction`), strictly:
 *  - `GET /v1/balance_transactions` accepts only its documented parameters (an unknown one is
 *    400 "Received unknown parameter"), `limit` 1–100 (default 10), `starting_after` must be an
 *    object of the list; newest first; `has_more` paginates (stripe-node's auto-pagination).
 *  - `payout=` works for automatic payouts only; a manual one answers Stripe's 400 "Balance
 *    transaction history can only be filtered on automatic transfers, not manual."; an unknown
 *    payout is 404 resource_missing.
 *  - The list includes the payout's own balance transaction (type `payout`, negative).
 */
import { randomBytes } from "node:crypto";

type Json = Record<string, unknown>;
type Reply = { status: number; body: Json };
const rid = (prefix: string) => `${prefix}_${randomBytes(8).toString("hex")}`;
const err = (status: number, message: string, extra: Json = {}): Reply => ({
  status,
  body: { error: { type: "invalid_request_error", message, ...extra } },
});

export type PayoutItem = { source: string; amount: number; fee?: number; type?: string; reportingCategory?: string };

export function createPayoutBook() {
  const payouts = new Map<string, Json>();
  const txns = new Map<string, Json[]>();
  return {
    payouts,
    txns,
    /** Create a paid payout of these items' net (amount − fee); answers the Payout object. */
    add(p: { items: PayoutItem[]; currency?: string; automatic?: boolean; arrivalDate?: number; id?: string }): Json {
      const currency = p.currency ?? "usd";
      const created = Math.floor(Date.now() / 1000);
      const list = p.items.map((it, i): Json => {
        const fee = it.fee ?? 0;
        return {
          id: rid("txn"),
          object: "balance_transaction",
          amount: it.amount,
          available_on: created,
          created: created - 100 + i,
          currency,
          description: null,
          exchange_rate: null,
          fee,
          fee_details: fee
            ? [{ amount: fee, application: null, currency, description: "Stripe processing fees", type: "stripe_fee" }]
            : [],
          net: it.amount - fee,
          reporting_category: it.reportingCategory ?? (it.type === "refund" ? "refund" : "charge"),
          source: it.source,
          status: "available",
          type: it.type ?? "charge",
          balance_type: "payments",
        };
      });
      const amount = list.reduce((a, t) => a + Number(t.net), 0);
      const payoutTxn: Json = {
        id: rid("txn"),
        object: "balance_transaction",
        amount: -amount,
        available_on: created,
        created,
        currency,
        description: "STRIPE PAYOUT",
        exchange_rate: null,
        fee: 0,
        fee_details: [],
        net: -amount,
        reporting_category: "payout",
        source: "",
        status: "available",
        type: "payout",
        balance_type: "payments",
      };
      const id = p.id ?? rid("po");
      payoutTxn.source = id;
      const payout: Json = {
        id,
        object: "payout",
        amount,
        application_fee: null,
        application_fee_amount: null,
        arrival_date: p.arrivalDate ?? created,
        automatic: p.automatic ?? true,
        balance_transaction: payoutTxn.id,
        created,
        currency,
        description: "STRIPE PAYOUT",
        destination: "ba_double",
        failure_balance_transaction: null,
        failure_code: null,
        failure_message: null,
        livemode: false,
        metadata: {},
        method: "standard",
        original_payout: null,
        reconciliation_status: "completed",
        reversed_by: null,
        source_type: "card",
        statement_descriptor: null,
        status: "paid",
        type: "bank_account",
        trace_id: { status: "supported", value: null },
        payout_method: null,
      };
      payouts.set(id, payout);
      txns.set(
        id,
        [payoutTxn, ...list].sort((a, b) => Number(b.created) - Number(a.created)),
      );
      return payout;
    },
  };
}

const LIST_PARAMS = new Set([
  "payout",
  "limit",
  "starting_after",
  "ending_before",
  "type",
  "source",
  "currency",
  "created",
]);

/** Answer a payouts / balance-transactions request, or null when the path is not one of them. */
export function servePayouts(book: ReturnType<typeof createPayoutBook>, method: string, url: URL): Reply | null {
  const one = /^\/v1\/payouts\/([^/]+)$/.exec(url.pathname);
  if (method === "GET" && one) {
    const p = book.payouts.get(one[1]!);
    return p
      ? { status: 200, body: p }
      : err(404, `No such payout: '${one[1]}'`, { code: "resource_missing", param: "id" });
  }
  if (method !== "GET" || url.pathname !== "/v1/balance_transactions") return null;
  for (const k of url.searchParams.keys()) {
    const base = k.replace(/\[.*$/, "");
    if (!LIST_PARAMS.has(base) && base !== "expand") return err(400, `Received unknown parameter: ${k}`, { param: k });
  }
  const limitText = url.searchParams.get("limit") ?? "10";
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    return err(400, "This value must be between 1 and 100 (it currently is " + limitText + ").", { param: "limit" });
  const payoutId = url.searchParams.get("payout");
  let data: Json[] = [];
  if (payoutId) {
    const p = book.payouts.get(payoutId);
    if (!p) return err(404, `No such payout: '${payoutId}'`, { code: "resource_missing", param: "payout" });
    if (p.automatic !== true)
      return err(400, "Balance transaction history can only be filtered on automatic transfers, not manual.", {
        param: "payout",
      });
    data = book.txns.get(payoutId) ?? [];
  } else data = [...book.txns.values()].flat();
  const after = url.searchParams.get("starting_after");
  if (after) {
    const i = data.findIndex((t) => t.id === after);
    if (i < 0) return err(400, `No such balance_transaction: '${after}'`, { param: "starting_after" });
    data = data.slice(i + 1);
  }
  return {
    status: 200,
    body: {
      object: "list",
      data: data.slice(0, limit),
      has_more: data.length > limit,
      url: "/v1/balance_transactions",
    },
  };
}
