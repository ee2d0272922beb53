/**
 * The slice of the QBO Accounting API v3 (minorversion 75) this product reads and writes.
 * Field names are QBO's own (PascalCase). Amounts are JSON decimals at this edge only:
 * convert with `amounts.ts` before they touch our money.
 */
export type QboRef = { value: string; name?: string };
export type QboLinkedTxn = { TxnId: string; TxnType: string; TxnLineId?: string };
export type QboMetaData = { CreateTime?: string; LastUpdatedTime?: string };

export type QboInvoice = {
  Id: string;
  SyncToken: string;
  DocNumber?: string;
  TxnDate?: string;
  DueDate?: string;
  TotalAmt: number;
  Balance: number;
  CustomerRef: QboRef;
  CurrencyRef?: QboRef;
  LinkedTxn?: QboLinkedTxn[];
  PrivateNote?: string;
  MetaData?: QboMetaData;
  /** Present on CDC results for deleted entities. */
  status?: string;
};

export type QboPaymentLine = { Amount: number; LinkedTxn: QboLinkedTxn[] };

export type QboPayment = {
  Id: string;
  SyncToken: string;
  TxnDate?: string;
  TotalAmt: number;
  UnappliedAmt?: number;
  CustomerRef: QboRef;
  CurrencyRef?: QboRef;
  PaymentRefNum?: string;
  PrivateNote?: string;
  Line?: QboPaymentLine[];
  MetaData?: QboMetaData;
  status?: string;
};

/** The company's currency settings (Preferences.CurrencyPrefs, developer.intuit.com › API reference › Preferences). */
export type QboCurrencyPrefs = { MultiCurrencyEnabled?: boolean; HomeCurrency?: QboRef };

/** What we send to create a Payment applied to one or more invoices. */
export type QboPaymentCreate = {
  CustomerRef: QboRef;
  TotalAmt: number;
  TxnDate?: string;
  PaymentRefNum?: string;
  PrivateNote?: string;
  CurrencyRef?: QboRef;
  Line: QboPaymentLine[];
};

/** A Chart-of-Accounts entry (developer.intuit.com … /all-entities/account). */
export type QboAccount = {
  Id: string;
  SyncToken: string;
  Name: string;
  FullyQualifiedName?: string;
  AccountType: string;
  AccountSubType?: string;
  Classification?: string;
  Active: boolean;
  CurrencyRef?: QboRef;
  AcctNum?: string;
};

/** One line of a JournalEntry: a positive Amount, Debit or Credit, on one account. */
export type QboJournalLine = {
  Amount: number;
  Description?: string;
  DetailType: "JournalEntryLineDetail";
  JournalEntryLineDetail: { PostingType: "Debit" | "Credit"; AccountRef: QboRef };
};

export type QboJournalEntryCreate = {
  TxnDate: string;
  DocNumber: string;
  PrivateNote: string;
  CurrencyRef?: QboRef;
  Line: QboJournalLine[];
};

export type QboJournalEntry = QboJournalEntryCreate & { Id: string; SyncToken: string; MetaData?: QboMetaData };

export type QboEntityName = "Invoice" | "Payment" | "Customer" | "Account" | "JournalEntry";
export type QboEntityMap = {
  Invoice: QboInvoice;
  Payment: QboPayment;
  Customer: { Id: string; DisplayName?: string; SyncToken: string };
  Account: QboAccount;
  JournalEntry: QboJournalEntry;
};

export type QboQueryResponse<E extends QboEntityName> = {
  QueryResponse: { startPosition?: number; maxResults?: number; totalCount?: number } & Partial<
    Record<E, QboEntityMap[E][]>
  >;
  time?: string;
};

/** CDC answer: one QueryResponse per requested entity. */
export type QboCdcResponse = {
  CDCResponse: Array<{
    QueryResponse: Array<
      Partial<Record<QboEntityName, unknown[]>> & { startPosition?: number; maxResults?: number; totalCount?: number }
    >;
  }>;
  time: string;
};

export type QboCdcResult = {
  /** Server time of the answer: store it as the next `changedSince`. */
  time: string;
  invoices: QboInvoice[];
  payments: QboPayment[];
  customers: QboEntityMap["Customer"][];
};

/** Supplies bearer tokens; `refresh(stale)` is called at most once per request after a 401. */
export type QboTokenProvider = {
  getAccessToken(): Promise<string>;
  /** Return a token newer than `staleAccessToken` (refreshing only if nobody already did). */
  refresh(staleAccessToken: string): Promise<string>;
};

/** The memo stamp that marks a QBO payment as ours. */
export const memoStamp = (placementId: string) => `[ai-collect:placement=${placementId}]`;

/** The placement id inside a memo stamp, if the note carries one. */
export function placementIdFromMemo(note: string | undefined | null): string | undefined {
  const m = note ? /\[ai-collect:placement=([0-9a-fA-F-]{36})\]/.exec(note) : null;
  return m?.[1]?.toLowerCase();
}
