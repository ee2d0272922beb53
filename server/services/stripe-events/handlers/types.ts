import type Stripe from "stripe";
import type { Db } from "@/db/client";
import type { Actor } from "@/server/domain/actor";

/** What a handler sees: the event, the transaction its effects must join, and the audit actor. */
export type HandlerContext<E extends Stripe.Event = Stripe.Event> = { db: Db; event: E; actor: Actor };

/**
 * processed: effects written (or nothing left to do); `released` names keys that parked events may
 * be waiting for (a payment's ids, `dispute:<id>:withdrawn`…), so they are re-driven now.
 * parked: depends on something not here yet; re-driven when a `waitFor` key is released.
 * ignored: nothing to book (a pending refund, an unpaid session…).
 * failed: cannot be applied as sent; an operator gets a work item.
 */
export type HandlerOutcome =
  | { status: "processed"; summary: string; released?: string[] }
  | { status: "parked"; reason: string; waitFor: string[] }
  | { status: "ignored"; reason: string }
  | { status: "failed"; reason: string; evidence?: Record<string, unknown> };

export type StripeEventHandler = {
  /**
   * The payment the event concerns (PaymentIntent id, else charge id). Events about one payment
   * take this lock first, so a refund never parks while its payment is being recorded next door.
   */
  lockKey?: (event: Stripe.Event) => string | null;
  /**
   * Keys this event may release when processed (a superset of `released`), known before it runs:
   * the inbox checks for waiters in the statement that stores the event and skips the re-drive
   * query when there are none.
   */
  releases?: (event: Stripe.Event) => string[];
  handle: (ctx: HandlerContext) => Promise<HandlerOutcome>;
  /**
   * Optional fast path, tried first for an event not seen before: store the event as processed
   * and apply it in one statement, outside a transaction, shared with the payments arriving at the
   * same time (see stripe-events/payment-batch.ts), or answer null to go through `handle` in a
   * transaction. It may throw a serialization failure, after which the inbox retries through `handle`.
   */
  batched?: (ctx: HandlerContext) => Promise<BatchedOutcome | null>;
};

/**
 * What the fast path did. processed: committed with the processed mark; `hasWaiters`: parked
 * events wait for `released`, to be re-driven now. duplicate: the event was already stored.
 */
export type BatchedOutcome =
  { status: "processed"; summary: string; released: string[]; hasWaiters: boolean } | { status: "duplicate" };

/** The id of an expandable Stripe field (`"pi_…"` or `{ id: "pi_…" }`), or null. */
export function idOf(field: string | { id: string } | null | undefined): string | null {
  if (!field) return null;
  return typeof field === "string" ? field : field.id;
}

/** Stripe's `created` (seconds) as a Date. */
export const stripeTime = (seconds: number) => new Date(seconds * 1000);

/** Keys naming one payment; a refund or dispute parks on these until the payment is recorded. */
export const paymentKeys = (paymentIntentId: string | null, chargeId: string | null) =>
  [paymentIntentId, chargeId].filter((k): k is string => Boolean(k));

/** The single lock key of a payment: its PaymentIntent id when known, else its charge id. */
export const paymentLockKey = (paymentIntentId: string | null, chargeId: string | null) => paymentIntentId ?? chargeId;
