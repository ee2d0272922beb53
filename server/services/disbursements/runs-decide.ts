import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, disbursementDecisions, disbursementItems, disbursementRuns, disbursements } from "@/db/schema";
import { ACCOUNTS, disbursementPostings } from "@/server/domain/ledger-rules";
import { AppError, notFound } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { postJournalEntry } from "../ledger/post";
import { enqueueEffect } from "../outbox/outbox";

/**
 * Disbursement runs, part 2: the second person's decision. Approval is refused to the proposer
 * here (FORBIDDEN, with the reason) and again by the database (CHECK disbursement_runs_four_eyes),
 * so no path can approve one's own run. Only an approval posts the ledger entries (Dr payable,
 * Cr fees owed, Cr cash) and queues the Stripe transfers; a rejection releases the reserved rows.
 */
export async function approveRun(db: Db, input: { runId: string }, actor: Actor) {
  if (actor.type !== "user") throw new AppError("FORBIDDEN", "a disbursement run is approved by a person");
  return db.transaction(async (tx) => {
    const run = await lockProposedRun(tx, input.runId);
    if (run.proposedBy === actor.id)
      throw new AppError(
        "FORBIDDEN",
        "You proposed this run, so you cannot approve it: a second finance person must approve it (four-eyes).",
      );
    const now = new Date();
    await tx
      .update(disbursementRuns)
      .set({ status: "approved", decidedBy: actor.id, decidedAt: now })
      .where(eq(disbursementRuns.id, run.id));
    await tx.insert(disbursementDecisions).values({ runId: run.id, decision: "approved", actorId: actor.id });
    const drafts = await tx
      .select({ d: disbursements, creditor: creditors })
      .from(disbursements)
      .innerJoin(creditors, eq(creditors.id, disbursements.creditorId))
      .where(and(eq(disbursements.runId, run.id), eq(disbursements.status, "draft")))
      .for("update", { of: disbursements });
    for (const { d, creditor } of drafts) {
      const isStripe = Boolean(creditor.stripeAccountId);
      const entryId = await postJournalEntry(tx, {
        kind: "disbursement",
        description: `Disbursement ${d.id} to ${creditor.name}`,
        creditorId: creditor.id,
        sourceRef: `disbursement:${d.id}`,
        occurredAt: now,
        postings: disbursementPostings({
          creditorId: creditor.id,
          currency: d.currency,
          amount: d.amount,
          feesNetted: d.feesNetted,
          cashAccount: isStripe ? ACCOUNTS.stripeClearing : ACCOUNTS.operatingCash,
        }),
      });
      await tx
        .update(disbursements)
        .set({
          status: "approved",
          method: isStripe ? "stripe_transfer" : null,
          journalEntryId: entryId,
          approvedAt: now,
          updatedAt: now,
        })
        .where(eq(disbursements.id, d.id));
      if (isStripe)
        await enqueueEffect(tx, "stripe.transfer", `transfer:${d.id}`, {
          disbursementId: d.id,
          creditorId: creditor.id,
          destination: creditor.stripeAccountId,
          amount: d.amount,
          currency: d.currency,
        });
      await recordAudit(tx, {
        actor,
        action: "disbursement.approved",
        category: "payments",
        creditorId: creditor.id,
        targetType: "disbursement",
        targetId: d.id,
        details: {
          runId: run.id,
          proposedBy: run.proposedBy,
          amount: d.amount,
          currency: d.currency,
          method: isStripe ? "stripe_transfer" : "manual",
          feesNetted: d.feesNetted,
        },
      });
    }
    await recordAudit(tx, {
      actor,
      action: "disbursement_run.approved",
      category: "payments",
      targetType: "disbursement_run",
      targetId: run.id,
      details: { proposedBy: run.proposedBy, disbursements: drafts.length },
    });
    return { runId: run.id, approved: drafts.length };
  });
}

/** Reject (or, by its proposer, withdraw) a proposed run: its drafts are cancelled and their rows released. */
export async function rejectRun(db: Db, input: { runId: string; reason: string }, actor: Actor) {
  if (actor.type !== "user") throw new AppError("FORBIDDEN", "a disbursement run is rejected by a person");
  const reason = input.reason.trim();
  if (reason.length < 3) throw new AppError("BAD_REQUEST", "Say why the run is rejected (at least 3 characters).");
  return db.transaction(async (tx) => {
    const run = await lockProposedRun(tx, input.runId);
    const now = new Date();
    await tx
      .update(disbursementRuns)
      .set({ status: "rejected", decidedBy: actor.id, decidedAt: now, decisionReason: reason })
      .where(eq(disbursementRuns.id, run.id));
    await tx.insert(disbursementDecisions).values({ runId: run.id, decision: "rejected", actorId: actor.id, reason });
    const drafts = await tx
      .update(disbursements)
      .set({ status: "cancelled", updatedAt: now })
      .where(and(eq(disbursements.runId, run.id), eq(disbursements.status, "draft")))
      .returning({ id: disbursements.id, creditorId: disbursements.creditorId });
    for (const d of drafts) {
      await tx
        .update(disbursementItems)
        .set({ releasedAt: now })
        .where(and(eq(disbursementItems.disbursementId, d.id), isNull(disbursementItems.releasedAt)));
      await recordAudit(tx, {
        actor,
        action: "disbursement.cancelled",
        category: "payments",
        creditorId: d.creditorId,
        targetType: "disbursement",
        targetId: d.id,
        details: { runId: run.id, reason },
      });
    }
    await recordAudit(tx, {
      actor,
      action: "disbursement_run.rejected",
      category: "payments",
      targetType: "disbursement_run",
      targetId: run.id,
      details: { proposedBy: run.proposedBy, reason, withdrawn: run.proposedBy === actor.id },
    });
    return { runId: run.id, cancelled: drafts.length };
  });
}

async function lockProposedRun(tx: Db, runId: string) {
  const [run] = await tx.select().from(disbursementRuns).where(eq(disbursementRuns.id, runId)).for("update");
  if (!run) throw notFound("disbursement run");
  if (run.status !== "proposed")
    throw new AppError(
      "CONFLICT",
      `This run was already ${run.status}${run.decidedBy ? ` by ${run.decidedBy}` : ""}; nothing was changed.`,
    );
  return run;
}
