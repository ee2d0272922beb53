import type { Db } from "@/db/client";
import type { Actor } from "@/server/domain/actor";
import { AppError } from "@/server/errors";
import { requestJournalRetry } from "../qbo/journal-entries";
import { requestWritebackRetry } from "../qbo/writeback";
import { retryStripeEvent } from "../stripe-events/retry";
import { getWorkItem } from "./read";

/**
 * The existing retry behind a failed-writeback or failed-Stripe-event item, for agency staff: a
 * QuickBooks payment or journal writeback is queued for the next post (any creditor; staff are not
 * scoped), a Stripe event is re-driven through the inbox now. The item stays open until a person
 * closes it (the retry may fail again); its history notes the retry.
 */
export async function retryFromWorkItem(db: Db, params: { workItemId: string }, actor: Actor) {
  const item = await getWorkItem(db, params.workItemId);
  if (item.status !== "open" && item.status !== "in_progress")
    throw new AppError("CONFLICT", `already ${item.status} by ${item.resolvedBy ?? "someone"}; reopen it to retry`);
  if (item.subjectType === "qbo_payment_mapping") {
    const r = await requestWritebackRetry(db, { mappingId: item.subjectId }, actor);
    return {
      kind: "qbo_writeback" as const,
      job: r.queued ? ("qboWritebacks" as const) : null,
      creditorId: item.creditorId,
      status: r.status,
    };
  }
  if (item.subjectType === "qbo_journal_mapping") {
    const r = await requestJournalRetry(db, { mappingId: item.subjectId }, actor);
    return {
      kind: "qbo_journal" as const,
      job: r.queued ? ("qboJournalEntries" as const) : null,
      creditorId: item.creditorId,
      status: r.status,
    };
  }
  if (item.subjectType === "stripe_event") {
    const r = await retryStripeEvent(db, { eventId: item.subjectId }, actor);
    return { kind: "stripe_event" as const, job: null, creditorId: item.creditorId, status: r.status };
  }
  throw new AppError(
    "BAD_REQUEST",
    `a ${item.kind.replace(/_/g, " ")} item has no retry; resolve it or mark it resolved outside Clearbook`,
  );
}
