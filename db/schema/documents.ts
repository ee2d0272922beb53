import { date, index, pgEnum, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, currency, id, minor } from "./_columns";
import { creditors } from "./creditors";
import { placements } from "./placements";
import { journalEntries } from "./ledger";

export const documentType = pgEnum("accounting_document_type", [
  "AGENCY_PAYMENT",
  "DIRECT_PAYMENT",
  "CREDIT_WAIVER",
  "DEBIT",
  "WRITE_OFF",
  "CANCELLATION",
  "REALLOCATION",
]);
export const allocateTo = pgEnum("allocate_to", ["principal", "fees", "interest", "overpayment"]);

/** Every money event on a claim as a typed document (seed 002). Append-only. */
export const accountingDocuments = pgTable(
  "accounting_documents",
  {
    id: id(),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    placementId: uuid().references(() => placements.id),
    type: documentType().notNull(),
    number: text().notNull(),
    originalType: documentType(),
    originalNumber: text(),
    amount: minor().notNull(),
    currency: currency().notNull(),
    valueDate: date({ mode: "string" }).notNull(),
    journalEntryId: uuid().references(() => journalEntries.id),
    createdAt: createdAt(),
  },
  (t) => [
    unique("accounting_documents_number").on(t.creditorId, t.number),
    index("accounting_documents_by_placement").on(t.placementId),
  ],
);

export const documentLines = pgTable(
  "accounting_document_lines",
  {
    id: id(),
    documentId: uuid()
      .notNull()
      .references(() => accountingDocuments.id),
    placementId: uuid().references(() => placements.id),
    invoiceNumber: text(),
    allocateTo: allocateTo().notNull(),
    amount: minor().notNull(),
    currency: currency().notNull(),
  },
  (t) => [index("accounting_document_lines_by_doc").on(t.documentId)],
);
