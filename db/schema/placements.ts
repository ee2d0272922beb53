import { check, date, index, integer, pgEnum, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, currency, id, minor, ts } from "./_columns";
import { creditors } from "./creditors";

/** The person or company that owes the creditor. */
export const debtors = pgTable(
  "debtors",
  {
    id: id(),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    name: text().notNull(),
    email: text(),
    externalRef: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("debtors_by_creditor").on(t.creditorId),
    // The matching cascade's look-ups (rules 3 and 4), in the same expressions as its SQL.
    index("debtors_by_email").on(sql`lower(${t.email})`),
    index("debtors_by_name").on(sql`btrim(regexp_replace(lower(${t.name}), '[^a-z0-9]+', ' ', 'g'))`),
  ],
);

export const placementStatus = pgEnum("placement_status", ["open", "paid", "closed_uncollected", "recalled"]);

/** One creditor invoice placed for collection. recovered/fee are caches of the remittance sums. */
export const placements = pgTable(
  "placements",
  {
    id: id(),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    debtorId: uuid()
      .notNull()
      .references(() => debtors.id),
    invoiceNumber: text().notNull(),
    qboInvoiceId: text(),
    invoiceAmount: minor().notNull(),
    currency: currency().notNull(),
    dueDate: date({ mode: "string" }).notNull(),
    status: placementStatus().notNull().default("open"),
    recoveredAmount: minor()
      .notNull()
      .default(sql`0`),
    feeAmount: minor()
      .notNull()
      .default(sql`0`),
    /** Paid by the debtor to the creditor directly (cache of the DIRECT_PAYMENT documents): off the balance, not recovered by us. */
    directPaidAmount: minor()
      .notNull()
      .default(sql`0`),
    /** Written off by a reversal decision (cache of the WRITE_OFF documents). */
    writtenOffAmount: minor()
      .notNull()
      .default(sql`0`),
    placedAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    unique("placements_invoice_per_creditor").on(t.creditorId, t.invoiceNumber),
    check("placements_invoice_positive", sql`${t.invoiceAmount} > 0`),
    index("placements_by_creditor_status").on(t.creditorId, t.status, t.id),
    index("placements_by_creditor_due").on(t.creditorId, t.dueDate, t.id),
    index("placements_by_debtor").on(t.debtorId),
    // Matching rule 2: an invoice number found in a payment's text, whatever its case.
    index("placements_by_invoice_upper").on(sql`upper(${t.invoiceNumber})`),
    // The newest placement (re-matching waits for one newer than its last look) and /v1's created_from/to.
    index("placements_by_placed_at").on(t.placedAt),
  ],
);

export const planStatus = pgEnum("plan_status", ["active", "completed", "cancelled"]);
export const installmentStatus = pgEnum("installment_status", ["scheduled", "paid", "missed"]);

/** An agreed schedule of installments for one placement. */
export const paymentPlans = pgTable("payment_plans", {
  id: id(),
  placementId: uuid()
    .notNull()
    .references(() => placements.id),
  status: planStatus().notNull().default("active"),
  createdAt: createdAt(),
});

export const installments = pgTable(
  "installments",
  {
    id: id(),
    planId: uuid()
      .notNull()
      .references(() => paymentPlans.id),
    placementId: uuid()
      .notNull()
      .references(() => placements.id),
    seq: integer().notNull(),
    dueDate: date({ mode: "string" }).notNull(),
    amount: minor().notNull(),
    currency: currency().notNull(),
    status: installmentStatus().notNull().default("scheduled"),
    paidAt: ts(),
  },
  (t) => [unique("installments_seq").on(t.planId, t.seq), check("installments_amount_positive", sql`${t.amount} > 0`)],
);
