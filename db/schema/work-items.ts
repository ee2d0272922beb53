import { index, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, ts } from "./_columns";
import { users } from "./users";

export const workItemKind = pgEnum("work_item_kind", [
  "unmatched_payment",
  "ambiguous_payment",
  "reversal_decision",
  "writeback_failed",
  "drift",
  "direct_payment_candidate",
  "overpayment",
  "unmatched_transfer",
  "stripe_event_failed",
  "transfer_failed",
  "payment_review",
  "statement_tie_out",
  "bank_line_unmatched",
  "bank_match_ambiguous",
  "payout_failed",
  "possible_duplicate",
]);
export const workItemStatus = pgEnum("work_item_status", ["open", "in_progress", "resolved"]);

/** An item in the operator exception queue. Never auto-closed; resolution is recorded, not deleted. */
export const workItems = pgTable(
  "work_items",
  {
    id: id(),
    kind: workItemKind().notNull(),
    status: workItemStatus().notNull().default("open"),
    creditorId: uuid(),
    subjectType: text().notNull(),
    subjectId: text().notNull(),
    title: text().notNull(),
    nextAction: text().notNull(),
    evidence: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ownerUserId: uuid().references(() => users.id),
    resolution: jsonb().$type<Record<string, unknown>>(),
    resolvedBy: text(),
    resolvedAt: ts(),
    /** One open item per cause: a redelivered event never queues the same work twice. */
    dedupeKey: text().notNull(),
    createdAt: createdAt(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("work_items_dedupe").on(t.dedupeKey),
    index("work_items_queue").on(t.status, t.kind, t.createdAt),
    index("work_items_by_creditor").on(t.creditorId, t.status),
  ],
);
