import {
  boolean,
  char,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, currency, id, minor, ts } from "./_columns";
import { creditors } from "./creditors";
import { files } from "./files";
import { journalEntries } from "./ledger";

/**
 * An issued monthly statement of one creditor: one row per version, never changed once written
 * (the database refuses UPDATE and DELETE). `summary` holds the per-currency figures and
 * placements activity (amounts as strings of minor units), `changes` what differs from the
 * previous version. The PDF and CSV are stored files whose sha256 is kept here too.
 */
export const statements = pgTable(
  "statements",
  {
    id: id(),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    /** The calendar month covered, YYYY-MM, in `timeZone`. */
    period: text().notNull(),
    version: integer().notNull(),
    /** CB-<creditor code>-YYYY-MM, the same for every version. */
    number: text().notNull(),
    timeZone: text().notNull(),
    periodStart: ts().notNull(),
    periodEnd: ts().notNull(),
    issuedAt: ts().notNull(),
    /** Who issued it, `type:id` (a person, or the monthly job). */
    issuedBy: text().notNull(),
    /** Why this version exists; required from version 2 on. */
    reason: text(),
    previousStatementId: uuid(),
    creditorName: text().notNull(),
    creditorSlug: text().notNull(),
    summary: jsonb().$type<Record<string, unknown>>().notNull(),
    changes: jsonb().$type<Record<string, unknown>>(),
    lineCount: integer().notNull(),
    pageCount: integer().notNull(),
    pdfFileId: uuid().references(() => files.id),
    csvFileId: uuid().references(() => files.id),
    pdfSha256: char({ length: 64 }).notNull(),
    csvSha256: char({ length: 64 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("statements_version").on(t.creditorId, t.period, t.version),
    check("statements_period", sql`${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check(
      "statements_reason",
      sql`(${t.version} = 1 and ${t.reason} is null) or (${t.version} > 1 and length(btrim(${t.reason})) >= 3)`,
    ),
    index("statements_by_creditor").on(t.creditorId, t.period, t.version),
    index("statements_by_period").on(t.period, t.creditorId),
  ],
);

/** The lines of an issued statement version, in the order of its PDF and CSV. Append-only. */
export const statementLines = pgTable(
  "statement_lines",
  {
    statementId: uuid()
      .notNull()
      .references(() => statements.id),
    seq: integer().notNull(),
    currency: currency().notNull(),
    kind: text().notNull(),
    label: text().notNull(),
    bookedAt: ts().notNull(),
    occurredAt: ts().notNull(),
    /** Set on a prior-period adjustment: the month the event belongs to. */
    originalPeriod: text(),
    invoiceNumber: text(),
    debtorName: text(),
    placementId: uuid(),
    remittanceId: uuid(),
    parentRemittanceId: uuid(),
    reference: text(),
    recovered: minor().notNull(),
    rateBps: integer(),
    fee: minor().notNull(),
    net: minor().notNull(),
    qboState: text(),
    journalEntryId: uuid().notNull(),
  },
  (t) => [primaryKey({ columns: [t.statementId, t.seq] })],
);

/**
 * Which statement month accounts for each journal entry of a creditor: written once, when the
 * month's first version is issued, and never changed, so a closed month never changes. An entry
 * booked later about an earlier month has no row yet and lands on the next statement as a
 * prior-period adjustment. On a creditor's first statement, the history before it is
 * `brought_forward` (its opening balance).
 */
export const statementBookings = pgTable(
  "statement_bookings",
  {
    journalEntryId: uuid()
      .primaryKey()
      .references(() => journalEntries.id),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    period: text().notNull(),
    statementId: uuid()
      .notNull()
      .references(() => statements.id),
    broughtForward: boolean().notNull().default(false),
  },
  (t) => [index("statement_bookings_by_period").on(t.creditorId, t.period)],
);

export const statementRunStatus = pgEnum("statement_run_status", ["generating", "generated", "failed", "issued"]);

/**
 * One attempt to produce a statement version (the monthly job or finance): its state, the tie-out
 * result and the error if it failed. Keyed by (creditor, period, version), so running the job twice
 * issues a version once. Unlike statements, a run changes as it goes.
 */
export const statementRuns = pgTable(
  "statement_runs",
  {
    id: id(),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    period: text().notNull(),
    version: integer().notNull(),
    status: statementRunStatus().notNull().default("generating"),
    reason: text(),
    requestedBy: text().notNull(),
    /** `{ ok, differences: [...], unexplained: [...] }` from the last attempt. */
    tieOut: jsonb().$type<Record<string, unknown>>(),
    error: text(),
    attempts: integer().notNull().default(0),
    statementId: uuid().references(() => statements.id),
    createdAt: createdAt(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    unique("statement_runs_version").on(t.creditorId, t.period, t.version),
    index("statement_runs_by_period").on(t.period, t.status),
  ],
);
