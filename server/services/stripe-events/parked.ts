import type Stripe from "stripe";
import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { stripeEvents } from "@/db/schema";
import type { StripeObjectSource } from "@/server/integrations/stripe/objects";
import { idOf } from "@/server/services/stripe-events/handlers/types";
import { receiveStripeEvent, reprocessStoredEvent } from "./inbox";
import { recordAudit } from "../audit/record";
import { openWorkItem } from "../work-items/open";

/**
 * How long a parked event may wait for what it needs (its payment, its refunds) before a person is
 * asked. Stripe delivers an event's siblings within minutes, and retries a failed delivery for up to
 * three days; a day covers every ordinary delay and still surfaces a stuck event the next morning.
 */
export const PARKED_GIVE_UP_MS = 24 * 60 * 60_000;

export type ResolveResult = { looked: number; resolved: number; surfaced: number; skipped?: string };

/** Synthetic events get ids of their own, so a look-up is stored (and deduplicated) like a delivery. */
function synthetic(
  type: "payment_intent.succeeded" | "refund.updated",
  object: { id: string; created?: number; livemode?: boolean },
): Stripe.Event {
  return {
    id: `fetched:${object.id}`,
    object: "event",
    type,
    api_version: null,
    created: object.created ?? Math.floor(Date.now() / 1000),
    livemode: Boolean(object.livemode),
    pending_webhooks: 0,
    request: null,
    data: { object },
  } as unknown as Stripe.Event;
}

/**
 * Parked events that have waited longer than `olderThanMs`. Each is first re-run as stored: its
 * payment may be recorded by now (a re-drive that could not run right after the payment
 * committed). What still waits is looked up at Stripe: its payment (and, for a `charge.refunded`
 * summary, the charge's refunds), and what has succeeded is fed through the inbox as synthetic
 * `fetched:<object id>` events, which books it and re-drives the waiters. Without an API key
 * (`source` null) nothing is fetched and the events keep waiting for their own webhooks.
 * Meant for a periodic job.
 */
export async function resolveStaleParked(
  db: Db,
  source: StripeObjectSource | null,
  opts: { olderThanMs?: number; giveUpAfterMs?: number; limit?: number; now?: Date } = {},
): Promise<ResolveResult> {
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - (opts.olderThanMs ?? 15 * 60_000));
  const giveUpBefore = now.getTime() - (opts.giveUpAfterMs ?? PARKED_GIVE_UP_MS);
  let surfaced = 0;
  const rows = await db
    .select({
      eventId: stripeEvents.eventId,
      type: stripeEvents.type,
      payload: stripeEvents.payload,
      receivedAt: stripeEvents.receivedAt,
    })
    .from(stripeEvents)
    .where(and(eq(stripeEvents.status, "parked"), lt(stripeEvents.receivedAt, cutoff)))
    .orderBy(asc(stripeEvents.receivedAt))
    .limit(opts.limit ?? 50);
  let resolved = 0;
  for (const row of rows) {
    if ((await reprocessStoredEvent(db, row.eventId)).status !== "parked") {
      resolved += 1;
      continue;
    }
    if (!source) {
      if (row.receivedAt.getTime() < giveUpBefore && (await surfaceStuck(db, row, now))) surfaced += 1;
      continue;
    }
    const object = (row.payload as unknown as Stripe.Event).data.object as {
      id: string;
      payment_intent?: string | { id: string } | null;
    };
    const pi = row.type === "payment_intent.succeeded" ? null : idOf(object.payment_intent);
    let found = "nothing new";
    if (pi) {
      const intent = await source.paymentIntent(pi);
      found = intent ? `payment ${pi} is ${intent.status}` : `payment ${pi} unknown to Stripe`;
      if (intent?.status === "succeeded") await receiveStripeEvent(db, synthetic("payment_intent.succeeded", intent));
    }
    if (row.type === "charge.refunded") {
      const refunds = await source.refundsOfCharge(object.id);
      for (const r of refunds.filter((x) => x.status === "succeeded"))
        await receiveStripeEvent(db, synthetic("refund.updated", r));
      found += `; ${refunds.length} refund(s) listed`;
    }
    const [after] = await db
      .select({ status: stripeEvents.status })
      .from(stripeEvents)
      .where(eq(stripeEvents.eventId, row.eventId));
    if (after?.status === "parked") {
      await db
        .update(stripeEvents)
        .set({
          attempts: sql`${stripeEvents.attempts} + 1`,
          error: `still waiting; looked up at Stripe: ${found}`,
          updatedAt: new Date(),
        })
        .where(and(eq(stripeEvents.eventId, row.eventId), eq(stripeEvents.status, "parked")));
      if (row.receivedAt.getTime() < giveUpBefore && (await surfaceStuck(db, row, now))) surfaced += 1;
    } else resolved += 1;
  }
  return {
    looked: rows.length,
    resolved,
    surfaced,
    ...(source ? {} : { skipped: "no STRIPE_SECRET_KEY: parked events are re-run here, not looked up at Stripe" }),
  };
}

/**
 * A parked event that waited past the bounded wait: stored `failed` with its last reason and a
 * `stripe_event_failed` work item, in one transaction (only if it is still parked). It no longer
 * waits silently; an operator fixes the cause and re-runs it from the inbox, or books it by hand.
 */
async function surfaceStuck(
  db: Db,
  row: { eventId: string; type: string; payload: unknown; receivedAt: Date },
  now: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ error: stripeEvents.error, waitKeys: stripeEvents.waitKeys })
      .from(stripeEvents)
      .where(and(eq(stripeEvents.eventId, row.eventId), eq(stripeEvents.status, "parked")))
      .for("update", { skipLocked: true });
    if (!current) return false;
    const hours = Math.round((now.getTime() - row.receivedAt.getTime()) / 3_600_000);
    const reason = `parked for ${hours} h without being settled: ${current.error ?? "waiting"}`;
    await tx
      .update(stripeEvents)
      .set({ status: "failed", error: reason.slice(0, 2000), waitKeys: [], updatedAt: now })
      .where(eq(stripeEvents.eventId, row.eventId));
    const object = (row.payload as Stripe.Event).data.object as { id?: unknown };
    await openWorkItem(tx, {
      kind: "stripe_event_failed",
      subjectType: "stripe_event",
      subjectId: row.eventId,
      title: `Stripe ${row.type} ${row.eventId} waited ${hours} h and was not settled`.slice(0, 500),
      nextAction:
        "Read the reason, look the object up in the Stripe dashboard, book what it describes (or fix the link), then re-run the event from the inbox.",
      evidence: {
        reason: current.error,
        waitedFor: current.waitKeys,
        type: row.type,
        objectId: typeof object.id === "string" ? object.id : null,
      },
      dedupeKey: `stripe-event:${row.eventId}`,
    });
    await recordAudit(tx, {
      actor: { type: "job", id: "stripe-parked" },
      action: "stripe.event_failed",
      category: "payments",
      targetType: "stripe_event",
      targetId: row.eventId,
      details: { type: row.type, reason },
    });
    return true;
  });
}
