import { randomUUID } from "node:crypto";
import type { IsolationFixture } from "@/server/testing/isolation-fixture";

/** A request to a /v1 route, before the key is added: path parameters, query string and JSON body. */
export type RestCall = { params?: Record<string, string>; query?: Record<string, string>; body?: unknown };

export type RestIsolationCase = {
  /** Served without a key (the OpenAPI document). */
  isPublic?: boolean;
  /** Names creditor B's record; with A's key it must answer 404. */
  foreign?: (fx: IsolationFixture) => RestCall;
  /** A legitimate call with A's key: 2xx, nothing of B. */
  own?: (fx: IsolationFixture) => RestCall;
  showsOwnRows?: boolean;
  /** Calls with A's key naming B's records in filters: 2xx, nothing of B beyond what was sent. */
  probes?: Array<(fx: IsolationFixture) => RestCall>;
};

const placementBody = (invoiceNumber = `REST-${randomUUID().slice(0, 12)}`) => ({
  invoice_number: invoiceNumber,
  invoice_amount: 123_456,
  currency: "USD",
  due_date: "2026-04-30",
  debtor_name: "Rest Debtor",
});

/**
 * One entry per route and method under app/api/v1, keyed like "GET /v1/placements/[id]". The
 * REST isolation suite walks the route files and fails for any handler without an entry here.
 */
export const restIsolationCases: Record<string, RestIsolationCase> = {
  "GET /v1/openapi.json": { isPublic: true },
  "GET /v1/placements": {
    own: () => ({}),
    showsOwnRows: true,
    probes: [(fx) => ({ query: { invoice_number: fx.b.invoiceNumber } })],
  },
  "POST /v1/placements": {
    own: () => ({ body: placementBody() }),
    probes: [(fx) => ({ body: placementBody(fx.b.sharedInvoiceNumber) })],
  },
  "POST /v1/placements/bulk": { own: () => ({ body: { placements: [placementBody(), placementBody()] } }) },
  "GET /v1/placements/[id]": {
    foreign: (fx) => ({ params: { id: fx.b.placementId } }),
    own: (fx) => ({ params: { id: fx.a.placementId } }),
    showsOwnRows: true,
  },
  "GET /v1/remittances": {
    own: () => ({}),
    showsOwnRows: true,
    probes: [(fx) => ({ query: { placement_id: fx.b.placementId } })],
  },
  "POST /v1/exports": {
    foreign: (fx) => ({ body: { type: "remittances", filters: { placement_id: fx.b.placementId } } }),
    own: () => ({ body: { type: "remittances", format: "csv", filters: {} } }),
  },
  "GET /v1/exports": { own: () => ({}), showsOwnRows: true },
  "GET /v1/exports/[id]": {
    foreign: (fx) => ({ params: { id: fx.b.exportId } }),
    own: (fx) => ({ params: { id: fx.a.exportId } }),
    showsOwnRows: true,
  },
  "GET /v1/remittances/[id]": {
    foreign: (fx) => ({ params: { id: fx.b.remittanceId } }),
    own: (fx) => ({ params: { id: fx.a.remittanceId } }),
    showsOwnRows: true,
  },
  "GET /v1/statements": {
    own: () => ({}),
    showsOwnRows: true,
    probes: [(fx) => ({ query: { period: fx.b.statementPeriod } })],
  },
  "GET /v1/statements/[id]": {
    foreign: (fx) => ({ params: { id: fx.b.statementId } }),
    own: (fx) => ({ params: { id: fx.a.statementId } }),
    showsOwnRows: true,
  },
};

export type OtherRouteCase = {
  /** What authorizes a call, since no API key does: a session, a signature, the framework's own check. */
  authorizedBy: string;
  /**
   * Routes authorized by a signature in the URL: a call with that signature tampered (route params)
   * must answer 403, whatever it names.
   */
  tampered?: () => Record<string, string>;
};

/**
 * One entry per route under app/api outside /v1, keyed by its path. The REST isolation suite walks
 * the route files and fails for any route without an entry here, so a new route says who may call it.
 */
export const otherRouteCases: Record<string, OtherRouteCase> = {
  "/api/auth/[...nextauth]": {
    authorizedBy: "Auth.js itself: the sign-in and sign-out endpoints (throttled, audited)",
  },
  "/api/trpc/[trpc]": { authorizedBy: "each procedure's audience: server/trpc/isolation-cases.ts" },
  "/api/inngest": { authorizedBy: "Inngest's request signature (INNGEST_SIGNING_KEY), checked by serve()" },
  "/api/webhooks/stripe": { authorizedBy: "the Stripe-Signature header (STRIPE_WEBHOOK_SECRET)" },
  "/api/webhooks/qbo": { authorizedBy: "the intuit-signature header (QBO_WEBHOOK_VERIFIER_TOKEN)" },
  "/api/qbo/oauth/start": { authorizedBy: "the session of a creditor admin" },
  "/api/qbo/oauth/callback": { authorizedBy: "the session of a creditor admin and the signed, single-use OAuth state" },
  "/api/files/[token]": {
    authorizedBy:
      "the link's HMAC signature and expiry (mintDownloadLink, called only after the minting service checked the session or API key and the creditor)",
    tampered: () => ({ token: `${randomUUID()}.${Math.floor(Date.now() / 1000) + 600}.eC5jc3Y.${"A".repeat(43)}` }),
  },
};
