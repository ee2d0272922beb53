import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { disbursements } from "@/db/schema";
import { ACCOUNTS, disbursementPostings } from "@/server/domain/ledger-rules";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { postJournalEntry } from "../ledger/post";
import { openWorkItem } from "../work-items/open";
import { requestJournalEntry } from "./lifecycle";

export type TransferFacts = {
  transferId: string;
  /** Our disbursement id from the transfer's metadata (set when we create it). */
  disbursementId?: string | null;
  amount: bigint;
  amountReversed: bigint;
  currency: string;
  occurredAt: Date;
};

export type TransferResult = {
  outcome: "applied" | "unchanged" | "unmatched";
  disbursementId?: string;
  reversedNow?: bigint;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A Connect transfer event (created / updated / reversed) applied to the disbursement with the
 * same `stripe_transfer_id` (or named in its metadata): links the id, marks it paid, and books any
 * newly reversed amount back to the creditor's payable. The reversed total is cumulative, so a
 * repeat or an older event changes nothing. An unknown transfer is an operator's work item.
 */
export async function applyTransferEvent(db: Db, t: TransferFacts, actor: Actor): Promise<TransferResult> {
  return db.transaction(async (tx) => {
    const byId = await tx
      .select()
      .from(disbursements)
      .where(eq(disbursements.stripeTransferId, t.transferId))
      .for("update");
    const byMeta =
      !byId.length && t.disbursementId && UUID.test(t.disbursementId)
        ? await tx.select().from(disbursements).where(eq(disbursements.id, t.disbursementId)).for("update")
        : [];
    const d = byId[0] ?? byMeta[0];
    const problem = !d
      ? "no disbursement has this transfer id"
      : d.stripeTransferId && d.stripeTransferId !== t.transferId
        ? `disbursement ${d.id} already has transfer ${d.stripeTransferId}`
        : d.currency !== t.currency
          ? `currency ${t.currency} differs from the disbursement's ${d.currency}`
          : null;
    if (!d || problem) {
      await openWorkItem(tx, {
        kind: "unmatched_transfer",
        creditorId: d?.creditorId ?? null,
        subjectType: "stripe_transfer",
        subjectId: t.transferId,
        title: `Stripe transfer ${t.transferId}: ${problem}`,
        nextAction:
          "Find the disbursement this transfer pays (or reverse the transfer in Stripe) and record it manually.",
        evidence: { ...t },
        dedupeKey: `unmatched-transfer:${t.transferId}`,
      });
      return { outcome: "unmatched" };
    }
    // Never give back more than was paid out, whatever the transfer says (a mismatch is flagged below).
    const reversedTotal = t.amountReversed < d.amount ? t.amountReversed : d.amount;
    const reversedNow = reversedTotal - d.reversedAmount;
    const isPaidNow = d.status === "approved" || d.status === "sent";
    const status = reversedTotal >= d.amount ? "reversed" : isPaidNow ? "paid" : d.status;
    if (reversedNow <= 0n && d.stripeTransferId === t.transferId && status === d.status)
      return { outcome: "unchanged", disbursementId: d.id };
    if (reversedNow > 0n) {
      // Money back from the connected account: the creditor is owed it again.
      const legs = disbursementPostings({
        creditorId: d.creditorId,
        currency: d.currency,
        amount: reversedNow,
        cashAccount: ACCOUNTS.stripeClearing,
      }).map((p) => ({ ...p, amount: -p.amount }));
      await postJournalEntry(tx, {
        kind: "disbursement_reversal",
        description: `Transfer ${t.transferId} reversed (${reversedTotal} of ${d.amount})`,
        creditorId: d.creditorId,
        sourceRef: `transfer_reversal:${t.transferId}:${reversedTotal}`,
        occurredAt: t.occurredAt,
        postings: legs,
      });
    }
    if (t.amount !== d.amount) {
      await openWorkItem(tx, {
        kind: "unmatched_transfer",
        creditorId: d.creditorId,
        subjectType: "disbursement",
        subjectId: d.id,
        title: `Transfer ${t.transferId} is ${t.amount}, disbursement ${d.id} is ${d.amount}`,
        nextAction: "Check the transfer in Stripe against the disbursement and settle the difference.",
        evidence: { ...t, disbursementAmount: d.amount },
        dedupeKey: `transfer-amount:${t.transferId}`,
      });
    }
    const reversedAmount = reversedNow > 0n ? reversedTotal : d.reversedAmount;
    await tx
      .update(disbursements)
      .set({
        stripeTransferId: t.transferId,
        status,
        reversedAmount,
        updatedAt: new Date(),
        ...(isPaidNow ? { paidAt: t.occurredAt, sentAt: d.sentAt ?? t.occurredAt } : {}),
      })
      .where(eq(disbursements.id, d.id));
    if (isPaidNow) await requestJournalEntry(tx, d);
    await recordAudit(tx, {
      actor,
      action: reversedNow > 0n ? "disbursement.transfer_reversed" : "disbursement.transfer_updated",
      category: "payments",
      creditorId: d.creditorId,
      targetType: "disbursement",
      targetId: d.id,
      details: {
        transferId: t.transferId,
        status,
        reversedNow: reversedNow > 0n ? reversedNow : 0n,
        amountReversed: t.amountReversed,
      },
    });
    return { outcome: "applied", disbursementId: d.id, reversedNow: reversedNow > 0n ? reversedNow : 0n };
  });
}
