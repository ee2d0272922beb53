import {
  type AnyPgColumn,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, currency, id, minor, ts } from "./_columns";
import { creditors } from "./creditors";
import { debtors, installments, placements } from "./placements";
import { journalEntries } from "./ledger";
import { matchKeyColumn, matchKeySql } from "./match-keys";

export const paymentSource = pgEnum("payment_source", ["stripe", "manual", "bank", "direct"]);
export const paymentStatus = pgEnum("payment_status", [
  "pending",
  "succeeded",
  "failed",
  "partially_reversed",
  "reversed",
  "unmatched",
  /** An unmatched payment an operator settled: applied through its part attempts, refunded, or not ours (see its work item). */
  "resolved",
]);

/** One debtor payment (Stripe PaymentIntent, manual entry, bank line, or a direct payment found in the creditor's books). */
export const paymentAttempts = pgTable(
  "payment_attempts",
  {
    id: id(),
    creditorId: uuid().references(() => creditors.id),
    placementId: uuid().references(() => placements.id),
    installmentId: uuid().references(() => installments.id),
    source: paymentSource().notNull(),
    /** Stripe PaymentIntent id, bank reference, QBO Payment id… unique per source. */
    externalId: text().notNull(),
    chargeId: text(),
    amount: minor().notNull(),
    currency: currency().notNull(),
    status: paymentStatus().notNull(),
    receivedAt: ts().notNull(),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** A part of an unmatched payment an operator applied (one part per placement of a split). */
    parentPaymentAttemptId: uuid().references((): AnyPgColumn => paymentAttempts.id),
    createdAt: createdAt(),
    // The matching cascade's keys, read out of the metadata by PostgreSQL on every write (match-keys.ts).
    matchPlacementId: uuid(matchKeyColumn.placementId).generatedAlwaysAs(
      sql.raw(matchKeySql.placementId('"metadata"')),
    ),
    matchWordsDescription: text(matchKeyColumn.words("description"))
      .array()
      .generatedAlwaysAs(sql.raw(matchKeySql.words('"metadata"', "description"))),
    matchWordsStatementDescriptor: text(matchKeyColumn.words("statement_descriptor"))
      .array()
      .generatedAlwaysAs(sql.raw(matchKeySql.words('"metadata"', "statement_descriptor"))),
    matchWordsReference: text(matchKeyColumn.words("reference"))
      .array()
      .generatedAlwaysAs(sql.raw(matchKeySql.words('"metadata"', "reference"))),
    matchReceiptEmail: text(matchKeyColumn.email("receipt_email")).generatedAlwaysAs(
      sql.raw(matchKeySql.email('"metadata"', "receipt_email")),
    ),
    matchBillingEmail: text(matchKeyColumn.email("billing_email")).generatedAlwaysAs(
      sql.raw(matchKeySql.email('"metadata"', "billing_email")),
    ),
    matchName: text(matchKeyColumn.name).generatedAlwaysAs(sql.raw(matchKeySql.name('"metadata"'))),
  },
  (t) => [
    unique("payment_attempts_external").on(t.source, t.externalId),
    index("payment_attempts_by_parent").on(t.parentPaymentAttemptId),
    index("payment_attempts_charge").on(t.chargeId),
    index("payment_attempts_by_placement").on(t.placementId),
  ],
);

export const remittanceStatus = pgEnum("remittance_status", ["cleared", "reversed", "reinstated"]);
export const reversalReason = pgEnum("reversal_reason", [
  "refund",
  "chargeback",
  "dispute_reinstated",
  "refund_failed",
  "cancellation",
]);

/**
 * The immutable ledger row minted when a payment clears (positive, `cleared`), is reversed
 * (negative, `reversed`, parent = the cleared row) or comes back (positive, `reinstated`,
 * parent = the reversal). The database refuses UPDATE and DELETE.
 */
export const remittances = pgTable(
  "remittances",
  {
    id: id(),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    placementId: uuid()
      .notNull()
      .references(() => placements.id),
    paymentAttemptId: uuid()
      .notNull()
      .references(() => paymentAttempts.id),
    installmentId: uuid().references(() => installments.id),
    parentRemittanceId: uuid(),
    status: remittanceStatus().notNull(),
    reason: reversalReason(),
    /** Refund / dispute id for reversals: one row per external money movement. */
    externalRef: text(),
    recoveredAmount: minor().notNull(),
    feeAmount: minor().notNull(),
    netRemitAmount: minor().notNull(),
    currency: currency().notNull(),
    /** The contingency rate applied, in basis points (the wire and column keep the seed's name, contingency_pct_snapshot). */
    rateBpsSnapshot: integer("contingency_pct_snapshot").notNull(),
    journalEntryId: uuid()
      .notNull()
      .references(() => journalEntries.id),
    occurredAt: ts().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check("remittances_net", sql`${t.netRemitAmount} = ${t.recoveredAmount} - ${t.feeAmount}`),
    check(
      "remittances_signs",
      sql`case ${t.status} when 'reversed' then ${t.recoveredAmount} < 0 and ${t.feeAmount} <= 0 and ${t.feeAmount} >= ${t.recoveredAmount}
    else ${t.recoveredAmount} > 0 and ${t.feeAmount} >= 0 and ${t.feeAmount} <= ${t.recoveredAmount} end`,
    ),
    check("remittances_parent", sql`(${t.status} = 'cleared') = (${t.parentRemittanceId} is null)`),
    check("remittances_rate", sql`${t.rateBpsSnapshot} between 0 and 10000`),
    uniqueIndex("remittances_external_ref").on(t.externalRef),
    index("remittances_by_creditor").on(t.creditorId, t.occurredAt, t.id),
    index("remittances_by_placement").on(t.placementId, t.occurredAt),
    index("remittances_by_parent").on(t.parentRemittanceId),
    index("remittances_by_payment").on(t.paymentAttemptId),
  ],
);

export const creditStatus = pgEnum("credit_status", ["open", "applied", "refunded"]);

/** Money a debtor paid beyond the placement balance: owed back or applied later, never fee income. */
export const customerCredits = pgTable(
  "customer_credits",
  {
    id: id(),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    debtorId: uuid().references(() => debtors.id),
    placementId: uuid().references(() => placements.id),
    paymentAttemptId: uuid()
      .notNull()
      .references(() => paymentAttempts.id),
    amount: minor().notNull(),
    currency: currency().notNull(),
    status: creditStatus().notNull().default("open"),
    journalEntryId: uuid()
      .notNull()
      .references(() => journalEntries.id),
    createdAt: createdAt(),
  },
  (t) => [check("customer_credits_positive", sql`${t.amount} > 0`)],
);
