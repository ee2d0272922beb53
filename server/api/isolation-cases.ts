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
