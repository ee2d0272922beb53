/**
 * TEST DOUBLE — NOT QuickBooks. The `/v3/company/{realmId}/…` endpoints Clearbook uses:
 * POST payment (create with requestid replay; update/void by Id + SyncToken), GET invoice/{id}, GET payment/{id}, query, cdc.
 * Answers in QBO's documented shapes; business rules mirror QBO's (620 on customer mismatch…).
 */
import type { DoubleEndpoint } from "./faults";
import { parseQuery, runQuery } from "./query";
import { accountJson, createJournalEntry, journalEntryJson, ledgerOf } from "./ledger";
import { customerJson, invoiceJson, paymentJson, validationFault } from "./serialize";
import { DoubleFault, type DoubleStore } from "./store";
import { checkDate, checkLength } from "./rules";

export type Reply = { status: number; body: string; contentType?: string; headers?: Record<string, string> };
export type ApiRoute = { realmId: string; endpoint: DoubleEndpoint; id?: string };

/** Which endpoint a path is, or undefined if it is not under /v3/company. */
export function routeApi(method: string, pathname: string): ApiRoute | undefined {
  const m = /^\/v3\/company\/([^/]+)\/([a-z]+)(?:\/([^/]+))?\/?$/i.exec(pathname);
  if (!m) return undefined;
  const [, realmId = "", resource = "", id] = m;
  const r = resource.toLowerCase();
  const endpoint: DoubleEndpoint =
    r === "payment" && method === "POST" && !id
      ? "payment_create"
      : r === "payment" && method === "GET" && id
        ? "payment_get"
        : r === "invoice" && method === "GET" && id
          ? "invoice_get"
          : r === "journalentry" && method === "POST" && !id
            ? "journalentry_create"
            : r === "query"
              ? "query"
              : r === "cdc" && method === "GET"
                ? "cdc"
                : r === "companyinfo" && method === "GET"
                  ? "companyinfo"
                  : r === "preferences" && method === "GET"
                    ? "preferences"
                    : "other";
  return { realmId: decodeURIComponent(realmId), endpoint, id: id ? decodeURIComponent(id) : undefined };
}

const refValue = (ref: unknown) =>
  ref && typeof ref === "object" && typeof (ref as { value?: unknown }).value === "string"
    ? (ref as { value: string }).value
    : undefined;
const json = (status: number, body: unknown): Reply => ({ status, body: JSON.stringify(body) });
const cents = (n: unknown) => (typeof n === "number" && Number.isFinite(n) ? Math.round(n * 100) : Number.NaN);

function createPayment(
  store: DoubleStore,
  realmId: string,
  body: string,
  requestId: string | null,
  params: URLSearchParams,
): Reply & { replayed?: boolean } {
  const realm = store.realm(realmId);
  if (requestId !== null) {
    if (requestId.length === 0 || requestId.length > 50)
      throw new DoubleFault("2050", "Invalid requestid", "requestid must be 1–50 characters.");
    const seen = realm.replays.get(requestId);
    if (seen) return { ...seen, replayed: true };
  }
  let reply: Reply;
  try {
    const raw = JSON.parse(body) as Record<string, unknown>;
    const p = (raw.Payment ?? raw) as Record<string, unknown>;
    if (p.Id !== undefined) {
      // An update (QBO: POST with Id + SyncToken; `include=void` voids). Only what Clearbook sends.
      const id = String(p.Id);
      const token = String(p.SyncToken ?? "");
      const line = Array.isArray(p.Line) ? (p.Line as Array<Record<string, unknown>>)[0] : undefined;
      const updated =
        params.get("include") === "void"
          ? store.voidPayment(realmId, id, token)
          : store.updatePaymentAmount(realmId, id, token, cents(line?.Amount ?? p.TotalAmt));
      reply = json(200, { Payment: paymentJson(updated, realm.customers), time: new Date(store.now()).toISOString() });
    } else {
      checkLength("PaymentRefNum", p.PaymentRefNum);
      checkLength("PrivateNote", p.PrivateNote);
      checkDate("TxnDate", p.TxnDate);
      const lines = Array.isArray(p.Line) ? (p.Line as Array<Record<string, unknown>>) : [];
      const payment = store.applyPayment(realmId, {
        customerId: String((p.CustomerRef as { value?: unknown } | undefined)?.value ?? ""),
        totalCents: cents(p.TotalAmt),
        txnDate: typeof p.TxnDate === "string" ? p.TxnDate : undefined,
        paymentRefNum: typeof p.PaymentRefNum === "string" ? p.PaymentRefNum : undefined,
        privateNote: typeof p.PrivateNote === "string" ? p.PrivateNote : undefined,
        currency: refValue(p.CurrencyRef),
        origin: "api",
        requestId: requestId ?? undefined,
        lines: lines.map((l) => {
          const linked = Array.isArray(l.LinkedTxn)
            ? (l.LinkedTxn as Array<{ TxnId?: unknown; TxnType?: unknown }>)
            : [];
          const inv = linked.find((x) => x.TxnType === "Invoice");
          if (!inv)
            throw new DoubleFault(
              "2020",
              "Required param missing, need to supply the required value for the API",
              "Each Line needs a LinkedTxn of TxnType Invoice (in this test double).",
            );
          return { amountCents: cents(l.Amount), invoiceId: String(inv.TxnId) };
        }),
      });
      reply = json(200, { Payment: paymentJson(payment, realm.customers), time: new Date(store.now()).toISOString() });
    }
  } catch (err) {
    if (err instanceof SyntaxError)
      reply = {
        status: 400,
        body: validationFault(
          "2000",
          "Request has invalid or unsupported property",
          "The body is not JSON.",
          store.now(),
        ),
      };
    else if (err instanceof DoubleFault)
      reply = {
        status: err.status,
        body: validationFault(err.code, err.message, err.detail, store.now(), err.element),
      };
    else throw err;
  }
  // QBO replays the first answer for a requestid, whatever it was.
  if (requestId !== null) realm.replays.set(requestId, reply);
  return reply;
}

/** POST journalentry: validated as QBO does (ledger.ts); the first answer of a requestid is replayed. */
function createJournal(
  store: DoubleStore,
  realmId: string,
  body: string,
  requestId: string | null,
): Reply & { replayed?: boolean } {
  const realm = store.realm(realmId);
  if (requestId !== null) {
    if (requestId.length === 0 || requestId.length > 50)
      throw new DoubleFault("2050", "Invalid requestid", "requestid must be 1–50 characters.");
    const seen = realm.replays.get(requestId);
    if (seen) return { ...seen, replayed: true };
  }
  let reply: Reply;
  try {
    const raw = JSON.parse(body) as Record<string, unknown>;
    const entry = createJournalEntry(
      realm,
      (raw.JournalEntry ?? raw) as Record<string, unknown>,
      store.now(),
      requestId ?? undefined,
    );
    reply = json(200, {
      JournalEntry: journalEntryJson(entry, ledgerOf(realm, store.now()).accounts),
      time: new Date(store.now()).toISOString(),
    });
  } catch (err) {
    if (err instanceof SyntaxError)
      reply = {
        status: 400,
        body: validationFault(
          "2000",
          "Request has invalid or unsupported property",
          "The body is not JSON.",
          store.now(),
        ),
      };
    else if (err instanceof DoubleFault)
      reply = {
        status: err.status,
        body: validationFault(err.code, err.message, err.detail, store.now(), err.element),
      };
    else throw err;
  }
  if (requestId !== null) realm.replays.set(requestId, reply);
  return reply;
}

function query(store: DoubleStore, realmId: string, text: string): Reply {
  const realm = store.realm(realmId);
  const q = parseQuery(text);
  const ledger = ledgerOf(realm, store.now());
  const rows =
    q.entity === "Invoice"
      ? realm.invoices
      : q.entity === "Payment"
        ? realm.payments
        : q.entity === "Account"
          ? ledger.accounts
          : q.entity === "JournalEntry"
            ? ledger.entries
            : realm.customers;
  const { page, total } = runQuery(rows as Map<string, { Id: string; updatedAt: number }>, q);
  const time = new Date(store.now()).toISOString();
  if (q.count) return json(200, { QueryResponse: { totalCount: total }, time });
  if (page.length === 0) return json(200, { QueryResponse: {}, time });
  const render = (r: unknown) =>
    q.entity === "Invoice"
      ? invoiceJson(r as never, realm.customers)
      : q.entity === "Payment"
        ? paymentJson(r as never, realm.customers)
        : q.entity === "Account"
          ? accountJson(r as never)
          : q.entity === "JournalEntry"
            ? journalEntryJson(r as never, ledger.accounts)
            : customerJson(r as never);
  return json(200, {
    QueryResponse: { [q.entity]: page.map(render), startPosition: q.startPosition, maxResults: page.length },
    time,
  });
}

function cdc(store: DoubleStore, realmId: string, params: URLSearchParams): Reply {
  const realm = store.realm(realmId);
  const now = store.now();
  const since = Date.parse(params.get("changedSince") ?? "");
  if (Number.isNaN(since))
    throw new DoubleFault(
      "2020",
      "Required param missing, need to supply the required value for the API",
      "changedSince is required (ISO 8601).",
    );
  if (since < now - 30 * 86_400_000)
    throw new DoubleFault("4001", "Invalid query", "changedSince cannot be more than 30 days in the past.");
  const entities = (params.get("entities") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entities.length === 0)
    throw new DoubleFault(
      "2020",
      "Required param missing, need to supply the required value for the API",
      "entities is required.",
    );
  let budget = 1000;
  const blocks = entities.map((entity) => {
    const rows =
      entity === "Invoice"
        ? realm.invoices
        : entity === "Payment"
          ? realm.payments
          : entity === "Customer"
            ? realm.customers
            : undefined;
    if (!rows)
      throw new DoubleFault("4001", "Invalid query", `CDC for ${entity} is not supported by this test double.`);
    const changed = [...(rows as Map<string, { updatedAt: number }>).values()]
      .filter((r) => r.updatedAt >= since)
      .sort((a, b) => a.updatedAt - b.updatedAt)
      .slice(0, budget);
    budget -= changed.length;
    const render = (r: unknown) =>
      entity === "Invoice"
        ? invoiceJson(r as never, realm.customers)
        : entity === "Payment"
          ? paymentJson(r as never, realm.customers)
          : customerJson(r as never);
    return { [entity]: changed.map(render), startPosition: 1, maxResults: changed.length, totalCount: changed.length };
  });
  return json(200, { CDCResponse: [{ QueryResponse: blocks }], time: new Date(now).toISOString() });
}

/** Serve one authorised, admitted API request. Business faults come back as QBO fault bodies. */
export function serveApi(
  store: DoubleStore,
  route: ApiRoute,
  req: { params: URLSearchParams; body: string },
): Reply & { replayed?: boolean } {
  try {
    switch (route.endpoint) {
      case "payment_create":
        return createPayment(store, route.realmId, req.body, req.params.get("requestid"), req.params);
      case "journalentry_create":
        return createJournal(store, route.realmId, req.body, req.params.get("requestid"));
      case "invoice_get": {
        const realm = store.realm(route.realmId);
        return json(200, {
          Invoice: invoiceJson(store.invoice(route.realmId, route.id!), realm.customers),
          time: new Date(store.now()).toISOString(),
        });
      }
      case "payment_get": {
        const realm = store.realm(route.realmId);
        return json(200, {
          Payment: paymentJson(store.payment(route.realmId, route.id!), realm.customers),
          time: new Date(store.now()).toISOString(),
        });
      }
      case "query":
        return query(store, route.realmId, req.params.get("query") ?? req.body);
      case "cdc":
        return cdc(store, route.realmId, req.params);
      case "companyinfo": {
        const realm = store.realm(route.realmId);
        return json(200, {
          CompanyInfo: {
            Id: "1",
            CompanyName: realm.companyName,
            LegalName: realm.companyName,
            Country: "US",
            SyncToken: "0",
          },
          time: new Date(store.now()).toISOString(),
        });
      }
      case "preferences": {
        const realm = store.realm(route.realmId);
        return json(200, {
          Preferences: {
            Id: "1",
            SyncToken: "0",
            CurrencyPrefs: { MultiCurrencyEnabled: realm.multiCurrency, HomeCurrency: { value: realm.currency } },
          },
          time: new Date(store.now()).toISOString(),
        });
      }
      default:
        throw new DoubleFault(
          "4000",
          "Unsupported Operation",
          "This operation is not implemented by the QuickBooks test double.",
        );
    }
  } catch (err) {
    if (err instanceof DoubleFault)
      return { status: err.status, body: validationFault(err.code, err.message, err.detail, store.now(), err.element) };
    throw err;
  }
}
