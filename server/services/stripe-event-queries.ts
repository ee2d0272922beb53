import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, creditors, stripeEvents, type stripeEventStatus, workItems } from "@/db/schema";
import { AppError } from "@/server/errors";
import { RELEVANT_EVENTS } from "@/server/integrations/stripe/events";

export type StripeEventStatus = (typeof stripeEventStatus.enumValues)[number];

/** Statuses a person may re-drive through the inbox: not applied yet, or applied without success. */
export const RETRYABLE_STATUSES: readonly StripeEventStatus[] = ["failed", "parked", "received"];

export type StripeEventListParams = { status?: StripeEventStatus; type?: string; search?: string; cursor?: string; limit?: number };

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
// Stripe's evt_… ids, and our synthetic `fetched:<object id>` ones.
const EVENT_ID = /^[A-Za-z0-9_:.-]{1,255}$/;

// The inbox is keyed by Stripe's text id, not a uuid, so it has its own small cursor: [received_at, event_id].
const encodeCursor = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString("base64url");
function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === "string" && CURSOR_TIME.test(parsed[0]) && typeof parsed[1] === "string" && EVENT_ID.test(parsed[1])) {
      return { at: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw new AppError("BAD_REQUEST", "The page cursor is not valid: start again from the first page.");
}

const ageSeconds = (at: Date, now: Date) => Math.max(0, Math.floor((now.getTime() - at.getTime()) / 1000));

/** The webhook inbox, newest first, filtered by status, type or an event / object id, one keyset page at a time. */
export async function listStripeEventPage(db: Db, params: StripeEventListParams, now = new Date()) {
  const limit = Math.min(Math.max(Math.trunc(params.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
  const after = params.cursor ? decodeCursor(params.cursor) : undefined;
  const search = params.search?.trim();
  const rows = await db
    .select({
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
      cursorAt: sql<string>`to_char(${stripeEvents.receivedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(stripeEvents)
    .where(
      and(
        params.status ? eq(stripeEvents.status, params.status) : undefined,
        params.type ? eq(stripeEvents.type, params.type) : undefined,
        search ? or(eq(stripeEvents.eventId, search), eq(stripeEvents.objectId, search)) : undefined,
        after ? sql`(${stripeEvents.receivedAt}, ${stripeEvents.eventId}) < (${after.at}::timestamptz, ${after.id})` : undefined,
      ),
    )
    .orderBy(desc(stripeEvents.receivedAt), desc(stripeEvents.eventId))
    .limit(limit + 1);
  const more = rows.length > limit;
  const visible = more ? rows.slice(0, limit) : rows;
  const last = visible.at(-1);
  return {
    items: visible.map(({ cursorAt: _c, ...r }) => ({ ...r, ageSeconds: ageSeconds(r.receivedAt, now) })),
    nextCursor: more && last ? encodeCursor(last.cursorAt, last.eventId) : null,
  };
}

/** What needs a person: parked and failed events with the age of the oldest, and the types we handle (for the filter). */
export async function stripeEventSummary(db: Db, now = new Date()) {
  const rows = await db
    .select({ status: stripeEvents.status, count: sql<number>`count(*)::int`, oldest: sql<string>`min(${stripeEvents.receivedAt})` })
    .from(stripeEvents)
    .where(inArray(stripeEvents.status, [...RETRYABLE_STATUSES]))
    .groupBy(stripeEvents.status);
  const of = (status: StripeEventStatus) => {
    const r = rows.find((x) => x.status === status);
    const oldest = r?.oldest ? new Date(r.oldest) : null;
    return { count: Number(r?.count ?? 0), oldestAt: oldest, oldestAgeSeconds: oldest ? ageSeconds(oldest, now) : null };
  };
  return { parked: of("parked"), failed: of("failed"), received: of("received"), handledTypes: [...RELEVANT_EVENTS].sort() };
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
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      actorType: auditEvents.actorType,
      actorId: auditEvents.actorId,
      actorName: sql<string | null>`(select u.name from users u where ${auditEvents.actorType} = 'user' and u.id::text = ${auditEvents.actorId})`,
      action: auditEvents.action,
      creditorId: auditEvents.creditorId,
      creditorName: creditors.name,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      details: auditEvents.details,
    })
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
    .select({ id: workItems.id, kind: workItems.kind, status: workItems.status, title: workItems.title, nextAction: workItems.nextAction, createdAt: workItems.createdAt })
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
