import { and, desc, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookAttempts, webhookDeliveries, webhookEvents } from "@/db/schema";
import { AppError, notFound } from "@/server/errors";
import { isUuid } from "@/server/lib/list-filters";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { deliverDueWebhooks } from "./deliver";
import { getEndpoint } from "./endpoints";
import type { WebhookDeps } from "./settings";

/** An endpoint's deliveries, newest first (status, attempts, latency, the start of the last answer), with their attempts. */
export async function deliveryLog(
  db: Db,
  creditorId: string,
  endpointId: string,
  opts: { status?: "pending" | "succeeded" | "failed" | "dead"; before?: Date; limit?: number } = {},
) {
  await getEndpoint(db, creditorId, endpointId);
  const limit = Math.min(opts.limit ?? 50, 200);
  const rows = await db
    .select({
      id: webhookDeliveries.id,
      eventId: webhookEvents.id,
      type: webhookEvents.type,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      lastAttemptAt: webhookDeliveries.lastAttemptAt,
      responseStatus: webhookDeliveries.responseStatus,
      latencyMs: webhookDeliveries.latencyMs,
      responseExcerpt: webhookDeliveries.responseExcerpt,
      lastError: webhookDeliveries.lastError,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        opts.status ? eq(webhookDeliveries.status, opts.status) : undefined,
        opts.before ? lt(webhookDeliveries.createdAt, opts.before) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
  const attempts = rows.length
    ? await db
        .select()
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.deliveryId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(desc(webhookAttempts.attemptedAt))
    : [];
  return rows.map((r) => ({ ...r, log: attempts.filter((a) => a.deliveryId === r.id) }));
}

/**
 * Replay: one delivery (`deliveryId`), or every failed or given-up delivery of the endpoint created
 * since `since`. They are due again at once, with a fresh three-day window counted from now; the
 * same event id and payload are sent, so receivers that deduplicate on `webhook-id` stay correct.
 */
export async function replayDeliveries(
  db: Db,
  creditorId: string,
  endpointId: string,
  target: { deliveryId: string } | { since: Date },
  actor: Actor,
  now = new Date(),
) {
  await getEndpoint(db, creditorId, endpointId);
  let where: SQL | undefined;
  if ("deliveryId" in target) {
    if (!isUuid(target.deliveryId)) throw notFound("delivery");
    where = eq(webhookDeliveries.id, target.deliveryId);
  } else {
    if (target.since.getTime() > now.getTime()) throw new AppError("BAD_REQUEST", "`since` is in the future");
    where = and(inArray(webhookDeliveries.status, ["failed", "dead"]), gte(webhookDeliveries.createdAt, target.since));
  }
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(webhookDeliveries)
      .set({ status: "pending", nextAttemptAt: now, leaseUntil: null, attempts: 0, retryFrom: now })
      .where(and(eq(webhookDeliveries.endpointId, endpointId), where))
      .returning({ id: webhookDeliveries.id });
    if ("deliveryId" in target && rows.length === 0) throw notFound("delivery");
    await recordAudit(tx, {
      actor,
      action: "webhook_endpoint.replayed",
      creditorId,
      targetType: "webhook_endpoint",
      targetId: endpointId,
      details: { ...target, deliveries: rows.length },
    });
    return { replayed: rows.length, ids: rows.map((r) => r.id) };
  });
}

/** "Send test event": a `webhook.test` event to this endpoint only, sent now; answers how it went. */
export async function sendTestEvent(db: Db, d: WebhookDeps, creditorId: string, endpointId: string, now = new Date()) {
  const endpoint = await getEndpoint(db, creditorId, endpointId);
  if (!endpoint.isEnabled) throw new AppError("PRECONDITION_FAILED", "enable the endpoint before sending a test event");
  const delivery = await db.transaction(async (tx) => {
    const [event] = await tx
      .insert(webhookEvents)
      .values({
        creditorId,
        type: "webhook.test",
        sourceKey: `webhook-test:${crypto.randomUUID()}`,
        payload: {
          type: "webhook.test",
          timestamp: now.toISOString(),
          data: { object: "test", endpoint_id: endpointId, message: "A test event from Clearbook." },
        },
        createdAt: now,
      })
      .returning({ id: webhookEvents.id });
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({ eventId: event!.id, endpointId, nextAttemptAt: now, retryFrom: now, createdAt: now })
      .returning({ id: webhookDeliveries.id });
    return row!;
  });
  await deliverDueWebhooks(db, d, { now, onlyIds: [delivery.id] });
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery.id));
  return row!;
}
