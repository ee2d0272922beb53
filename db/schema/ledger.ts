import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, currency, id, minor, ts } from "./_columns";

/**
 * A balanced double-entry journal entry. Postings sum to zero per currency — enforced by a
 * deferred constraint trigger — and neither table accepts UPDATE or DELETE.
 */
export const journalEntries = pgTable(
  "journal_entries",
  {
    id: id(),
    creditorId: uuid(),
    kind: text().notNull(),
    description: text().notNull(),
    /** The record this entry explains, e.g. remittance:<id>. */
    sourceRef: text(),
    occurredAt: ts().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("journal_entries_by_creditor").on(t.creditorId, t.occurredAt)],
);

/** One leg of an entry. Debit positive, credit negative, integer minor units. */
export const postings = pgTable(
  "postings",
  {
    id: id(),
    entryId: uuid()
      .notNull()
      .references(() => journalEntries.id),
    account: text().notNull(),
    creditorId: uuid(),
    placementId: uuid(),
    amount: minor().notNull(),
    currency: currency().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("postings_by_entry").on(t.entryId),
    index("postings_by_account").on(t.account, t.currency),
    index("postings_by_placement").on(t.placementId),
  ],
);
