import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, ts } from "./_columns";

export const outboxStatus = pgEnum("outbox_status", ["pending", "processing", "done", "failed", "dead"]);

/**
 * External effects requested in the same transaction as the state change that needs them.
 * The idempotency key derives from our own ids, so a retried effect is the same effect.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: id(),
    topic: text().notNull(),
    idempotencyKey: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: outboxStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: ts().notNull().defaultNow(),
    lastError: text(),
    createdAt: createdAt(),
    processedAt: ts(),
  },
  (t) => [uniqueIndex("outbox_idempotency").on(t.idempotencyKey), index("outbox_due").on(t.status, t.nextAttemptAt)],
);
