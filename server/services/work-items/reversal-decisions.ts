/**
 * Reversal decisions: after a refund or chargeback an operator decides the placement's future —
 * back to outreach (collectible again), keep as is, or write off what is outstanding
 * (`closed_uncollected` + a WRITE_OFF document). Four-eyes: a write-off, and any decision whose
 * amount is at or above FOUR_EYES_THRESHOLDS, is proposed by one person and approved by another
 * with the finance or admin role. The effect, the item's closing and the audit commit together.
 *
 * A write-off posts no journal entry: the invoice is the creditor's receivable, not a balance in
 * the agency's books; the WRITE_OFF document (and the placement's written-off cache) records it.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { placements } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";
import { isCurrencyCode } from "@/server/domain/money";
import { reversalDecisionEffect, type DecisionEffect, type ReversalDecision } from "@/server/domain/settlements";
import { needsFourEyes } from "@/server/domain/work-items";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { recordAudit } from "../audit/record";
import { documentRows } from "../ledger/rows";
import { evidenceMinor, insertDocument, itemWithPlacement } from "./decision-context";
import { actorDisplayName } from "./history";
import { approveDecision, proposeDecision, settleWorkItem } from "./lifecycle";

/** Below this (minor units) a decision needs no second person, in a currency FOUR_EYES_THRESHOLDS does not name. */
export const DEFAULT_FOUR_EYES_MINOR = 100_000n;

type Loaded = Awaited<ReturnType<typeof itemWithPlacement>>;

function effectOf(ctx: Loaded, decision: ReversalDecision) {
  const effect = reversalDecisionEffect(ctx.placement, decision);
  if ("refusal" in effect) throw new AppError("PRECONDITION_FAILED", effect.refusal);
  const reversed = evidenceMinor(ctx.item.evidence, "amount");
  const amount = decision === "write_off" ? effect.writeOff : reversed;
  const currency = ctx.placement.currency;
  const fourEyes =
    !isCurrencyCode(currency) ||
    needsFourEyes({
      amount,
      currency,
      isWriteOff: decision === "write_off",
      thresholds: env().FOUR_EYES_THRESHOLDS,
      defaultThreshold: DEFAULT_FOUR_EYES_MINOR,
    });
  return { effect, amount, currency, needsApproval: fourEyes };
}

/** What a decision would do (status before/after, the WRITE_OFF row) and whether it needs a second person. Writes nothing. */
export async function previewReversalDecision(db: Db, params: { workItemId: string; decision: ReversalDecision }) {
  const ctx = await itemWithPlacement(db, params.workItemId, "reversal_decision", false);
  const { effect, amount, currency, needsApproval } = effectOf(ctx, params.decision);
  return {
    ...effect,
    amount,
    currency,
    needsApproval,
    invoiceNumber: ctx.placement.invoiceNumber,
    rows: effect.writeOff > 0n ? [{ document: "WRITE_OFF", amount: effect.writeOff, currency }] : [],
  };
}

async function apply(tx: Db, ctx: Loaded, effect: DecisionEffect, actor: Actor) {
  const { placement } = ctx;
  const documentId = effect.writeOff > 0n ? crypto.randomUUID() : null;
  if (documentId)
    await insertDocument(
      tx,
      documentRows({
        id: documentId,
        creditorId: placement.creditorId,
        placementId: placement.id,
        type: "WRITE_OFF",
        number: `WO-${ctx.item.id}`,
        amount: effect.writeOff,
        currency: placement.currency,
        valueDate: new Date().toISOString().slice(0, 10),
        journalEntryId: null,
        lines: [{ allocateTo: "principal", amount: effect.writeOff, invoiceNumber: placement.invoiceNumber }],
      }),
    );
  await tx
    .update(placements)
    .set({
      status: effect.statusAfter,
      writtenOffAmount: placement.writtenOffAmount + effect.writeOff,
      updatedAt: new Date(),
    })
    .where(eq(placements.id, placement.id));
  if (effect.statusAfter !== effect.statusBefore || documentId)
    await recordAudit(tx, {
      actor,
      action: effect.decision === "write_off" ? "placement.written_off" : "placement.back_to_outreach",
      category: "exceptions",
      creditorId: placement.creditorId,
      targetType: "placement",
      targetId: placement.id,
      details: {
        statusBefore: effect.statusBefore,
        statusAfter: effect.statusAfter,
        writeOff: effect.writeOff,
        documentId,
      },
    });
  return documentId;
}

export type DecideParams = { workItemId: string; expectedVersion: number; decision: ReversalDecision; note?: string };

/**
 * Take a reversal decision. Under the four-eyes rule it is recorded as a proposal (nothing changes
 * yet); otherwise its effect applies and the item is resolved, in one transaction.
 */
export async function decideReversal(db: Db, params: DecideParams, actor: Actor) {
  return db.transaction(async (tx) => {
    const ctx = await itemWithPlacement(tx, params.workItemId, "reversal_decision", true);
    const { effect, amount, needsApproval } = effectOf(ctx, params.decision);
    const note = params.note?.trim() || undefined;
    if (needsApproval) {
      const item = await proposeDecision(
        tx,
        {
          workItemId: params.workItemId,
          expectedVersion: params.expectedVersion,
          proposal: { decision: params.decision, amount, writeOff: effect.writeOff, note },
        },
        actor,
      );
      return { outcome: "proposed" as const, item };
    }
    const name = await actorDisplayName(tx, actor);
    const item = await settleWorkItem(
      tx,
      {
        workItemId: params.workItemId,
        expectedVersion: params.expectedVersion,
        outcome: "resolved",
        resolution: {
          action: params.decision,
          decidedBy: name,
          writeOff: effect.writeOff,
          statusAfter: effect.statusAfter,
        },
        reason: note,
      },
      actor,
    );
    const documentId = await apply(tx, ctx, effect, actor);
    return { outcome: "applied" as const, item, documentId };
  });
}

/**
 * Approve the pending proposal (finance or admin, never the proposer) and apply it: effect, item
 * resolved with both names, audit — one transaction. A balance that moved since the proposal is a conflict.
 */
export async function approveReversalDecision(
  db: Db,
  params: { workItemId: string; expectedVersion: number },
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const ctx = await itemWithPlacement(tx, params.workItemId, "reversal_decision", true);
    const approved = await approveDecision(tx, params, actor);
    const proposal = approved.proposal ?? {};
    const decision = proposal.decision as ReversalDecision;
    const { effect } = effectOf(ctx, decision);
    if (String(effect.writeOff) !== String(proposal.writeOff ?? "0"))
      throw new AppError(
        "CONFLICT",
        "the placement's balance changed since this was proposed; reject the proposal and propose again",
      );
    const [proposedBy, approvedBy] = await Promise.all([
      actorDisplayName(tx, { type: "user", id: approved.proposedByUserId! }),
      actorDisplayName(tx, actor),
    ]);
    const item = await settleWorkItem(
      tx,
      {
        workItemId: params.workItemId,
        expectedVersion: approved.version,
        outcome: "resolved",
        resolution: {
          action: decision,
          proposedBy,
          approvedBy,
          writeOff: effect.writeOff,
          statusAfter: effect.statusAfter,
        },
        reason: typeof proposal.note === "string" ? proposal.note : undefined,
      },
      actor,
    );
    const documentId = await apply(tx, ctx, effect, actor);
    return { outcome: "applied" as const, item, documentId, proposedBy, approvedBy };
  });
}
