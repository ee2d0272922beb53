import type Stripe from "stripe";
import type { stripeEvents } from "@/db/schema";

type InboxState = Pick<typeof stripeEvents.$inferInsert, "status" | "error" | "attempts" | "processedAt" | "waitKeys">;

/**
 * The inbox row of an event, the one place it is built, whichever statement stores it (the
 * transaction path, the batched fast path, ignored and failed events): its payload kept whole,
 * for re-drives and for the record, and its state.
 */
export function inboxRow(event: Stripe.Event, state: InboxState): typeof stripeEvents.$inferInsert {
  const objectId = (event.data.object as { id?: unknown }).id;
  return {
    eventId: event.id,
    type: event.type,
    livemode: Boolean(event.livemode),
    account: event.account ?? null,
    apiVersion: event.api_version ?? null,
    objectId: typeof objectId === "string" ? objectId : null,
    created: new Date(event.created * 1000),
    payload: event as unknown as Record<string, unknown>,
    ...state,
  };
}

/** An event stored as processed in the statement that applies it. */
export const processedInbox = (event: Stripe.Event, now: Date) =>
  inboxRow(event, { status: "processed", attempts: 1, processedAt: now });
