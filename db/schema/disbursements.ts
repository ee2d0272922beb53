import { index, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, currency, id, minor, ts } from "./_columns";
import { creditors } from "./creditors";
import { remittances } from "./payments";
import { journalEntries } from "./ledger";

export const disbursementStatus = pgEnum("disbursement_status", [
  "pending",
  "in_transit",
  "paid",
  "reversed",
  "failed",
]);

/** A transfer of net remit to a creditor (Stripe Connect transfer or a manual ACH reference). */
export const disbursements = pgTable(
  "disbursements",
  {
    id: id(),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    amount: minor().notNull(),
    currency: currency().notNull(),
    status: disbursementStatus().notNull().default("pending"),
    stripeTransferId: text(),
    achReference: text(),
    reversedAmount: minor()
      .notNull()
      .$default(() => 0n),
    journalEntryId: uuid().references(() => journalEntries.id),
    createdAt: createdAt(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("disbursements_transfer").on(t.stripeTransferId),
    index("disbursements_by_creditor").on(t.creditorId, t.createdAt),
  ],
);

/** Which remittance rows (including negative clawbacks) a disbursement pays out. */
export const disbursementItems = pgTable(
  "disbursement_items",
  {
    disbursementId: uuid()
      .notNull()
      .references(() => disbursements.id),
    remittanceId: uuid()
      .notNull()
      .references(() => remittances.id),
  },
  (t) => [
    primaryKey({ columns: [t.disbursementId, t.remittanceId] }),
    uniqueIndex("disbursement_items_once").on(t.remittanceId),
  ],
);
