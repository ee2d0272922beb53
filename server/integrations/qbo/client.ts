import { QboError } from "./errors";
import { type QboTransportOptions, createQboTransport } from "./transport";
import type {
  QboCdcResponse,
  QboCdcResult,
  QboCurrencyPrefs,
  QboEntityMap,
  QboEntityName,
  QboInvoice,
  QboJournalEntry,
  QboJournalEntryCreate,
  QboPayment,
  QboPaymentCreate,
  QboPaymentLine,
  QboQueryResponse,
  QboRef,
} from "./types";

/** QBO refuses MAXRESULTS above 1000. */
export const QBO_MAX_RESULTS = 1000;
/** QBO's documented ceiling for a requestid. */
export const QBO_REQUEST_ID_MAX = 50;

export type QboClientOptions = QboTransportOptions;
type CallOptions = { signal?: AbortSignal };

const SAFE_ID = /^[0-9A-Za-z_.:-]+$/;

/** A literal for a QBO query: QBO has no bind parameters, so ids are checked, not escaped. */
function literal(id: string): string {
  if (!SAFE_ID.test(id))
    throw new QboError("validation", `Refusing to query QBO with the id ${JSON.stringify(id)}.`, 0, "local");
  return `'${id}'`;
}

function assertRequestId(requestId: string): void {
  if (!requestId || requestId.length > QBO_REQUEST_ID_MAX) {
    throw new QboError(
      "validation",
      `A QBO requestid must be 1–${QBO_REQUEST_ID_MAX} characters; got ${requestId.length}.`,
      0,
      "local",
    );
  }
}

/**
 * A typed QuickBooks Online client for one company (realm), on plain fetch. Every call carries
 * minorversion=75; every create carries the caller's requestid (derived from our own ids).
 */
export function createQboClient(opts: QboClientOptions) {
  const t = createQboTransport(opts);

  async function queryPage<E extends QboEntityName>(
    entity: E,
    where: string | undefined,
    start: number,
    max: number,
    o?: CallOptions,
  ) {
    const q = `select * from ${entity}${where ? ` where ${where}` : ""} STARTPOSITION ${start} MAXRESULTS ${max}`;
    // POSTed as text, as Intuit's SDKs do (Java/.NET DataService: POST …/query, Content-Type
    // application/text): 1,000 quoted ids are 12–14 KB, more than HTTP front ends take in a URL.
    const res = await t.request<QboQueryResponse<E>>({
      method: "POST",
      path: "query",
      text: q,
      signal: o?.signal,
    });
    return (res.QueryResponse?.[entity] ?? []) as QboEntityMap[E][];
  }

  /**
   * Every row of `entity` matching `where` (QBO grammar, no OR/JOIN), paged by STARTPOSITION.
   * `knownMax` — the most rows the filter can match — saves the empty trailing page.
   */
  async function query<E extends QboEntityName>(entity: E, where?: string, o?: CallOptions & { knownMax?: number }) {
    const all: QboEntityMap[E][] = [];
    for (let start = 1; ; start += QBO_MAX_RESULTS) {
      const page = await queryPage(entity, where, start, QBO_MAX_RESULTS, o);
      all.push(...page);
      if (page.length < QBO_MAX_RESULTS) return all;
      if (o?.knownMax !== undefined && all.length >= o.knownMax) return all;
    }
  }

  return {
    realmId: t.realmId,

    /** POST a Payment. Same requestid → QBO replays the first answer; no second payment. */
    async createPayment(payment: QboPaymentCreate, o: CallOptions & { requestId: string }): Promise<QboPayment> {
      assertRequestId(o.requestId);
      const res = await t.request<{ Payment: QboPayment }>({
        method: "POST",
        path: "payment",
        body: payment,
        requestId: o.requestId,
        signal: o.signal,
      });
      return res.Payment;
    },

    /**
     * Change the amount of a Payment applied to one invoice (sparse update; lines are replaced).
     * Needs the current SyncToken: a stale one is a `stale` QboError — re-read and try again.
     */
    async updatePayment(
      p: { Id: string; SyncToken: string; CustomerRef: QboRef; TotalAmt: number; Line: QboPaymentLine[] },
      o: CallOptions & { requestId: string },
    ): Promise<QboPayment> {
      assertRequestId(o.requestId);
      const res = await t.request<{ Payment: QboPayment }>({
        method: "POST",
        path: "payment",
        body: { ...p, sparse: true },
        requestId: o.requestId,
        signal: o.signal,
      });
      return res.Payment;
    },

    /** Void a Payment: QBO keeps it with zero amounts and "Voided" in its memo, and the invoice owes the money again. */
    async voidPayment(
      p: { Id: string; SyncToken: string },
      o: CallOptions & { requestId: string },
    ): Promise<QboPayment> {
      assertRequestId(o.requestId);
      const res = await t.request<{ Payment: QboPayment }>({
        method: "POST",
        path: "payment",
        params: { operation: "update", include: "void" },
        body: { ...p, sparse: true },
        requestId: o.requestId,
        signal: o.signal,
      });
      return res.Payment;
    },

    /** POST a JournalEntry. Same requestid → QBO replays the first answer; no second entry. */
    async createJournalEntry(
      entry: QboJournalEntryCreate,
      o: CallOptions & { requestId: string },
    ): Promise<QboJournalEntry> {
      assertRequestId(o.requestId);
      const res = await t.request<{ JournalEntry: QboJournalEntry }>({
        method: "POST",
        path: "journalentry",
        body: entry,
        requestId: o.requestId,
        signal: o.signal,
      });
      return res.JournalEntry;
    },

    /** Journal entries by DocNumber: the read-back after an answer that never came. */
    async findJournalEntriesByDocNumber(docNumber: string, o?: CallOptions): Promise<QboJournalEntry[]> {
      return query("JournalEntry", `DocNumber = ${literal(docNumber)}`, o);
    },

    /** The company's chart of accounts (active and inactive). */
    async listAccounts(o?: CallOptions) {
      return query("Account", undefined, o);
    },

    /** GET one invoice; a missing one is a `not_found` QboError. */
    async getInvoice(id: string, o?: CallOptions): Promise<QboInvoice> {
      const res = await t.request<{ Invoice: QboInvoice }>({
        method: "GET",
        path: `invoice/${encodeURIComponent(id)}`,
        signal: o?.signal,
      });
      return res.Invoice;
    },

    /** GET one payment. */
    async getPayment(id: string, o?: CallOptions): Promise<QboPayment> {
      const res = await t.request<{ Payment: QboPayment }>({
        method: "GET",
        path: `payment/${encodeURIComponent(id)}`,
        signal: o?.signal,
      });
      return res.Payment;
    },

    /** Whether multicurrency is on and the home currency (GET preferences). */
    async getCurrencyPrefs(o?: CallOptions): Promise<QboCurrencyPrefs> {
      const res = await t.request<{ Preferences?: { CurrencyPrefs?: QboCurrencyPrefs } }>({
        method: "GET",
        path: "preferences",
        signal: o?.signal,
      });
      return res.Preferences?.CurrencyPrefs ?? {};
    },

    /** The company's name and country, for the settings page. */
    async getCompanyInfo(o?: CallOptions): Promise<{ CompanyName?: string; LegalName?: string; Country?: string }> {
      const res = await t.request<{ CompanyInfo: { CompanyName?: string; LegalName?: string; Country?: string } }>({
        method: "GET",
        path: `companyinfo/${encodeURIComponent(t.realmId)}`,
        signal: o?.signal,
      });
      return res.CompanyInfo;
    },

    query,

    /**
     * Live invoices for many ids: `Id in (…)` with at most 1000 ids per query, so the call count
     * is ⌈unique ids ÷ 1000⌉. Ids QBO does not know are simply absent from the result.
     */
    async queryInvoicesByIds(ids: readonly string[], o?: CallOptions): Promise<QboInvoice[]> {
      const unique = [...new Set(ids)];
      const out: QboInvoice[] = [];
      for (let i = 0; i < unique.length; i += QBO_MAX_RESULTS) {
        const chunk = unique.slice(i, i + QBO_MAX_RESULTS);
        const where = `Id in (${chunk.map(literal).join(",")})`;
        out.push(...(await query("Invoice", where, { ...o, knownMax: chunk.length })));
      }
      return out;
    },

    /** Invoices by the creditor's invoice number (DocNumber), for linking a placement at intake. */
    async findInvoicesByDocNumber(docNumber: string, o?: CallOptions): Promise<QboInvoice[]> {
      const escaped = docNumber.replace(/\\/g, "\\\\").replace(/'/g, "\\'");
      return query("Invoice", `DocNumber = '${escaped}'`, o);
    },

    /** Change data capture since `changedSince` (QBO looks back at most 30 days, ≤ 1000 objects). */
    async cdc(entities: readonly QboEntityName[], changedSince: Date, o?: CallOptions): Promise<QboCdcResult> {
      const res = await t.request<QboCdcResponse>({
        method: "GET",
        path: "cdc",
        params: { entities: entities.join(","), changedSince: changedSince.toISOString() },
        signal: o?.signal,
      });
      const result: QboCdcResult = { time: res.time, invoices: [], payments: [], customers: [] };
      for (const block of res.CDCResponse ?? []) {
        for (const qr of block.QueryResponse ?? []) {
          if (qr.Invoice) result.invoices.push(...(qr.Invoice as QboInvoice[]));
          if (qr.Payment) result.payments.push(...(qr.Payment as QboPayment[]));
          if (qr.Customer) result.customers.push(...(qr.Customer as QboCdcResult["customers"]));
        }
      }
      return result;
    },
  };
}

export type QboClient = ReturnType<typeof createQboClient>;
