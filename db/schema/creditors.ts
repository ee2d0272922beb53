import { check, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, currency, id, ts } from "./_columns";

/** A client of the agency whose invoices are placed for collection. */
export const creditors = pgTable(
  "creditors",
  {
    id: id(),
    name: text().notNull(),
    slug: text().notNull().unique(),
    defaultCurrency: currency().notNull(),
    /** Cached current rate; the history below is the source of truth for any date. */
    contingencyRateBps: integer().notNull(),
    stripeAccountId: text(),
    createdAt: createdAt(),
  },
  (t) => [check("creditors_rate_bps", sql`${t.contingencyRateBps} between 0 and 10000`)],
);

/** Forward-only, append-only contingency-rate history. A rate applies from `effectiveFrom` on. */
export const creditorRates = pgTable(
  "creditor_rates",
  {
    id: id(),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    rateBps: integer().notNull(),
    effectiveFrom: ts().notNull(),
    reason: text(),
    createdBy: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check("creditor_rates_bps", sql`${t.rateBps} between 0 and 10000`),
    index("creditor_rates_by_creditor").on(t.creditorId, t.effectiveFrom),
  ],
);
