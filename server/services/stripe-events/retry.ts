import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { stripeEvents } from "@/db/schema";
import { AppError, notFound } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { reprocessStoredEvent } from "./inbox";
import { RETRYABLE_STATUSES } from "../queries/stripe-events";

export type RetryResult = { eventId: string; previousStatus: string; status: string; detail: string | null };

/**
 * A person re-drives a failed or parked event now, through the same inbox service a delivery
 * uses: its effects commit with its `processed` mark or not at all, and an event applied
 * meanwhile (a concurrent retry, a redelivery) answers `duplicate` and changes nothing. The
 * request and its outcome are audited with the person as actor; the effects themselves are
 * audited, as always, with the Stripe event as actor.
 */
export async function retryStripeEvent(db: Db, params: { eventId: string }, actor: Actor): Promise<RetryResult> {
  const [row] = await db
    .select({ status: stripeEvents.status, attempts: stripeEvents.attempts, error: stripeEvents.error })
    .from(stripeEvents)
    .where(eq(stripeEvents.eventId, params.eventId));
  if (!row) throw notFound("Stripe event");
  if (!RETRYABLE_STATUSES.includes(row.status)) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `Event ${params.eventId} is ${row.status}; only failed or parked events can be retried.`,
    );
  }
  const audit = (outcome: string, detail: string | null) =>
    recordAudit(db, {
      actor,
      action: "stripe.event_retried",
      category: "payments",
      targetType: "stripe_event",
      targetId: params.eventId,
      details: { previousStatus: row.status, outcome, detail, attemptsBefore: row.attempts, errorBefore: row.error },
    });
  try {
    const outcome = await reprocessStoredEvent(db, params.eventId);
    await audit(outcome.status, outcome.detail ?? null);
    return {
      eventId: params.eventId,
      previousStatus: row.status,
      status: outcome.status,
      detail: outcome.detail ?? null,
    };
  } catch (err) {
    // Nothing was applied (the inbox rolled back); the attempt is still on record.
    await audit("error", err instanceof Error ? err.message : String(err));
    throw err;
  }
}
