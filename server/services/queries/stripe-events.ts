import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, creditors, stripeEvents, type stripeEventStatus, workItems } from "@/db/schema";
import { RELEVANT_EVENTS } from "@/server/services/stripe-events/handlers";
import { auditEventColumns } from "./audit-log";
import { keyset, type PageRequest, type SortKey } from "@/server/lib/list-cursor";

export type StripeEventStatus = (typeof stripeEventStatus.enumValues)[number];

/** Statuses a person may re-drive through the inbox: not applied yet, or applied without success. */
export const RETRYABLE_STATUSES: readonly StripeEventStatus[] = ["failed", "parked", "received"];

export type StripeEventListParams = { status?: StripeEventStatus; type?: string; search?: string } & PageRequest;

// Keyed by Stripe's text event id (not a uuid): the index is (received_at, event_id).
const RECEIVED_KEY: SortKey = { column: stripeEvents.receivedAt, kind: "timestamp" };

const ageSeconds = (at: Date, now: Date) => Math.max(0, Math.floor((now.getTime() - at.getTime()) / 1000));

/** The webhook inbox, newest first, filtered by status, type or an event / object id, one keyset page at a time. */
export async function listStripeEventPage(db: Db, params: StripeEventListParams, now = new Date()) {
  const ks = keyset("receivedAt", RECEIVED_KEY, stripeEvents.eventId, "desc", params, "text");
  const search = params.search?.trim();
  const rows = await db
    .select({
      id: stripeEvents.eventId,
      eventId: stripeEvents.eventId,
      type: stripeEvents.type,
      status: stripeEvents.status,
      livemode: stripeEvents.livemode,
      objectId: stripeEvents.objectId,
      created: stripeEvents.created,
      receivedAt: stripeEvents.receivedAt,
      processedAt: stripeEvents.processedAt,
      attempts: stripeEvents.attempts,
      error: stripeEvents.error,
      waitKeys: stripeEvents.waitKeys,
      sortValue: ks.sortValue,
    })
    .from(stripeEvents)
    .where(
      and(
        params.status ? eq(stripeEvents.status, params.status) : undefined,
        params.type ? eq(stripeEvents.type, params.type) : undefined,
        search ? or(eq(stripeEvents.eventId, search), eq(stripeEvents.objectId, search)) : undefined,
        ks.after,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(ks.fetch);
  const page = ks.page(rows);
  return {
    ...page,
    items: page.items.map(({ id: _id, ...r }) => ({ ...r, ageSeconds: ageSeconds(r.receivedAt, now) })),
  };
}

/** What needs a person: parked and failed events with the age of the oldest, and the types we handle (for the filter). */
export async function stripeEventSummary(db: Db, now = new Date()) {
  const rows = await db
    .select({
      status: stripeEvents.status,
      count: sql<number>`count(*)::int`,
      oldest: sql<string>`min(${stripeEvents.receivedAt})`,
    })
    .from(stripeEvents)
    .where(inArray(stripeEvents.status, [...RETRYABLE_STATUSES]))
    .groupBy(stripeEvents.status);
  const of = (status: StripeEventStatus) => {
    const r = rows.find((x) => x.status === status);
    const oldest = r?.oldest ? new Date(r.oldest) : null;
    return {
      count: Number(r?.count ?? 0),
      oldestAt: oldest,
      oldestAgeSeconds: oldest ? ageSeconds(oldest, now) : null,
    };
  };
  return {
    parked: of("parked"),
    failed: of("failed"),
    received: of("received"),
    handledTypes: [...RELEVANT_EVENTS].sort(),
  };
}

/**
 * One event with its payload and its effects: the audit events it caused (their actor is the
 * event: payments, reversals, transfers), the ones about it (parked, failed, retried by a person),
 * and the work item its failure opened.
 * Null when the inbox has no such event.
 */
export async function stripeEventDetail(db: Db, eventId: string, now = new Date()) {
  const [event] = await db.select().from(stripeEvents).where(eq(stripeEvents.eventId, eventId));
  if (!event) return null;
  const effects = await db
    .select(auditEventColumns)
    .from(auditEvents)
    .leftJoin(creditors, eq(creditors.id, auditEvents.creditorId))
    .where(
      or(
        and(eq(auditEvents.actorType, "stripe_webhook"), eq(auditEvents.actorId, eventId)),
        and(eq(auditEvents.targetType, "stripe_event"), eq(auditEvents.targetId, eventId)),
      ),
    )
    .orderBy(asc(auditEvents.occurredAt), asc(auditEvents.id))
    .limit(200);
  const items = await db
    .select({
      id: workItems.id,
      kind: workItems.kind,
      status: workItems.status,
      title: workItems.title,
      nextAction: workItems.nextAction,
      createdAt: workItems.createdAt,
    })
    .from(workItems)
    .where(eq(workItems.dedupeKey, `stripe-event:${eventId}`))
    .orderBy(asc(workItems.createdAt));
  return {
    event: { ...event, ageSeconds: ageSeconds(event.receivedAt, now) },
    isRetryable: RETRYABLE_STATUSES.includes(event.status),
    effects,
    workItems: items,
  };
}
