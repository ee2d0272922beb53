/**
 * TEST DOUBLE — this is NOT QuickBooks. An in-memory imitation of the parts of QuickBooks Online
 * that Clearbook uses, following Intuit's documented contract, for tests, benchmarks and the demo.
 *
 * This file holds the companies (realms) and their customers, invoices and payments. Amounts are
 * kept as integer cents (the double models two-decimal currencies only).
 */
export type DoubleCustomer = {
  Id: string;
  DisplayName: string;
  syncToken: number;
  createdAt: number;
  updatedAt: number;
};
export type DoubleInvoice = {
  Id: string;
  DocNumber: string;
  customerId: string;
  currency: string;
  txnDate: string;
  dueDate: string;
  totalCents: number;
  balanceCents: number;
  syncToken: number;
  linked: Array<{ TxnId: string; TxnType: string }>;
  privateNote?: string;
  createdAt: number;
  updatedAt: number;
};
export type DoublePayment = {
  Id: string;
  customerId: string;
  currency: string;
  txnDate: string;
  totalCents: number;
  unappliedCents: number;
  paymentRefNum?: string;
  privateNote?: string;
  lines: Array<{ amountCents: number; invoiceId: string }>;
  /** How it got here: through the API (our writeback) or typed in by someone in QBO. */
  origin: "api" | "out_of_band";
  requestId?: string;
  voided?: boolean;
  syncToken: number;
  createdAt: number;
  updatedAt: number;
};
export type ChangeEvent = {
  seq: number;
  realmId: string;
  entity: "Invoice" | "Payment" | "Customer";
  id: string;
  operation: "Create" | "Update" | "Delete";
  at: number;
};
export type Realm = {
  realmId: string;
  companyName: string;
  /** The home currency (Preferences.CurrencyPrefs.HomeCurrency). */
  currency: string;
  /** Preferences.CurrencyPrefs.MultiCurrencyEnabled: without it every transaction is in the home currency. */
  multiCurrency: boolean;
  customers: Map<string, DoubleCustomer>;
  invoices: Map<string, DoubleInvoice>;
  payments: Map<string, DoublePayment>;
  nextId: number;
  /** requestid → the first answer, replayed verbatim. */
  replays: Map<string, { status: number; body: string }>;
};

export type SeedInvoice = {
  Id?: string;
  DocNumber?: string;
  customerId: string;
  totalCents: number;
  balanceCents?: number;
  dueDate?: string;
  txnDate?: string;
  privateNote?: string;
  /** Another currency than the home one needs a multicurrency company. */
  currency?: string;
};
export type SeedRealm = {
  realmId?: string;
  companyName: string;
  currency?: string;
  multiCurrency?: boolean;
  customers?: Array<{ Id?: string; DisplayName: string }>;
  invoices?: SeedInvoice[];
};

/** A QBO-style business fault raised by a store operation (mapped to a ValidationFault body). */
export class DoubleFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail: string,
    readonly status = 400,
    /** The field at fault (QBO's `element`). */
    readonly element?: string,
  ) {
    super(message);
  }
}

export class DoubleStore {
  readonly realms = new Map<string, Realm>();
  /** Changes not yet delivered as webhooks. */
  pendingChanges: ChangeEvent[] = [];
  private seq = 0;
  /** Realm ids look like QBO's (16 digits), beyond Number's safe range, hence bigint. */
  private realmSeq = 9_130_350_000_000_000n;

  constructor(readonly now: () => number = Date.now) {}

  realm(realmId: string): Realm {
    const r = this.realms.get(realmId);
    if (!r) throw new DoubleFault("610", "Object Not Found", `No company with realmId ${realmId} in the test double.`);
    return r;
  }

  private nextId(r: Realm): string {
    return String(r.nextId++);
  }

  private change(
    realmId: string,
    entity: ChangeEvent["entity"],
    id: string,
    operation: ChangeEvent["operation"],
  ): void {
    this.pendingChanges.push({ seq: ++this.seq, realmId, entity, id, operation, at: this.now() });
  }

  /** Create (or extend) a company with customers and invoices. */
  seedRealm(input: SeedRealm): Realm {
    const realmId = input.realmId ?? String(++this.realmSeq);
    let r = this.realms.get(realmId);
    if (!r) {
      r = {
        realmId,
        companyName: input.companyName,
        currency: input.currency ?? "USD",
        multiCurrency: input.multiCurrency ?? false,
        customers: new Map(),
        invoices: new Map(),
        payments: new Map(),
        nextId: 1,
        replays: new Map(),
      };
      this.realms.set(realmId, r);
    }
    for (const c of input.customers ?? []) this.addCustomer(realmId, c);
    if (input.invoices?.length) this.addInvoices(realmId, input.invoices);
    return r;
  }

  addCustomer(realmId: string, c: { Id?: string; DisplayName: string }): DoubleCustomer {
    const r = this.realm(realmId);
    const now = this.now();
    const customer = {
      Id: c.Id ?? this.nextId(r),
      DisplayName: c.DisplayName,
      syncToken: 0,
      createdAt: now,
      updatedAt: now,
    };
    r.customers.set(customer.Id, customer);
    bumpPast(r, customer.Id);
    return customer;
  }

  addInvoices(realmId: string, list: SeedInvoice[]): DoubleInvoice[] {
    const r = this.realm(realmId);
    const now = this.now();
    const today = new Date(now).toISOString().slice(0, 10);
    return list.map((s) => {
      if (!r.customers.has(s.customerId))
        throw new DoubleFault("2500", "Invalid Reference Id", `Customer ${s.customerId} does not exist.`);
      const currency = s.currency ?? r.currency;
      if (currency !== r.currency && !r.multiCurrency) throw notHomeCurrency(currency, r);
      const Id = s.Id ?? this.nextId(r);
      bumpPast(r, Id);
      const inv: DoubleInvoice = {
        Id,
        DocNumber: s.DocNumber ?? `INV-${Id}`,
        customerId: s.customerId,
        currency,
        txnDate: s.txnDate ?? today,
        dueDate: s.dueDate ?? today,
        totalCents: s.totalCents,
        balanceCents: s.balanceCents ?? s.totalCents,
        syncToken: 0,
        linked: [],
        privateNote: s.privateNote,
        createdAt: now,
        updatedAt: now,
      };
      r.invoices.set(Id, inv);
      this.change(realmId, "Invoice", Id, "Create");
      return inv;
    });
  }

  /** Someone edits the invoice total in QBO: the balance moves by the same delta. */
  editInvoiceTotal(realmId: string, invoiceId: string, totalCents: number): DoubleInvoice {
    const inv = this.invoice(realmId, invoiceId);
    const paid = inv.totalCents - inv.balanceCents;
    if (totalCents < paid)
      throw new DoubleFault(
        "6000",
        "A business validation error has occurred while processing your request",
        "The invoice total cannot be less than the amount already paid.",
      );
    inv.totalCents = totalCents;
    inv.balanceCents = totalCents - paid;
    this.touch(realmId, inv);
    return inv;
  }

  invoice(realmId: string, id: string): DoubleInvoice {
    const inv = this.realm(realmId).invoices.get(id);
    if (!inv)
      throw new DoubleFault(
        "610",
        "Object Not Found",
        `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees. (Invoice ${id})`,
      );
    return inv;
  }

  payment(realmId: string, id: string): DoublePayment {
    const p = this.realm(realmId).payments.get(id);
    if (!p) throw new DoubleFault("610", "Object Not Found", `Object Not Found : Payment ${id}`);
    return p;
  }

  private touch(realmId: string, inv: DoubleInvoice): void {
    inv.syncToken++;
    inv.updatedAt = this.now();
    this.change(realmId, "Invoice", inv.Id, "Update");
  }

  /** Apply a payment: validate like QBO (refs, same customer → else 620, amounts), then link and reduce balances. */
  applyPayment(
    realmId: string,
    input: {
      customerId: string;
      totalCents: number;
      lines: Array<{ amountCents: number; invoiceId: string }>;
      txnDate?: string;
      paymentRefNum?: string;
      privateNote?: string;
      /** CurrencyRef; the home currency when absent. */
      currency?: string;
      origin: DoublePayment["origin"];
      requestId?: string;
    },
  ): DoublePayment {
    const r = this.realm(realmId);
    // QBO keeps a transaction in the currency it was sent in, or refuses it; it never converts one silently.
    const currency = input.currency ?? r.currency;
    if (currency !== r.currency && !r.multiCurrency) throw notHomeCurrency(currency, r);
    if (!r.customers.has(input.customerId))
      throw new DoubleFault(
        "2500",
        "Invalid Reference Id",
        `Invalid Reference Id : Customer ${input.customerId} does not exist.`,
      );
    if (!(input.totalCents >= 0))
      throw new DoubleFault(
        "2020",
        "Required param missing, need to supply the required value for the API",
        "Required parameter TotalAmt is missing in the request",
      );
    let applied = 0;
    const invoices = input.lines.map((l) => {
      const inv = r.invoices.get(l.invoiceId);
      if (!inv)
        throw new DoubleFault(
          "2500",
          "Invalid Reference Id",
          `Invalid Reference Id : Invoice ${l.invoiceId} does not exist.`,
        );
      if (inv.currency !== currency)
        throw new DoubleFault(
          "6000",
          "A business validation error has occurred while processing your request",
          `Business Validation Error: A ${currency} payment cannot be applied to invoice ${inv.Id}, which is in ${inv.currency}.`,
        );
      if (inv.customerId !== input.customerId)
        throw new DoubleFault(
          "620",
          "Transaction Cannot Be Linked",
          `TxnID Cannot Be Linked: Invoice ${inv.Id} belongs to another customer.`,
        );
      if (!(l.amountCents > 0) || l.amountCents > inv.balanceCents)
        throw new DoubleFault(
          "6000",
          "A business validation error has occurred while processing your request",
          `Business Validation Error: The amount applied to invoice ${inv.Id} exceeds its open balance.`,
        );
      applied += l.amountCents;
      return inv;
    });
    if (applied > input.totalCents)
      throw new DoubleFault(
        "6000",
        "A business validation error has occurred while processing your request",
        "Business Validation Error: The payment's lines exceed its total amount.",
      );
    const now = this.now();
    const p: DoublePayment = {
      Id: this.nextId(r),
      customerId: input.customerId,
      currency,
      txnDate: input.txnDate ?? new Date(now).toISOString().slice(0, 10),
      totalCents: input.totalCents,
      unappliedCents: input.totalCents - applied,
      paymentRefNum: input.paymentRefNum,
      privateNote: input.privateNote,
      lines: input.lines,
      origin: input.origin,
      requestId: input.requestId,
      syncToken: 0,
      createdAt: now,
      updatedAt: now,
    };
    r.payments.set(p.Id, p);
    this.change(realmId, "Payment", p.Id, "Create");
    input.lines.forEach((l, i) => {
      const inv = invoices[i]!;
      inv.balanceCents -= l.amountCents;
      inv.linked.push({ TxnId: p.Id, TxnType: "Payment" });
      this.touch(realmId, inv);
    });
    return p;
  }

  /**
   * Sparse update of a payment's amount (one invoice line), as Clearbook does after a partial
   * reversal: SyncToken must match (else 5010), the invoice balance moves by the difference.
   */
  updatePaymentAmount(realmId: string, id: string, syncToken: string, amountCents: number): DoublePayment {
    const { p, inv, line } = this.editablePayment(realmId, id, syncToken);
    const delta = amountCents - line.amountCents;
    if (!(amountCents > 0) || delta > inv.balanceCents)
      throw new DoubleFault(
        "6000",
        "A business validation error has occurred while processing your request",
        `Business Validation Error: The amount applied to invoice ${inv.Id} exceeds its open balance.`,
      );
    line.amountCents = amountCents;
    p.totalCents = amountCents + p.unappliedCents;
    inv.balanceCents -= delta;
    this.touchPayment(realmId, p);
    this.touch(realmId, inv);
    return p;
  }

  /** Void a payment: QBO keeps it with zero amounts and "Voided" in the memo; the invoice owes it again. */
  voidPayment(realmId: string, id: string, syncToken: string): DoublePayment {
    const { p, inv, line } = this.editablePayment(realmId, id, syncToken);
    inv.balanceCents += line.amountCents;
    inv.linked = inv.linked.filter((l) => l.TxnId !== p.Id);
    p.lines = [];
    p.totalCents = 0;
    p.unappliedCents = 0;
    p.voided = true;
    p.privateNote = `Voided${p.privateNote ? ` ${p.privateNote}` : ""}`;
    this.touchPayment(realmId, p);
    this.touch(realmId, inv);
    return p;
  }

  private editablePayment(realmId: string, id: string, syncToken: string) {
    const p = this.payment(realmId, id);
    if (String(p.syncToken) !== syncToken)
      throw new DoubleFault(
        "5010",
        "Stale Object Error",
        `Stale Object Error : You and someone else were working on this at the same time. Payment ${id} has SyncToken ${p.syncToken}, not ${syncToken}.`,
      );
    if (p.voided)
      throw new DoubleFault(
        "6000",
        "A business validation error has occurred while processing your request",
        `Payment ${id} is voided and cannot be changed.`,
      );
    const line = p.lines[0];
    if (!line || p.lines.length !== 1)
      throw new DoubleFault(
        "6000",
        "A business validation error has occurred while processing your request",
        "The test double only edits payments applied to exactly one invoice.",
      );
    return { p, inv: this.invoice(realmId, line.invoiceId), line };
  }

  private touchPayment(realmId: string, p: DoublePayment): void {
    p.syncToken++;
    p.updatedAt = this.now();
    this.change(realmId, "Payment", p.Id, "Update");
  }

  /** A payment typed straight into QBO by the creditor, without our memo stamp. */
  recordOutOfBandPayment(
    realmId: string,
    input: { invoiceId: string; amountCents: number; privateNote?: string; paymentRefNum?: string },
  ): DoublePayment {
    const inv = this.invoice(realmId, input.invoiceId);
    return this.applyPayment(realmId, {
      customerId: inv.customerId,
      currency: inv.currency,
      totalCents: input.amountCents,
      lines: [{ amountCents: input.amountCents, invoiceId: inv.Id }],
      privateNote: input.privateNote,
      paymentRefNum: input.paymentRefNum,
      origin: "out_of_band",
    });
  }
}

function bumpPast(r: Realm, id: string): void {
  const n = Number(id);
  if (Number.isInteger(n) && n >= r.nextId) r.nextId = n + 1;
}

function notHomeCurrency(currency: string, r: Realm): DoubleFault {
  return new DoubleFault(
    "6000",
    "A business validation error has occurred while processing your request",
    `Business Validation Error: The currency ${currency} is not the home currency ${r.currency}, and multicurrency is off for this company.`,
  );
}
