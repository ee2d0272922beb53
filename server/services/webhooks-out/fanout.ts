import { and, arrayContains, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookDeliveries, webhookEndpoints, webhookEvents } from "@/db/schema";
import { AppError } from "@/server/errors";
import { abandonEffect, claimDueEffects, completeEffect, failEffect } from "../outbox/outbox";
import { getPlacement } from "../queries/placement-list";
import { getRemittance } from "../queries/remittance-list";
import { getCreditorStatement } from "../statements/read";
import { placementJson, remittanceJson, statementJson } from "../v1/objects";
import type { WebhookCause } from "./events";

/** The /v1 object an event carries, read as it is now (right after its cause committed). */
async function objectFor(db: Db, cause: WebhookCause): Promise<Record<string, unknown>> {
  if (cause.object) return cause.object;
  switch (cause.type) {
    case "remittance.created":
    case "remittance.reversed":
      return remittanceJson(await getRemittance(db, cause.creditorId, cause.subjectId));
    case "placement.paid":
      return placementJson(await getPlacement(db, cause.creditorId, cause.subjectId));
    case "statement.issued": {
      // As GET /v1/statements/{id} shows it; its signed download links are minted by that GET, not sent here.
      return statementJson(await getCreditorStatement(db, cause.creditorId, cause.subjectId));
    }
    default:
      throw new AppError("PRECONDITION_FAILED", `${cause.type} events must carry their object`);
  }
}

/**
 * Turn one requested event into its snapshot and one delivery per enabled endpoint of the creditor
 * that subscribes to it, in one transaction (a retry finds the snapshot by its key and adds only
 * missing deliveries). Returns how many deliveries it created.
 */
export async function fanOutEvent(db: Db, sourceKey: string, cause: WebhookCause, now = new Date()) {
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(webhookEvents)
      .values({
        creditorId: cause.creditorId,
        type: cause.type,
        sourceKey,
        payload: { type: cause.type, timestamp: now.toISOString(), data: await objectFor(tx, cause) },
        createdAt: now,
      })
      .onConflictDoNothing({ target: webhookEvents.sourceKey })
      .returning({ id: webhookEvents.id });
    const eventId =
      created?.id ??
      (await tx.select({ id: webhookEvents.id }).from(webhookEvents).where(eq(webhookEvents.sourceKey, sourceKey)))[0]!
        .id;
    const endpoints = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(
        and(
          eq(webhookEndpoints.creditorId, cause.creditorId),
          eq(webhookEndpoints.isEnabled, true),
          arrayContains(webhookEndpoints.events, [cause.type]),
        ),
      );
    if (endpoints.length === 0) return { eventId, deliveries: 0 };
    const rows = await tx
      .insert(webhookDeliveries)
      .values(endpoints.map((e) => ({ eventId, endpointId: e.id, nextAttemptAt: now, retryFrom: now, createdAt: now })))
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.id });
    return { eventId, deliveries: rows.length };
  });
}

/** Drain requested events from the outbox (`webhook.event`): snapshot them and create their deliveries. */
export async function fanOutWebhookEvents(db: Db, opts: { now?: Date; limit?: number } = {}) {
  const now = opts.now ?? new Date();
  const claimed = await claimDueEffects(db, "webhook.event", opts.limit ?? 200, now);
  const out = { events: 0, deliveries: 0, failed: 0 };
  for (const row of claimed) {
    try {
      const r = await fanOutEvent(db, row.idempotencyKey, row.payload as WebhookCause, now);
      await completeEffect(db, row.id, now);
      out.events++;
      out.deliveries += r.deliveries;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      out.failed++;
      // A record that does not exist (or an event that cannot be built) will not appear by retrying.
      if (err instanceof AppError) await abandonEffect(db, row.id, message, now);
      else await failEffect(db, row.id, message, row.attempts, now);
    }
  }
  return out;
}
