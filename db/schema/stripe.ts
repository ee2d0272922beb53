import { boolean, index, integer, jsonb, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, ts } from "./_columns";

/**
 * received: stored, not yet (or not successfully) processed · processed: effects committed ·
 * ignored: a type we do not handle, or nothing to do · parked: waits for another object (a refund
 * or dispute before its payment) · failed: could not be applied, see `error` and the work item.
 */
export const stripeEventStatus = pgEnum("stripe_event_status", [
  "received",
  "processed",
  "ignored",
  "parked",
  "failed",
]);

/**
 * The Stripe webhook inbox: one row per Stripe event id, however often it is delivered. An event's
 * effects commit in the same transaction as its `processed` mark.
 */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    /** Stripe's `evt_…` id: the deduplication key. */
    eventId: text().primaryKey(),
    type: text().notNull(),
    livemode: boolean().notNull(),
    /** Connected account (`acct_…`) for Connect events. */
    account: text(),
    apiVersion: text(),
    /** The id of `data.object` (pi_…, re_…, du_…, tr_…): finds every event about one object. */
    objectId: text(),
    /** Stripe's `created` (when the event happened, not when it reached us). */
    created: ts().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: stripeEventStatus().notNull(),
    error: text(),
    /** Keys this parked event waits for (a payment_intent / charge id, `dispute:<id>:withdrawn`…). */
    waitKeys: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    attempts: integer().notNull().default(0),
    receivedAt: createdAt(),
    processedAt: ts(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    index("stripe_events_wait_keys")
      .using("gin", t.waitKeys)
      .where(sql`${t.status} = 'parked'`),
    index("stripe_events_by_status").on(t.status, t.receivedAt),
    index("stripe_events_by_object").on(t.objectId),
    // The back-office inbox list: newest first, keyset on (received_at, event_id), optionally by type.
    index("stripe_events_by_received").on(t.receivedAt, t.eventId),
    index("stripe_events_by_type_received").on(t.type, t.receivedAt, t.eventId),
  ],
);
