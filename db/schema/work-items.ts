import { check, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { actorType } from "./audit";
import { createdAt, id, ts } from "./_columns";
import { users } from "./users";
import { WORK_ITEM_KINDS } from "@/server/domain/work-items";

/** The kinds are named once, in the domain (with their service levels and labels). */
export const workItemKind = pgEnum("work_item_kind", WORK_ITEM_KINDS);
/** open → in_progress (has an owner) → resolved | dismissed (reason required) → may be reopened (reason required, counted). */
export const workItemStatus = pgEnum("work_item_status", ["open", "in_progress", "resolved", "dismissed"]);

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
    /** The display name of whoever closed it (a person's name, or a job's id): "already resolved by X". */
    resolvedBy: text(),
    resolvedByUserId: uuid().references(() => users.id),
    resolvedAt: ts(),
    /** Why it was dismissed, or the note of a resolution made outside Clearbook. */
    closeReason: text(),
    /** Optimistic concurrency: every change bumps it; an action names the version it saw. */
    version: integer().notNull().default(1),
    /** Service level: when this item is overdue (business days per kind from its cause's time). */
    dueAt: ts(),
    reopenCount: integer().notNull().default(0),
    /** Four-eyes: a decision proposed by one person, waiting for another (finance or admin) to approve it. */
    proposal: jsonb().$type<Record<string, unknown>>(),
    proposedByUserId: uuid().references(() => users.id),
    proposedAt: ts(),
    approvedByUserId: uuid().references(() => users.id),
    approvedAt: ts(),
    /** One open item per cause: a redelivered event never queues the same work twice. */
    dedupeKey: text().notNull(),
    createdAt: createdAt(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("work_items_dedupe").on(t.dedupeKey),
    index("work_items_queue").on(t.status, t.kind, t.createdAt),
    index("work_items_by_creditor").on(t.creditorId, t.status),
    index("work_items_by_owner").on(t.ownerUserId, t.status),
    check("work_items_version_positive", sql`${t.version} >= 1`),
    check("work_items_reopen_count", sql`${t.reopenCount} >= 0`),
  ],
);

/** Append-only history of one work item: who did what, when, and why. */
export const workItemEvents = pgTable(
  "work_item_events",
  {
    id: id(),
    workItemId: uuid()
      .notNull()
      .references(() => workItems.id),
    occurredAt: createdAt(),
    actorType: actorType().notNull(),
    actorId: text().notNull(),
    /** The actor's name as it was at the time (people are renamed; history is not). */
    actorName: text().notNull(),
    /** opened, assigned, unassigned, started, proposed, approved, rejected, resolved, dismissed, reopened, note. */
    action: text().notNull(),
    note: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("work_item_events_by_item").on(t.workItemId, t.occurredAt)],
);
