/**
 * TEST DOUBLE — NOT QuickBooks. Accounts (the chart of accounts) and JournalEntry, following
 * Intuit's API reference (developer.intuit.com › QuickBooks Online › API reference › Account,
 * JournalEntry) and the field limits of its schema (Finance.xsd):
 *  - JournalEntry: "at least two parts — a Debit and a Credit — called distribution lines; each
 *    has an account from the Chart of Accounts; the total of the Debit column equals the total of
 *    the Credit column" (the entity's definition in the reference). Every Line needs DetailType
 *    `JournalEntryLineDetail` with PostingType Debit|Credit and an AccountRef (2020 when missing).
 *  - Amounts are positive with at most 2 decimals; QBO applies the sign from PostingType.
 *  - An AccountRef that does not exist is 2500 Invalid Reference Id; an inactive account is 610
 *    "Something you're trying to use has been made inactive".
 *  - A line on an Accounts Receivable / Accounts Payable account needs an Entity (customer or
 *    vendor) — 6000 "When you use Accounts Receivable, you must choose a customer in the Name field."
 *  - DocNumber ≤ 21 characters, PrivateNote ≤ 4000 (Finance.xsd) → 2050 string length fault.
 *  - Without multicurrency a transaction is in the company's home currency (CurrencyRef other than
 *    it → 6000).
 *  - `requestid` replays the first answer (handled by the caller, like payments).
 */
import { DoubleFault, type Realm } from "./store";
import { checkDate, checkLength } from "./rules";

export type DoubleAccount = {
  Id: string;
  Name: string;
  AccountType: string;
  AccountSubType: string;
  Classification: string;
  Active: boolean;
  currency: string;
  syncToken: number;
  updatedAt: number;
};
export type DoubleJournalEntry = {
  Id: string;
  DocNumber: string;
  TxnDate: string;
  PrivateNote?: string;
  currency: string;
  lines: Array<{ amountCents: number; posting: "Debit" | "Credit"; accountId: string; description?: string }>;
  requestId?: string;
  syncToken: number;
  createdAt: number;
  updatedAt: number;
};

type Ledger = {
  accounts: Map<string, DoubleAccount>;
  entries: Map<string, DoubleJournalEntry>;
  nextAccount: number;
  nextEntry: number;
};
const ledgers = new WeakMap<Realm, Ledger>();

const CHART: Array<[string, string, string, string, boolean?]> = [
  ["Checking", "Bank", "Checking", "Asset"],
  ["Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable", "Asset"],
  ["Collections clearing", "Other Current Asset", "OtherCurrentAssets", "Asset"],
  ["Undeposited Funds", "Other Current Asset", "UndepositedFunds", "Asset"],
  ["Collection agency fees", "Expense", "OtherMiscellaneousServiceCost", "Expense"],
  ["Old savings (closed)", "Bank", "Savings", "Asset", false],
];

/** A company's chart and journal (a default chart of accounts on first use, as a new QBO company has). */
export function ledgerOf(realm: Realm, now: number): Ledger {
  let l = ledgers.get(realm);
  if (!l) {
    l = { accounts: new Map(), entries: new Map(), nextAccount: 35, nextEntry: 1 };
    for (const [Name, AccountType, AccountSubType, Classification, active] of CHART) {
      const Id = String(l.nextAccount++);
      l.accounts.set(Id, {
        Id,
        Name,
        AccountType,
        AccountSubType,
        Classification,
        Active: active ?? true,
        currency: realm.currency,
        syncToken: 0,
        updatedAt: now,
      });
    }
    ledgers.set(realm, l);
  }
  return l;
}

const cents = (n: unknown) => (typeof n === "number" && Number.isFinite(n) ? Math.round(n * 100) : Number.NaN);
const required = (what: string) =>
  new DoubleFault(
    "2020",
    "Required param missing, need to supply the required value for the API",
    `Required parameter ${what} is missing in the request`,
  );
const business = (detail: string) =>
  new DoubleFault(
    "6000",
    "A business validation error has occurred while processing your request",
    `Business Validation Error: ${detail}`,
  );

/** Create a JournalEntry from a request body, validated as QBO does (see the module comment). */
export function createJournalEntry(
  realm: Realm,
  body: Record<string, unknown>,
  now: number,
  requestId?: string,
): DoubleJournalEntry {
  const l = ledgerOf(realm, now);
  const doc = typeof body.DocNumber === "string" ? body.DocNumber : "";
  checkLength("DocNumber", doc);
  const note = typeof body.PrivateNote === "string" ? body.PrivateNote : undefined;
  checkLength("PrivateNote", note);
  const currency = String((body.CurrencyRef as { value?: unknown } | undefined)?.value ?? realm.currency);
  if (currency !== realm.currency)
    throw business(
      `The currency ${currency} is not the home currency ${realm.currency}, and multicurrency is off for this company.`,
    );
  checkDate("TxnDate", body.TxnDate);
  const txnDate =
    typeof body.TxnDate === "string" ? body.TxnDate.slice(0, 10) : new Date(now).toISOString().slice(0, 10);
  const raw = Array.isArray(body.Line) ? (body.Line as Array<Record<string, unknown>>) : [];
  if (!raw.length) throw required("Line");
  const lines = raw.map((line) => {
    if (line.DetailType !== "JournalEntryLineDetail") throw required("JournalEntryLineDetail");
    const d = (line.JournalEntryLineDetail ?? {}) as Record<string, unknown>;
    const posting = d.PostingType;
    if (posting !== "Debit" && posting !== "Credit") throw required("PostingType");
    const accountId = String((d.AccountRef as { value?: unknown } | undefined)?.value ?? "");
    if (!accountId) throw required("AccountRef");
    const account = l.accounts.get(accountId);
    if (!account)
      throw new DoubleFault(
        "2500",
        "Invalid Reference Id",
        `Invalid Reference Id : Accounts element id ${accountId} not found`,
      );
    if (!account.Active)
      throw new DoubleFault(
        "610",
        "Object Not Found",
        "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.",
      );
    if ((account.AccountType === "Accounts Receivable" || account.AccountType === "Accounts Payable") && !d.Entity)
      throw business(
        account.AccountType === "Accounts Receivable"
          ? "When you use Accounts Receivable, you must choose a customer in the Name field."
          : "When you use Accounts Payable, you must choose a vendor in the Name field.",
      );
    const amountCents = cents(line.Amount);
    if (!(amountCents >= 0) || Math.abs(Number(line.Amount) * 100 - amountCents) > 1e-6)
      throw business(`Line amount ${String(line.Amount)} must be a positive amount with at most 2 decimals.`);
    return {
      amountCents,
      posting: posting as "Debit" | "Credit",
      accountId,
      description: typeof line.Description === "string" ? line.Description : undefined,
    };
  });
  const debit = lines.filter((x) => x.posting === "Debit").reduce((a, x) => a + x.amountCents, 0);
  const credit = lines.filter((x) => x.posting === "Credit").reduce((a, x) => a + x.amountCents, 0);
  if (!lines.some((x) => x.posting === "Debit") || !lines.some((x) => x.posting === "Credit"))
    throw business("A journal entry needs at least one debit line and one credit line.");
  if (debit !== credit) throw business(`Total debits (${debit / 100}) must equal total credits (${credit / 100}).`);
  const entry: DoubleJournalEntry = {
    Id: String(l.nextEntry++),
    DocNumber: doc,
    TxnDate: txnDate,
    PrivateNote: note,
    currency,
    lines,
    requestId,
    syncToken: 0,
    createdAt: now,
    updatedAt: now,
  };
  l.entries.set(entry.Id, entry);
  return entry;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function accountJson(a: DoubleAccount) {
  return {
    Id: a.Id,
    SyncToken: String(a.syncToken),
    Name: a.Name,
    FullyQualifiedName: a.Name,
    AccountType: a.AccountType,
    AccountSubType: a.AccountSubType,
    Classification: a.Classification,
    Active: a.Active,
    CurrencyRef: { value: a.currency },
    MetaData: { LastUpdatedTime: iso(a.updatedAt) },
  };
}

export function journalEntryJson(e: DoubleJournalEntry, accounts: Map<string, DoubleAccount>) {
  return {
    Id: e.Id,
    SyncToken: String(e.syncToken),
    DocNumber: e.DocNumber,
    TxnDate: e.TxnDate,
    ...(e.PrivateNote ? { PrivateNote: e.PrivateNote } : {}),
    CurrencyRef: { value: e.currency },
    Line: e.lines.map((x, i) => ({
      Id: String(i),
      Amount: x.amountCents / 100,
      ...(x.description ? { Description: x.description } : {}),
      DetailType: "JournalEntryLineDetail",
      JournalEntryLineDetail: {
        PostingType: x.posting,
        AccountRef: { value: x.accountId, name: accounts.get(x.accountId)?.Name },
      },
    })),
    MetaData: { CreateTime: iso(e.createdAt), LastUpdatedTime: iso(e.updatedAt) },
  };
}
