import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from "@/db/schema";
import { postWebhook, signedHeaders, type SendOutcome } from "@/server/integrations/webhooks-out/send";
import { systemActor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { enqueueEffect } from "../outbox/outbox";
import { liveSecrets } from "./endpoints";
import type { WebhookDeps } from "./settings";

/**
 * Delays between attempts (after the first, sent at once), as Standard Webhooks senders commonly
 * space them: 5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h. A delivery is given up ("dead") once
 * the next attempt would fall more than three days after the delivery was created (or replayed).
 */
const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000];
export const RETRY_WINDOW_MS = 3 * 24 * 3_600_000;
const LEASE_MS = 60_000;

/** When to try again after `attempts` failed attempts, or null when the three-day window is over. */
export function nextAttemptAt(attempts: number, retryFrom: Date, now: Date): Date | null {
  const delay = RETRY_DELAYS_MS[Math.min(attempts - 1, RETRY_DELAYS_MS.length - 1)]!;
  const at = new Date(now.getTime() + delay);
  return at.getTime() - retryFrom.getTime() > RETRY_WINDOW_MS ? null : at;
}

/** Claim due deliveries of enabled endpoints (SKIP LOCKED, with a lease so a crashed worker's rows come back). */
async function claimDue(db: Db, limit: number, now: Date, onlyIds?: string[]) {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(
        and(
          inArray(webhookDeliveries.status, ["pending", "failed"]),
          lte(webhookDeliveries.nextAttemptAt, now),
          or(isNull(webhookDeliveries.leaseUntil), lte(webhookDeliveries.leaseUntil, now)),
          eq(webhookEndpoints.isEnabled, true),
          onlyIds ? inArray(webhookDeliveries.id, onlyIds) : undefined,
        ),
      )
      .orderBy(webhookDeliveries.nextAttemptAt)
      .limit(limit)
      .for("update", { of: webhookDeliveries, skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(webhookDeliveries)
      .set({ leaseUntil: new Date(now.getTime() + LEASE_MS), attempts: sql`${webhookDeliveries.attempts} + 1` })
      .where(
        inArray(
          webhookDeliveries.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
}

type Claimed = Awaited<ReturnType<typeof claimDue>>[number];

/** Send one claimed delivery and record what happened (attempt log, retry schedule, endpoint health). */
async function attempt(db: Db, d: WebhookDeps, delivery: Claimed, now: Date) {
  const [event] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, delivery.eventId));
  const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, delivery.endpointId));
  const body = JSON.stringify(event!.payload);
  const msgId = `msg_${event!.id.replaceAll("-", "")}`;
  let sent: SendOutcome;
  try {
    const headers = signedHeaders(msgId, now, body, await liveSecrets(db, d, endpoint!.id, now));
    sent = await postWebhook(endpoint!.url, body, headers, { ...d.policy, timeoutMs: d.timeoutMs });
  } catch (err) {
    // A secret that cannot be opened (the key changed) fails this delivery, not the whole run.
    sent = { status: null, latencyMs: 0, excerpt: "", error: `not sent: ${err instanceof Error ? err.message : err}` };
  }
  const ok = sent.status !== null && sent.status >= 200 && sent.status < 300;
  const error = ok
    ? null
    : (sent.error ??
      (sent.status !== null && sent.status >= 300 && sent.status < 400
        ? `answered ${sent.status} (redirects are not followed: use the final URL)`
        : `answered ${sent.status}`));
  const retryAt = ok ? null : nextAttemptAt(delivery.attempts, delivery.retryFrom, now);
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({
      deliveryId: delivery.id,
      attemptedAt: now,
      responseStatus: sent.status,
      latencyMs: sent.latencyMs,
      responseExcerpt: sent.excerpt.slice(0, 1024),
      error,
      isSuccess: ok,
    });
    await tx
      .update(webhookDeliveries)
      .set({
        status: ok ? "succeeded" : retryAt ? "failed" : "dead",
        nextAttemptAt: retryAt ?? now,
        leaseUntil: null,
        lastAttemptAt: now,
        responseStatus: sent.status,
        latencyMs: sent.latencyMs,
        responseExcerpt: sent.excerpt.slice(0, 1024),
        lastError: error,
      })
      .where(eq(webhookDeliveries.id, delivery.id));
    if (ok) {
      if (endpoint!.failingSince)
        await tx.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpoint!.id));
      return;
    }
    const since = endpoint!.failingSince ?? now;
    if (!endpoint!.failingSince)
      await tx.update(webhookEndpoints).set({ failingSince: now }).where(eq(webhookEndpoints.id, endpoint!.id));
    else if (now.getTime() - since.getTime() >= d.disableAfterMs) await disable(tx, endpoint!, since, error!, now);
  });
  return ok;
}

/** Switch off an endpoint that has failed for days and ask for its admins to be told (outbox mail). */
async function disable(
  tx: Db,
  endpoint: typeof webhookEndpoints.$inferSelect,
  since: Date,
  lastError: string,
  now: Date,
) {
  const reason = `disabled automatically: every delivery failed since ${since.toISOString()} (last: ${lastError})`;
  await tx
    .update(webhookEndpoints)
    .set({ isEnabled: false, disabledReason: reason, updatedAt: now })
    .where(eq(webhookEndpoints.id, endpoint.id));
  await enqueueEffect(tx, "mail.webhook-disabled", `webhook-disabled:${endpoint.id}:${now.toISOString()}`, {
    endpointId: endpoint.id,
    creditorId: endpoint.creditorId,
    url: endpoint.url,
    reason,
  });
  await recordAudit(tx, {
    actor: systemActor("webhook-deliveries"),
    action: "webhook_endpoint.disabled",
    creditorId: endpoint.creditorId,
    targetType: "webhook_endpoint",
    targetId: endpoint.id,
    details: { reason },
  });
}

/** Send every due delivery (a few at a time); `onlyIds` limits it to these (a test event, a replay). */
export async function deliverDueWebhooks(
  db: Db,
  d: WebhookDeps,
  opts: { now?: Date; limit?: number; onlyIds?: string[] } = {},
) {
  const now = opts.now ?? new Date();
  const out = { sent: 0, failed: 0 };
  const claimed = await claimDue(db, opts.limit ?? 100, now, opts.onlyIds);
  // Endpoints answer slowly at worst (10 s): a handful in parallel, never the whole batch at once.
  for (let i = 0; i < claimed.length; i += 8) {
    const results = await Promise.all(claimed.slice(i, i + 8).map((c) => attempt(db, d, c, now)));
    for (const ok of results) out[ok ? "sent" : "failed"]++;
  }
  return out;
}
