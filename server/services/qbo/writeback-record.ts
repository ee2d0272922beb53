import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { qboPaymentMappings } from "@/db/schema";
import { formatMinor } from "@/server/domain/money";
import { AppError } from "@/server/errors";
import { QboError } from "@/server/integrations/qbo/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { WritebackProblem, type SyncAction } from "./writeback-sync";
import { openWorkItem } from "../work-items/open";
import { requestIdGeneration, writebackRequestId } from "@/server/integrations/qbo/payment-body";

/** How writeback outcomes are recorded: the mapping, its sync-log event and, when a person is needed, a work item. */
export type MappingRow = typeof qboPaymentMappings.$inferSelect;

/** Failures of a transient kind open a work item only after this many attempts. */
export const WORK_ITEM_AFTER_ATTEMPTS = 3;
const MINUTE = 60_000;

export type Failure = { message: string; code: string; isRetryable: boolean; needsReconnect: boolean };

/**
 * Which `requestid` the next attempt uses, and why (for the sync log). QBO answers a repeated
 * requestid with its first answer (Intuit, "Idempotency": blogs.intuit.com 2015-04-06):
 *  - no answer (network, timeout, 5xx, throttle) → keep it: the write may have happened, and the
 *    replay is how we learn its result without posting twice;
 *  - a definite refusal of a write (a 4xx ValidationFault such as a closed period or a missing
 *    customer) → a new one: nothing was written, and the old id would replay the refusal for ever.
 */
export function nextRequestId(row: MappingRow, err: unknown): { requestId: string; reason: string } {
  if (err instanceof QboError && err.requestId !== undefined && err.isDefiniteRefusal) {
    return {
      requestId: writebackRequestId(row.paymentAttemptId, requestIdGeneration(row.requestId) + 1),
      reason: `renewed: QuickBooks refused request ${err.requestId} (HTTP ${err.status}${err.code ? `, code ${err.code}` : ""}); the same requestid would replay that refusal`,
    };
  }
  return {
    requestId: row.requestId,
    reason:
      err instanceof QboError && err.requestId !== undefined
        ? "kept: no definite answer arrived, so the retry must replay the first request rather than post again"
        : "kept: QuickBooks did not refuse a write under this requestid",
  };
}

/** Any error from a writeback attempt, in words for the sync log. */
export function describeFailure(err: unknown): Failure {
  if (err instanceof QboError) {
    const needsReconnect = err.kind === "auth";
    return {
      message: err.qboMessage,
      code: err.code ?? err.kind,
      isRetryable: err.isRetryable || err.kind === "stale",
      needsReconnect,
    };
  }
  if (err instanceof WritebackProblem)
    return { message: err.message, code: err.code, isRetryable: err.isRetryable, needsReconnect: false };
  if (err instanceof AppError && err.code === "PRECONDITION_FAILED")
    return { message: err.message, code: "needs_reconnect", isRetryable: false, needsReconnect: true };
  return {
    message: err instanceof Error ? err.message : String(err),
    code: "internal",
    isRetryable: true,
    needsReconnect: false,
  };
}

/** When to try again: exponential for transient faults, slow for ones a person must fix. */
export function nextAttemptDelayMs(f: Failure, attempts: number): number {
  if (f.needsReconnect) return 15 * MINUTE;
  if (!f.isRetryable) return 6 * 60 * MINUTE;
  return Math.min(60 * MINUTE, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/** Mark a mapping posted (first post, or an amount re-sync after a reversal) with its sync-log event. */
export async function recordPosted(
  db: Db,
  row: MappingRow,
  r: { qboPaymentId: string; netAmount: bigint; action: SyncAction; now: Date },
  actor: Actor,
) {
  await db.transaction(async (tx) => {
    await tx
      .update(qboPaymentMappings)
      .set({
        status: "posted",
        qboPaymentId: r.qboPaymentId,
        postedAt: row.postedAt ?? r.now,
        lastError: null,
        lastErrorCode: null,
        updatedAt: r.now,
      })
      .where(eq(qboPaymentMappings.id, row.id));
    const first = !row.qboPaymentId;
    await recordAudit(tx, {
      actor,
      action: first ? "qbo.writeback.posted" : "qbo.writeback.synced",
      category: "qbo",
      creditorId: row.creditorId,
      targetType: "qbo_payment_mapping",
      targetId: row.id,
      details: {
        paymentAttemptId: row.paymentAttemptId,
        placementId: row.placementId,
        qboInvoiceId: row.qboInvoiceId,
        qboPaymentId: r.qboPaymentId,
        amount: row.amount,
        netAmount: r.netAmount,
        currency: row.currency,
        requestId: row.requestId,
        attempts: row.attempts,
        amountChange: r.action,
      },
    });
  });
}

/** Mark a mapping failed with QBO's own message; open a writeback_failed work item when a person is needed. */
export async function recordFailure(
  db: Db,
  row: MappingRow,
  err: unknown,
  ctx: { now: Date; qboPaymentId?: string; invoiceNumber?: string },
  actor: Actor,
) {
  const f = describeFailure(err);
  const next = nextRequestId(row, err);
  await db.transaction(async (tx) => {
    await tx
      .update(qboPaymentMappings)
      .set({
        status: "failed",
        requestId: next.requestId,
        lastError: f.message.slice(0, 2000),
        lastErrorCode: f.code.slice(0, 60),
        nextAttemptAt: new Date(ctx.now.getTime() + nextAttemptDelayMs(f, row.attempts)),
        updatedAt: ctx.now,
        ...(ctx.qboPaymentId ? { qboPaymentId: ctx.qboPaymentId } : {}),
      })
      .where(eq(qboPaymentMappings.id, row.id));
    await recordAudit(tx, {
      actor,
      action: "qbo.writeback.failed",
      category: "qbo",
      creditorId: row.creditorId,
      targetType: "qbo_payment_mapping",
      targetId: row.id,
      details: {
        paymentAttemptId: row.paymentAttemptId,
        placementId: row.placementId,
        qboInvoiceId: row.qboInvoiceId,
        amount: row.amount,
        currency: row.currency,
        message: f.message,
        code: f.code,
        attempts: row.attempts,
        retryable: f.isRetryable,
        requestId: row.requestId,
        nextRequestId: next.requestId,
        requestIdDecision: next.reason,
      },
    });
    if (f.needsReconnect || (f.isRetryable && row.attempts < WORK_ITEM_AFTER_ATTEMPTS)) return;
    await openWorkItem(tx, {
      kind: "writeback_failed",
      creditorId: row.creditorId,
      subjectType: "qbo_payment_mapping",
      subjectId: row.id,
      title: `QuickBooks writeback of ${formatMinor(row.amount, row.currency)} ${row.currency}${ctx.invoiceNumber ? ` for invoice ${ctx.invoiceNumber}` : ""} failed${f.isRetryable ? ` ${row.attempts} times` : ""}`,
      nextAction: f.isRetryable
        ? "QuickBooks keeps refusing or timing out; retries continue with backoff. Check the connection and QuickBooks' status, then retry from the sync log."
        : "Read QuickBooks' message in the sync log, fix the cause (invoice link, amount, customer), then press Retry.",
      evidence: {
        message: f.message,
        code: f.code,
        attempts: row.attempts,
        placementId: row.placementId,
        paymentAttemptId: row.paymentAttemptId,
        qboInvoiceId: row.qboInvoiceId,
        requestId: row.requestId,
      },
      dedupeKey: `qbo-writeback-failed:${row.id}`,
    });
  });
  return f;
}
