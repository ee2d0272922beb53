import { index, jsonb, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./_columns";

export const actorType = pgEnum("actor_type", ["user", "api_key", "stripe_webhook", "qbo_webhook", "job", "system"]);

/** Append-only: who did what, when, how, on which record. category 'qbo' rows form the creditor's QBO sync log. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: id(),
    occurredAt: createdAt(),
    actorType: actorType().notNull(),
    actorId: text().notNull(),
    action: text().notNull(),
    category: text().notNull().default("general"),
    creditorId: uuid(),
    targetType: text(),
    targetId: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_events_by_creditor").on(t.creditorId, t.category, t.occurredAt),
    index("audit_events_by_target").on(t.targetType, t.targetId),
    index("audit_events_by_time").on(t.occurredAt),
    // What one actor did (e.g. the effects of one Stripe event, whose id is the actor id).
    index("audit_events_by_actor").on(t.actorType, t.actorId, t.occurredAt),
  ],
);
