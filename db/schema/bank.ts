import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, currency, id, minor, ts } from "./_columns";
import { journalEntries } from "./ledger";
import { paymentAttempts } from "./payments";
import type { CsvMapping } from "@/server/integrations/bank/types";

export type { CsvMapping };

/** One of the agency's bank accounts whose statements we import. */
export const bankAccounts = pgTable("bank_accounts", {
  id: id(),
  name: text().notNull(),
  /** IBAN or the account number as the bank's files name it (spaces removed, upper case). */
  identifier: text().notNull().unique(),
  currency: currency().notNull(),
  csvMapping: jsonb().$type<CsvMapping>(),
  createdAt: createdAt(),
  updatedAt: ts().notNull().defaultNow(),
});

export const bankFileFormat = pgEnum("bank_file_format", ["csv", "camt053", "mt940"]);

/** One imported file (append-only): what it held and how many of its lines were new. */
export const bankImports = pgTable(
  "bank_imports",
  {
    id: id(),
    fileName: text().notNull(),
    format: bankFileFormat().notNull(),
    sha256: text().notNull(),
    importedBy: text().notNull(),
    linesInFile: integer().notNull(),
    linesNew: integer().notNull(),
    statements: jsonb().$type<Array<Record<string, unknown>>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("bank_imports_by_time").on(t.createdAt)],
);

/**
 * One booked line of a bank statement, stored once however many files carry it: the key is the
 * account, a fingerprint of (booking date, amount, currency, reference) and the occurrence of that
 * fingerprint on its day (truly identical lines). Append-only at the database.
 */
export const bankLines = pgTable(
  "bank_lines",
  {
    id: id(),
    bankAccountId: uuid()
      .notNull()
      .references(() => bankAccounts.id),
    bookingDate: date({ mode: "string" }).notNull(),
    valueDate: date({ mode: "string" }),
    /** Signed: credit (money in) positive, debit negative. */
    amount: minor().notNull(),
    currency: currency().notNull(),
    reference: text().notNull(),
    description: text().notNull(),
    counterparty: text(),
    fingerprint: text().notNull(),
    occurrence: integer().notNull(),
    importId: uuid()
      .notNull()
      .references(() => bankImports.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("bank_lines_once").on(t.bankAccountId, t.fingerprint, t.occurrence),
    index("bank_lines_by_date").on(t.bankAccountId, t.bookingDate),
    index("bank_lines_by_amount").on(t.amount, t.bookingDate),
  ],
);

export const bankMatchSubject = pgEnum("bank_match_subject", ["payout", "disbursement"]);

/**
 * A bank line matched to what it proves: a Stripe payout (credit) or a disbursement (debit), with
 * the rule that found it and its evidence. Append-only; one match per line and per subject.
 */
export const bankMatches = pgTable(
  "bank_matches",
  {
    id: id(),
    bankLineId: uuid()
      .notNull()
      .references(() => bankLines.id),
    subjectType: bankMatchSubject().notNull(),
    subjectId: text().notNull(),
    rule: text().notNull(),
    evidence: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    matchedBy: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("bank_matches_line").on(t.bankLineId),
    uniqueIndex("bank_matches_subject").on(t.subjectType, t.subjectId),
  ],
);

/** A Stripe payout of the agency's balance to its bank account (from payout.paid / payout.failed). */
export const stripePayouts = pgTable(
  "stripe_payouts",
  {
    /** Stripe's `po_…`. */
    id: text().primaryKey(),
    amount: minor().notNull(),
    currency: currency().notNull(),
    status: text().notNull(),
    automatic: boolean().notNull(),
    arrivalDate: date({ mode: "string" }).notNull(),
    failureCode: text(),
    failureMessage: text(),
    journalEntryId: uuid().references(() => journalEntries.id),
    reversalEntryId: uuid().references(() => journalEntries.id),
    /** When its balance transactions were listed through the API (null: not yet). */
    itemsFetchedAt: ts(),
    createdAt: createdAt(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [index("stripe_payouts_by_arrival").on(t.arrivalDate)],
);

/** The balance transactions a payout settled; a charge's row names the payment it paid out. */
export const stripePayoutItems = pgTable(
  "stripe_payout_items",
  {
    balanceTransactionId: text().primaryKey(),
    payoutId: text()
      .notNull()
      .references(() => stripePayouts.id),
    type: text().notNull(),
    reportingCategory: text(),
    /** ch_…, re_…, du_…, po_… */
    source: text(),
    amount: bigint({ mode: "bigint" }).notNull(),
    fee: bigint({ mode: "bigint" }).notNull(),
    net: bigint({ mode: "bigint" }).notNull(),
    currency: currency().notNull(),
    paymentAttemptId: uuid().references(() => paymentAttempts.id),
  },
  (t) => [
    index("stripe_payout_items_by_payout").on(t.payoutId),
    index("stripe_payout_items_by_payment").on(t.paymentAttemptId),
  ],
);
