import { check, index, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, currency, id, minor, ts } from "./_columns";
import { creditors } from "./creditors";
import { remittances } from "./payments";
import { journalEntries } from "./ledger";

/**
 * draft (proposed in a run) → approved (second person; money may move) → sent (transfer created,
 * or manual wire recorded) → paid | failed | reversed → bank_confirmed (found on the statement).
 * cancelled: its run was rejected before any money moved.
 */
export const disbursementStatus = pgEnum("disbursement_status", [
  "approved",
  "sent",
  "paid",
  "reversed",
  "failed",
  "draft",
  "bank_confirmed",
  "cancelled",
]);
export const disbursementMethod = pgEnum("disbursement_method", ["stripe_transfer", "ach", "wire"]);
export const disbursementRunStatus = pgEnum("disbursement_run_status", ["proposed", "approved", "rejected"]);

/**
 * A disbursement run: one person proposes paying a set of creditors up to a cut-off, another
 * approves it. The database refuses an approval by the proposer (four-eyes, CHECK below).
 */
export const disbursementRuns = pgTable(
  "disbursement_runs",
  {
    id: id(),
    status: disbursementRunStatus().notNull().default("proposed"),
    /** Remittance rows booked before this instant are paid. */
    cutoff: ts().notNull(),
    /** null = every creditor with money due; else the chosen creditors. */
    creditorIds: jsonb().$type<string[] | null>(),
    /** Digest of the planned rows and amounts the proposer saw in the preview. */
    fingerprint: text().notNull(),
    proposedBy: text().notNull(),
    proposedAt: createdAt(),
    decidedBy: text(),
    decidedAt: ts(),
    decisionReason: text(),
  },
  (t) => [
    check(
      "disbursement_runs_four_eyes",
      sql`${t.decidedBy} is null or ${t.status} <> 'approved' or ${t.decidedBy} <> ${t.proposedBy}`,
    ),
    index("disbursement_runs_by_status").on(t.status, t.proposedAt),
  ],
);

/** Append-only record of every decision on a run (proposed, approved, rejected) and who took it. */
export const disbursementDecisions = pgTable(
  "disbursement_decisions",
  {
    id: id(),
    runId: uuid()
      .notNull()
      .references(() => disbursementRuns.id),
    decision: disbursementRunStatus().notNull(),
    actorId: text().notNull(),
    reason: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("disbursement_decisions_by_run").on(t.runId, t.createdAt)],
);

/** A transfer of net remit to a creditor (Stripe Connect transfer or a manual ACH/wire with its bank reference). */
export const disbursements = pgTable(
  "disbursements",
  {
    id: id(),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    runId: uuid().references(() => disbursementRuns.id),
    /** The money sent: rows + adjustments − fees netted. */
    amount: minor().notNull(),
    currency: currency().notNull(),
    status: disbursementStatus().notNull(),
    method: disbursementMethod(),
    /** Net of the remittance rows it pays (clawbacks included). */
    rowsAmount: minor()
      .notNull()
      .$default(() => 0n),
    /** Payable not tied to a row (money returned by a reversed transfer), paid again. */
    adjustmentAmount: minor()
      .notNull()
      .$default(() => 0n),
    /** Fees the creditor owes us (direct payments), netted against this payout. */
    feesNetted: minor()
      .notNull()
      .$default(() => 0n),
    stripeTransferId: text(),
    /** ACH trace / wire reference, as the bank shows it. */
    achReference: text(),
    reversedAmount: minor()
      .notNull()
      .$default(() => 0n),
    journalEntryId: uuid().references(() => journalEntries.id),
    failureReason: text(),
    approvedAt: ts(),
    sentAt: ts(),
    paidAt: ts(),
    failedAt: ts(),
    bankConfirmedAt: ts(),
    createdAt: createdAt(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("disbursements_transfer").on(t.stripeTransferId),
    index("disbursements_by_creditor").on(t.creditorId, t.createdAt),
    index("disbursements_by_run").on(t.runId),
    index("disbursements_by_status").on(t.status, t.createdAt),
    check(
      "disbursements_amount_parts",
      sql`${t.amount} > 0 and ${t.amount} = ${t.rowsAmount} + ${t.adjustmentAmount} - ${t.feesNetted} and ${t.feesNetted} >= 0`,
    ),
  ],
);

/**
 * Which remittance rows (including negative clawbacks) a disbursement pays out. A row is paid by at
 * most one live item; a rejected run or a failed transfer releases its items (`releasedAt`, set
 * once: a guard refuses every other change), which returns the rows to the payable.
 */
export const disbursementItems = pgTable(
  "disbursement_items",
  {
    disbursementId: uuid()
      .notNull()
      .references(() => disbursements.id),
    remittanceId: uuid()
      .notNull()
      .references(() => remittances.id),
    releasedAt: ts(),
  },
  (t) => [
    primaryKey({ columns: [t.disbursementId, t.remittanceId] }),
    uniqueIndex("disbursement_items_once")
      .on(t.remittanceId)
      .where(sql`${t.releasedAt} is null`),
  ],
);
