/**
 * TEST DOUBLE — this is NOT Stripe and never talks to Stripe. A tiny local HTTP server (node:http)
 * for the few Stripe API calls Clearbook makes, close enough to Stripe's contract for tests:
 *
 * - `POST /v1/transfers` (form-encoded, as stripe-node sends it) honouring `Idempotency-Key` the
 *   way Stripe documents it: the first result of a key is replayed (`Idempotent-Replayed: true`),
 *   500s included; the same key with other parameters is a 400 `idempotency_error`; a request
 *   refused before it began executing saves nothing under its key.
 * - `GET /v1/transfers?transfer_group=…` (what the worker checks after an uncertain attempt).
 * - `GET /v1/payment_intents/:id` and `GET /v1/refunds?charge=…` from seeded objects (the parked
 *   event resolver).
 * - `POST /v1/refunds` (refunds of unmatched payments and customer credits), with the same
 *   idempotency rule: a key's first refund is replayed, another request under it is a 400.
 * - `GET /v1/payouts/:id` and `GET /v1/balance_transactions?payout=…` (payouts.ts beside this file):
 *   the payout reconciliation a `payout.paid` webhook starts, with Stripe's list rules.
 *
 * Fault injection: `failNext(n, "before")` answers 500 without executing (e.g. a load balancer
 * error); `failNext(n, "after")` creates the transfer and answers 500, saving that 500 under the
 * key as Stripe's idempotency layer would (the outcome is unknown to the caller).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createPayoutBook, servePayouts } from "./payouts";

type Json = Record<string, unknown>;
type Saved = { params: string; status: number; body: Json };
export type DoubleRequest = { method: string; path: string; idempotencyKey: string | null; replayed: boolean };

const rid = (prefix: string) => `${prefix}_${randomBytes(8).toString("hex")}`;
const stripeError = (type: string, message: string, extra: Json = {}) => ({ error: { type, message, ...extra } });

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** `metadata[disbursement_id]=x` → `{ metadata: { disbursement_id: "x" } }` (one level, all we send). */
function parseForm(body: string): Json {
  const out: Json = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const m = /^(\w+)\[(\w+)\]$/.exec(k);
    if (m) out[m[1]!] = { ...((out[m[1]!] as Json | undefined) ?? {}), [m[2]!]: v };
    else out[k] = v;
  }
  return out;
}

/** Start the double on a free local port. */
export async function startStripeDouble() {
  const transfers: Json[] = [];
  const objects = new Map<string, Json>();
  const keys = new Map<string, Saved>();
  const requests: DoubleRequest[] = [];
  const faults: Array<"before" | "after"> = [];
  const refusedDestinations = new Set<string>();
  const payouts = createPayoutBook();

  function createTransfer(p: Json): { status: number; body: Json } {
    const amount = Number(p.amount);
    if (!Number.isSafeInteger(amount) || amount <= 0)
      return {
        status: 400,
        body: stripeError("invalid_request_error", "Invalid positive integer", { param: "amount" }),
      };
    if (typeof p.currency !== "string" || !/^[a-z]{3}$/.test(p.currency))
      return { status: 400, body: stripeError("invalid_request_error", "Invalid currency", { param: "currency" }) };
    const destination = String(p.destination ?? "");
    if (!destination.startsWith("acct_") || refusedDestinations.has(destination)) {
      return {
        status: 400,
        body: stripeError("invalid_request_error", `No such destination: '${destination}'`, {
          param: "destination",
          code: "resource_missing",
        }),
      };
    }
    const transfer = {
      id: rid("tr"),
      object: "transfer",
      amount,
      amount_reversed: 0,
      currency: p.currency,
      destination,
      livemode: false,
      reversed: false,
      created: Math.floor(Date.now() / 1000),
      metadata: p.metadata ?? {},
      transfer_group: p.transfer_group ?? null,
      description: p.description ?? null,
    };
    transfers.push(transfer);
    return { status: 200, body: transfer };
  }

  async function route(
    req: IncomingMessage,
  ): Promise<{ status: number; body: Json; headers?: Record<string, string>; replayed?: boolean }> {
    const url = new URL(req.url ?? "/", "http://double");
    if (req.method === "POST" && url.pathname === "/v1/transfers") {
      const raw = await readBody(req);
      const params = JSON.stringify(Object.entries(parseForm(raw)).sort(([a], [b]) => a.localeCompare(b)));
      const key = req.headers["idempotency-key"];
      const idem = typeof key === "string" ? key : null;
      const saved = idem ? keys.get(idem) : undefined;
      if (saved) {
        if (saved.params !== params) {
          return {
            status: 400,
            body: stripeError(
              "idempotency_error",
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idem}' if you meant to execute a different request.`,
            ),
          };
        }
        return {
          status: saved.status,
          body: saved.body,
          headers: {
            "idempotent-replayed": "true",
            ...(saved.status >= 500 ? { "stripe-should-retry": "false" } : {}),
          },
          replayed: true,
        };
      }
      const fault = faults.shift();
      if (fault === "before")
        return {
          status: 500,
          body: stripeError("api_error", "An unknown error occurred (injected by the test double before execution)."),
        };
      const result = createTransfer(parseForm(raw));
      const answer =
        fault === "after"
          ? {
              status: 500,
              body: stripeError(
                "api_error",
                "An unknown error occurred (injected by the test double after the transfer was created).",
              ),
            }
          : result;
      if (idem) keys.set(idem, { params, ...answer });
      return { ...answer, headers: fault === "after" ? { "stripe-should-retry": "false" } : undefined };
    }
    if (req.method === "GET" && url.pathname === "/v1/transfers") {
      const group = url.searchParams.get("transfer_group");
      const data = transfers.filter((t) => !group || t.transfer_group === group).reverse();
      return { status: 200, body: { object: "list", data, has_more: false, url: "/v1/transfers" } };
    }
    const pi = /^\/v1\/payment_intents\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && pi) {
      const found = objects.get(pi[1]!);
      return found
        ? { status: 200, body: found }
        : {
            status: 404,
            body: stripeError("invalid_request_error", `No such payment_intent: '${pi[1]}'`, {
              code: "resource_missing",
            }),
          };
    }
    // Not Stripe: lets a test in another process (the e2e journey) arrange a paid payout.
    if (req.method === "POST" && url.pathname === "/__double/payouts")
      return { status: 200, body: payouts.add(JSON.parse(await readBody(req)) as Parameters<typeof payouts.add>[0]) };
    const payoutReply = servePayouts(payouts, req.method ?? "GET", url);
    if (payoutReply) return payoutReply;
    if (req.method === "POST" && url.pathname === "/v1/refunds") {
      const form = parseForm(await readBody(req));
      const params = JSON.stringify(Object.entries(form).sort(([a], [b]) => a.localeCompare(b)));
      const key = req.headers["idempotency-key"];
      const idem = typeof key === "string" ? key : null;
      const saved = idem ? keys.get(idem) : undefined;
      if (saved)
        return saved.params === params
          ? { status: saved.status, body: saved.body, headers: { "idempotent-replayed": "true" }, replayed: true }
          : { status: 400, body: stripeError("idempotency_error", `Key '${idem}' was used with other parameters.`) };
      const refund = {
        id: rid("re"),
        object: "refund",
        amount: Number(form.amount),
        currency: form.currency ?? "usd",
        payment_intent: form.payment_intent ?? null,
        charge: form.charge ?? null,
        reason: form.reason ?? null,
        metadata: form.metadata ?? {},
        status: "succeeded",
      };
      objects.set(refund.id, refund);
      if (idem) keys.set(idem, { params, status: 200, body: refund });
      return { status: 200, body: refund };
    }
    if (req.method === "GET" && url.pathname === "/v1/refunds") {
      const data = [...objects.values()].filter(
        (o) => o.object === "refund" && o.charge === url.searchParams.get("charge"),
      );
      return { status: 200, body: { object: "list", data, has_more: false, url: "/v1/refunds" } };
    }
    return {
      status: 404,
      body: stripeError(
        "invalid_request_error",
        `Unrecognized request URL (${req.method}: ${url.pathname}) in the test double`,
      ),
    };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    route(req).then(
      (r) => {
        const key = req.headers["idempotency-key"];
        requests.push({
          method: req.method ?? "GET",
          path: (req.url ?? "/").split("?")[0]!,
          idempotencyKey: typeof key === "string" ? key : null,
          replayed: Boolean(r.replayed),
        });
        res
          .writeHead(r.status, { "content-type": "application/json", "request-id": rid("req"), ...r.headers })
          .end(JSON.stringify(r.body));
      },
      (err: unknown) =>
        res
          .writeHead(500, { "content-type": "application/json" })
          .end(JSON.stringify(stripeError("api_error", String(err)))),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    /** Every refund the double created, oldest first. */
    refunds: () =>
      [...objects.values()].filter((o) => o.object === "refund" && o.status === "succeeded" && "reason" in o),
    /** Every transfer the double created, oldest first. */
    transfers: () => [...transfers],
    /** Every request answered, oldest first. */
    requests: () => [...requests],
    /** The next `count` transfer creations fail with a 500, before or after executing. */
    failNext: (count: number, stage: "before" | "after") => faults.push(...Array.from({ length: count }, () => stage)),
    /** Refuse transfers to this account (as Stripe does for an unknown or disconnected account). */
    refuseDestination: (account: string) => refusedDestinations.add(account),
    /** A payout and the balance transactions it settled (a charge per payment, the payout's own), as Stripe would list them. */
    payout: payouts.add,
    /** Make a payment intent or refund visible to the look-up endpoints. */
    seed: (object: { id: string; object: string } & Json) => objects.set(object.id, object),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type StripeDouble = Awaited<ReturnType<typeof startStripeDouble>>;
