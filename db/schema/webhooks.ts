import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, ts } from "./_columns";
import { creditors } from "./creditors";

/** The events a creditor's endpoint can subscribe to (payloads are /v1 objects). */
export const WEBHOOK_EVENT_TYPES = [
  "remittance.created",
  "remittance.reversed",
  "placement.paid",
  "statement.issued",
  "export.succeeded",
] as const;

/** A creditor's HTTPS endpoint for outbound webhooks (Settings → Webhooks). */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    url: text().notNull(),
    description: text().notNull().default(""),
    /** Subscribed event types (WEBHOOK_EVENT_TYPES). */
    events: text().array().notNull(),
    isEnabled: boolean().notNull().default(true),
    /** Why it was switched off (by a person, or automatically after failing for days). */
    disabledReason: text(),
    /** Start of the current run of failed attempts; cleared by any success. */
    failingSince: ts(),
    createdAt: createdAt(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [index("webhook_endpoints_by_creditor").on(t.creditorId)],
);

/**
 * Signing secrets of an endpoint (Standard Webhooks `whsec_…`), sealed at rest. The newest is
 * current; a rotated-out one keeps signing until `expiresAt`, so receivers can switch over.
 */
export const webhookSecrets = pgTable(
  "webhook_secrets",
  {
    id: id(),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    secretSealed: text().notNull(),
    /** First characters of the secret, to tell secrets apart in the UI. */
    hint: text().notNull(),
    createdAt: createdAt(),
    expiresAt: ts(),
  },
  (t) => [index("webhook_secrets_by_endpoint").on(t.endpointId, t.createdAt)],
);

/**
 * One event as it was sent: the payload is snapshotted once, so every delivery and replay of it
 * sends the same bytes under the same `webhook-id`. `sourceKey` makes an outbox retry one event.
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: id(),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    type: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    sourceKey: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("webhook_events_source").on(t.sourceKey), index("webhook_events_by_creditor").on(t.creditorId)],
);

export const webhookDeliveryStatus = pgEnum("webhook_delivery_status", ["pending", "succeeded", "failed", "dead"]);

/** One event to one endpoint: retried with backoff until it succeeds or three days pass. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => webhookEvents.id),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    status: webhookDeliveryStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: ts().notNull().defaultNow(),
    /** Start of the three-day retry window (creation, or the last replay). */
    retryFrom: ts().notNull().defaultNow(),
    /** Lease of the worker sending it (a worker that dies leaves it due again). */
    leaseUntil: ts(),
    lastAttemptAt: ts(),
    responseStatus: integer(),
    latencyMs: integer(),
    responseExcerpt: text(),
    lastError: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_once").on(t.eventId, t.endpointId),
    index("webhook_deliveries_due").on(t.status, t.nextAttemptAt),
    index("webhook_deliveries_by_endpoint").on(t.endpointId, t.createdAt),
  ],
);

/** Every attempt of a delivery (the delivery log): status, latency, the start of the answer. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: id(),
    deliveryId: uuid()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attemptedAt: ts().notNull(),
    responseStatus: integer(),
    latencyMs: integer().notNull(),
    responseExcerpt: text(),
    error: text(),
    isSuccess: boolean().notNull(),
  },
  (t) => [index("webhook_attempts_by_delivery").on(t.deliveryId, t.attemptedAt)],
);
