import type Stripe from "stripe";
import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { stripeEvents } from "@/db/schema";
import type { StripeObjectSource } from "@/server/integrations/stripe/objects";
import { idOf } from "@/server/services/stripe-events/handlers/types";
import { receiveStripeEvent, reprocessStoredEvent } from "./inbox";

export type ResolveResult = { looked: number; resolved: number; skipped?: string };

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
  opts: { olderThanMs?: number; limit?: number; now?: Date } = {},
): Promise<ResolveResult> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - (opts.olderThanMs ?? 15 * 60_000));
  const rows = await db
    .select({ eventId: stripeEvents.eventId, type: stripeEvents.type, payload: stripeEvents.payload })
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
    if (!source) continue;
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
    } else resolved += 1;
  }
  return {
    looked: rows.length,
    resolved,
    ...(source ? {} : { skipped: "no STRIPE_SECRET_KEY: parked events are re-run here, not looked up at Stripe" }),
  };
}
