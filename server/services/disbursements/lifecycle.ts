import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { disbursementItems, disbursements } from "@/db/schema";
import { ACCOUNTS, disbursementPostings } from "@/server/domain/ledger-rules";
import { AppError, notFound } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { postJournalEntry } from "../ledger/post";
import { enqueueEffect } from "../outbox/outbox";
import { openWorkItem } from "../work-items/open";

/**
 * The rest of a disbursement's life after approval: a manual ACH/wire recorded with its bank
 * reference, money that never arrived (failed: the entry is reversed and the rows return to the
 * payable), and the QuickBooks journal entry requested once it is paid. Every change is audited.
 */
type Row = typeof disbursements.$inferSelect;

/** Once paid, the creditor's QuickBooks gets its journal entry (through the outbox; accepted only with a mapping). */
export async function requestJournalEntry(tx: Db, d: Pick<Row, "id" | "creditorId" | "amount" | "currency">) {
  await enqueueEffect(tx, "qbo.journal-entry", `qbo-journal:${d.id}`, {
    disbursementId: d.id,
    creditorId: d.creditorId,
    amount: d.amount,
    currency: d.currency,
  });
}

/** Record that an approved manual disbursement was sent by ACH or wire, with the bank's reference. */
export async function recordManualPayment(
  db: Db,
  input: { disbursementId: string; method: "ach" | "wire"; reference: string; sentOn?: Date },
  actor: Actor,
) {
  const reference = input.reference.trim();
  if (reference.length < 3 || reference.length > 140)
    throw new AppError("BAD_REQUEST", "Enter the bank reference of the payment (3 to 140 characters).");
  return db.transaction(async (tx) => {
    const d = await lock(tx, input.disbursementId);
    if (d.method === "stripe_transfer")
      throw new AppError(
        "CONFLICT",
        "This disbursement goes by Stripe transfer; it cannot be recorded as a manual payment.",
      );
    if (d.status !== "approved")
      throw new AppError("CONFLICT", `Only an approved disbursement can be recorded as paid; this one is ${d.status}.`);
    const now = new Date();
    const sentAt = input.sentOn ?? now;
    await tx
      .update(disbursements)
      .set({ status: "paid", method: input.method, achReference: reference, sentAt, paidAt: sentAt, updatedAt: now })
      .where(eq(disbursements.id, d.id));
    await recordAudit(tx, {
      actor,
      action: "disbursement.manual_recorded",
      category: "payments",
      creditorId: d.creditorId,
      targetType: "disbursement",
      targetId: d.id,
      details: { method: input.method, reference, amount: d.amount, currency: d.currency, status: "paid" },
    });
    await requestJournalEntry(tx, d);
    return { disbursementId: d.id, status: "paid" as const };
  });
}

/**
 * The money did not reach the creditor (a transfer Stripe refused for good, a returned wire): the
 * disbursement's entry is reversed, its rows return to the payable (items released), and an
 * operator gets a work item. Call inside the caller's transaction.
 */
export async function failDisbursementInTx(
  tx: Db,
  input: { disbursementId: string; reason: string },
  actor: Actor,
): Promise<{ disbursementId: string; status: "failed" } | null> {
  const d = await lock(tx, input.disbursementId);
  if (d.status === "failed") return null;
  if (!["approved", "sent", "paid"].includes(d.status) || d.reversedAmount > 0n)
    throw new AppError("CONFLICT", `A ${d.status} disbursement cannot be marked failed.`);
  const now = new Date();
  if (d.journalEntryId) {
    const legs = disbursementPostings({
      creditorId: d.creditorId,
      currency: d.currency,
      amount: d.amount,
      feesNetted: d.feesNetted,
      cashAccount: d.method === "stripe_transfer" ? ACCOUNTS.stripeClearing : ACCOUNTS.operatingCash,
    }).map((p) => ({ ...p, amount: -p.amount }));
    await postJournalEntry(tx, {
      kind: "disbursement_failed",
      description: `Disbursement ${d.id} failed: ${input.reason}`.slice(0, 500),
      creditorId: d.creditorId,
      sourceRef: `disbursement_failed:${d.id}`,
      occurredAt: now,
      postings: legs,
    });
  }
  const released = await tx
    .update(disbursementItems)
    .set({ releasedAt: now })
    .where(and(eq(disbursementItems.disbursementId, d.id), isNull(disbursementItems.releasedAt)))
    .returning({ id: disbursementItems.remittanceId });
  await tx
    .update(disbursements)
    .set({ status: "failed", failedAt: now, failureReason: input.reason.slice(0, 2000), updatedAt: now })
    .where(eq(disbursements.id, d.id));
  await recordAudit(tx, {
    actor,
    action: "disbursement.failed",
    category: "payments",
    creditorId: d.creditorId,
    targetType: "disbursement",
    targetId: d.id,
    details: {
      reason: input.reason,
      amount: d.amount,
      currency: d.currency,
      rowsReturned: released.length,
      from: d.status,
    },
  });
  await openWorkItem(tx, {
    kind: "transfer_failed",
    creditorId: d.creditorId,
    subjectType: "disbursement",
    subjectId: d.id,
    title: `Disbursement of ${d.amount} ${d.currency} failed: ${input.reason}`.slice(0, 500),
    nextAction:
      "Its rows are payable again and will be in the next run. Check the creditor's account details (connected account or bank details) before that run is approved.",
    evidence: { disbursementId: d.id, reason: input.reason, rowsReturned: released.length, amount: d.amount },
    dedupeKey: `disbursement-failed:${d.id}`,
  });
  return { disbursementId: d.id, status: "failed" };
}

/** A person records that a disbursement failed (e.g. the wire came back). */
export async function markDisbursementFailed(db: Db, input: { disbursementId: string; reason: string }, actor: Actor) {
  if (input.reason.trim().length < 3) throw new AppError("BAD_REQUEST", "Say why it failed (at least 3 characters).");
  return db.transaction(async (tx) => {
    const r = await failDisbursementInTx(
      tx,
      { disbursementId: input.disbursementId, reason: input.reason.trim() },
      actor,
    );
    if (!r) throw new AppError("CONFLICT", "This disbursement is already marked failed.");
    return r;
  });
}

async function lock(tx: Db, id: string): Promise<Row> {
  const [d] = await tx.select().from(disbursements).where(eq(disbursements.id, id)).for("update");
  if (!d) throw notFound("disbursement");
  return d;
}
