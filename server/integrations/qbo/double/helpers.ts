/**
 * TEST DOUBLE — NOT QuickBooks. The double's state and the helpers tests (in process) and the
 * admin endpoints (over HTTP) use to arrange and inspect it.
 */
import { DoubleAuth } from "./oauth";
import { CounterBook, type DoubleLimits, FaultBook, type FaultRule, LimitBook, seededRandom } from "./faults";
import { accountJson, journalEntryJson, ledgerOf } from "./ledger";
import { customerJson, invoiceJson, paymentJson } from "./serialize";
import { DoubleStore, type SeedInvoice, type SeedRealm } from "./store";
import { type EmitOptions, emitWebhooks } from "./webhooks";

export type DoubleStateOptions = {
  clientId?: string;
  clientSecret?: string;
  verifierToken?: string;
  limits?: Partial<DoubleLimits>;
  /** Seed for probabilistic faults (default 42): the same seed, the same faults. */
  seed?: number;
  now?: () => number;
};

export type RequestLogEntry = {
  at: number;
  method: string;
  path: string;
  realmId?: string;
  endpoint: string;
  params: Record<string, string>;
  /** The query text of a query call, from the URL (GET) or the body (POST). */
  query?: string;
  contentType?: string;
  urlBytes: number;
  status: number;
};

/** Build the double's state and its helpers. */
export function createDoubleState(opts: DoubleStateOptions = {}) {
  const now = opts.now ?? Date.now;
  const store = new DoubleStore(now);
  const client = {
    clientId: opts.clientId ?? "double-client-id",
    clientSecret: opts.clientSecret ?? "double-client-secret",
  };
  const verifierToken = opts.verifierToken ?? "double-webhook-verifier-token";
  const auth = new DoubleAuth(
    client,
    now,
    (r) => store.realms.has(r),
    () => store.realms.keys().next().value,
  );
  const faults = new FaultBook(seededRandom(opts.seed ?? 42));
  const limits = new LimitBook(now);
  limits.limits = { ...limits.limits, ...opts.limits };
  const counterBook = new CounterBook();
  const requests: RequestLogEntry[] = [];

  const realmSummary = (realmId: string) => {
    const r = store.realm(realmId);
    return {
      realmId: r.realmId,
      companyName: r.companyName,
      customers: [...r.customers.values()].map(customerJson),
      invoiceCount: r.invoices.size,
      paymentCount: r.payments.size,
    };
  };

  return {
    store,
    auth,
    faults,
    limits,
    counterBook,
    requests,
    client,
    verifierToken,

    /** Create (or extend) a company; returns it with its customers. */
    seedRealm: (input: SeedRealm) => realmSummary(store.seedRealm(input).realmId),
    listRealms: () => [...store.realms.keys()].map(realmSummary),
    addCustomer: (realmId: string, c: { Id?: string; DisplayName: string }) =>
      customerJson(store.addCustomer(realmId, c)),
    addInvoices: (realmId: string, list: SeedInvoice[]) => store.addInvoices(realmId, list).map((i) => invoiceJson(i)),
    listInvoices: (realmId: string) => [...store.realm(realmId).invoices.values()].map((i) => invoiceJson(i)),
    getInvoice: (realmId: string, id: string) => invoiceJson(store.invoice(realmId, id)),
    /** Someone edits an invoice total in QBO (balance moves by the same delta, SyncToken bumps). */
    editInvoiceTotal: (realmId: string, invoiceId: string, totalCents: number) =>
      invoiceJson(store.editInvoiceTotal(realmId, invoiceId, totalCents)),
    /** A payment entered directly in QBO, without our memo stamp. */
    recordOutOfBandPayment: (
      realmId: string,
      input: { invoiceId: string; amountCents: number; privateNote?: string; paymentRefNum?: string },
    ) => paymentJson(store.recordOutOfBandPayment(realmId, input)),
    /** Every payment in a company, with how it arrived (`api` or `out_of_band`) and its requestid. */
    listPayments: (realmId: string) =>
      [...store.realm(realmId).payments.values()].map((p) => ({
        ...paymentJson(p),
        origin: p.origin,
        requestId: p.requestId,
      })),

    /** The company's chart of accounts (a default chart on first use). */
    listAccounts: (realmId: string) => [...ledgerOf(store.realm(realmId), now()).accounts.values()].map(accountJson),
    /** Make an account inactive, as a bookkeeper would. */
    deactivateAccount: (realmId: string, id: string) => {
      const a = ledgerOf(store.realm(realmId), now()).accounts.get(id);
      if (a) Object.assign(a, { Active: false, syncToken: a.syncToken + 1, updatedAt: now() });
    },
    /** Every journal entry in a company, with the requestid that created it. */
    listJournalEntries: (realmId: string) => {
      const l = ledgerOf(store.realm(realmId), now());
      return [...l.entries.values()].map((e) => ({ ...journalEntryJson(e, l.accounts), requestId: e.requestId }));
    },

    setFault: (rule: FaultRule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    setLimits: (l: Partial<DoubleLimits>) => (limits.limits = { ...limits.limits, ...l }),
    /** Calls per company and endpoint (plus throttled/faulted/replayed/unauthorized), and peak concurrency. */
    counters: () => ({ byRealm: counterBook.snapshot(), peakInFlight: Object.fromEntries(limits.peakInFlight) }),
    resetCounters: () => {
      counterBook.reset();
      limits.reset();
      requests.length = 0;
    },

    /** Mint tokens for a company without the consent dance. */
    issueTokens: (realmId: string) => (store.realm(realmId), auth.issue(realmId)),
    expireTokens: (which: "access" | "refresh" | "all", realmId?: string) => auth.expire(which, realmId),
    setAuthorizeRealm: (realmId: string | undefined) => void (auth.nextAuthorizeRealm = realmId),
    refreshCount: (realmId: string) => auth.refreshCount.get(realmId) ?? 0,
    emitWebhooks: (o: EmitOptions) => emitWebhooks(store, verifierToken, o),
  };
}

export type QboDoubleHelpers = ReturnType<typeof createDoubleState>;
