import type { accountingDocuments, documentLines, journalEntries, postings } from "@/db/schema";

/**
 * The one place journal entries, postings and accounting documents are built, whatever writes
 * them (postJournalEntry, the payment writer's batched statement, reversals). Drizzle insert
 * objects, so the column list is the schema's.
 */

export type PostingInput = {
  account: string;
  amount: bigint;
  currency: string;
  creditorId?: string | null;
  placementId?: string | null;
};

export type JournalInput = {
  id: string;
  kind: string;
  description: string;
  creditorId?: string | null;
  sourceRef?: string;
  occurredAt: Date;
  postings: PostingInput[];
};

/** A journal entry and its postings (legs default to the entry's creditor). Balance is checked by the caller and by the database. */
export function journalRows(j: JournalInput): {
  entry: typeof journalEntries.$inferInsert;
  postings: Array<typeof postings.$inferInsert>;
} {
  return {
    entry: {
      id: j.id,
      kind: j.kind,
      description: j.description,
      creditorId: j.creditorId ?? null,
      sourceRef: j.sourceRef ?? null,
      occurredAt: j.occurredAt,
    },
    postings: j.postings.map((p) => ({
      entryId: j.id,
      account: p.account,
      amount: p.amount,
      currency: p.currency,
      creditorId: p.creditorId ?? j.creditorId ?? null,
      placementId: p.placementId ?? null,
    })),
  };
}

type DocumentType = (typeof accountingDocuments.$inferInsert)["type"];

export type DocumentInput = {
  id: string;
  creditorId: string;
  placementId: string | null;
  type: DocumentType;
  number: string;
  original?: { type: DocumentType; number: string };
  amount: bigint;
  currency: string;
  valueDate: string;
  journalEntryId: string | null;
  lines?: Array<{
    allocateTo: "principal" | "fees" | "interest" | "overpayment";
    amount: bigint;
    invoiceNumber: string | null;
  }>;
};

/** An accounting document (seed 002) and its allocation lines. */
export function documentRows(d: DocumentInput): {
  document: typeof accountingDocuments.$inferInsert;
  lines: Array<typeof documentLines.$inferInsert>;
} {
  return {
    document: {
      id: d.id,
      creditorId: d.creditorId,
      placementId: d.placementId,
      type: d.type,
      number: d.number,
      originalType: d.original?.type ?? null,
      originalNumber: d.original?.number ?? null,
      amount: d.amount,
      currency: d.currency,
      valueDate: d.valueDate,
      journalEntryId: d.journalEntryId,
    },
    lines: (d.lines ?? []).map((l) => ({
      documentId: d.id,
      placementId: d.placementId,
      invoiceNumber: l.invoiceNumber,
      allocateTo: l.allocateTo,
      amount: l.amount,
      currency: d.currency,
    })),
  };
}
