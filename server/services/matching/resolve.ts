import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { paymentAttempts, placements, workItems } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";
import { splitRemittance } from "@/server/domain/fees";
import { checkSplit, defaultSplit, partEffect, type SplitPart } from "@/server/domain/payment-split";
import { planAppliedPayment, type ClearedPayment } from "@/server/domain/payment-plan";
import type { MatchDecision } from "@/server/domain/matching";
import { autoMatchAudit } from "@/server/domain/matching-items";
import { AppError, notFound } from "@/server/errors";
import { readPaymentContext } from "../payments/payment-context";
import { appliedPaymentWrite, writePayments } from "../payments/payment-writes";
import { closeResolvedItem, lockOpenItem, lockUnmatchedPayment } from "./item-guard";
import { rateInForce } from "./rates";

/** The work items whose subject is a payment waiting to be applied. */
export const UNMATCHED_PAYMENT_KINDS = ["unmatched_payment", "ambiguous_payment"] as const;

export type ApplyParams = {
  workItemId: string;
  expectedVersion: number;
  parts: SplitPart[];
  /** Applied by the cascade on a later look (rematch.ts), not by a person: audited as its decision. */
  autoMatch?: Extract<MatchDecision, { outcome: "auto" }>;
};

/**
 * Apply an unmatched payment to one placement, or split it across several open placements of one
 * creditor (parts summing exactly to the payment). Each part is booked exactly as a payment that
 * named its placement: a part attempt (child of the unmatched one), a remittance at the creditor's
 * rate in force on the payment date (snapshotted), the AGENCY_PAYMENT document, the balanced
 * journal entry, the placement's totals, the QuickBooks writeback request, and customer credit for
 * whatever a part pays beyond its placement's balance. The unmatched payment becomes `resolved`
 * and the item is closed — one transaction, or nothing.
 */
export async function applyUnmatchedPayment(db: Db, params: ApplyParams, actor: Actor) {
  return db.transaction(async (tx) => {
    const item = await lockOpenItem(tx, params.workItemId, params.expectedVersion, UNMATCHED_PAYMENT_KINDS);
    const attempt = await lockUnmatchedPayment(tx, item);
    if (attempt.source === "direct") throw new AppError("BAD_REQUEST", "a direct payment is confirmed, not applied");
    const open = await openPlacements(
      tx,
      params.parts.map((p) => p.placementId),
      attempt.currency,
    );
    const creditors = new Set(open.map((p) => p.creditorId));
    if (creditors.size > 1)
      throw new AppError("BAD_REQUEST", "a payment can only be split across placements of one creditor");
    const parts = checkSplit(attempt.amount, params.parts, new Set(open.map((p) => p.id)));
    const booked: Array<{
      placementId: string;
      amount: bigint;
      paymentAttemptId: string;
      remittanceId?: string;
      creditId?: string;
    }> = [];
    for (const [i, part] of parts.entries()) {
      const input: ClearedPayment = {
        source: attempt.source,
        externalId: `${attempt.externalId}#${i + 1}`,
        placementId: part.placementId,
        amount: part.amount,
        currency: attempt.currency,
        // Booked when it is applied; the rate is the one in force on the day the money arrived.
        receivedAt: new Date(),
        metadata: {
          resolvedFromWorkItemId: item.id,
          part: i + 1,
          of: parts.length,
          paymentReceivedAt: attempt.receivedAt,
        },
        parentPaymentAttemptId: attempt.id,
      };
      const ctx = await readPaymentContext(tx, {
        ...input,
        placementId: part.placementId,
        installmentId: null,
        at: attempt.receivedAt,
      });
      if (ctx.existingId || !ctx.placement)
        throw new AppError("CONFLICT", "the payment was applied meanwhile; reload the item");
      const plan = planAppliedPayment(input, attempt.currency, ctx.placement, ctx, actor);
      plan.audit.details = {
        ...plan.audit.details,
        resolvedFromWorkItemId: item.id,
        parentPaymentAttemptId: attempt.id,
        ...(params.autoMatch ? autoMatchAudit(params.autoMatch) : {}),
      };
      const [written] = await writePayments(tx, [appliedPaymentWrite(plan, input)]);
      if (!written?.written)
        throw new AppError("CONFLICT", "a placement changed while the payment was applied; try again");
      booked.push({
        ...part,
        paymentAttemptId: plan.attemptId,
        remittanceId: plan.remittance?.id,
        creditId: plan.credit?.id,
      });
    }
    await tx
      .update(paymentAttempts)
      .set({ status: "resolved", creditorId: [...creditors][0] })
      .where(eq(paymentAttempts.id, attempt.id));
    return closeResolvedItem(
      tx,
      {
        workItemId: item.id,
        expectedVersion: params.expectedVersion,
        resolution: params.autoMatch
          ? { action: "auto_matched", rule: params.autoMatch.rule, parts: booked }
          : { action: parts.length > 1 ? "split" : "applied", parts: booked },
        audit: {
          action: params.autoMatch ? "payment.auto_matched_later" : "payment.resolved_manually",
          category: "payments",
          creditorId: [...creditors][0],
          targetType: "payment_attempt",
          targetId: attempt.id,
          ...(params.autoMatch ? { details: autoMatchAudit(params.autoMatch) } : {}),
        },
      },
      actor,
    );
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function openPlacements(db: Db, ids: string[], currency: string) {
  const valid = ids.filter((id) => UUID.test(id));
  if (!valid.length) return [];
  return db
    .select()
    .from(placements)
    .where(and(inArray(placements.id, valid), eq(placements.status, "open"), eq(placements.currency, currency)));
}

export type PartPreview = {
  placementId: string;
  invoiceNumber: string;
  dueDate: string;
  openBalance: bigint;
  amount: bigint;
  applied: bigint;
  fee: bigint;
  net: bigint;
  credit: bigint;
  rateBps: number;
};

/**
 * What applying the payment would write, before anyone confirms: per part the remittance (applied,
 * fee at the rate in force on the payment date, net) and any customer credit. Without `parts`, the
 * default split over `placementIds` (FIFO, oldest due date first). Nothing is written.
 */
export async function previewApplyUnmatched(
  db: Db,
  params: { workItemId: string; placementIds: string[]; parts?: SplitPart[] },
) {
  const { attempt } = await readItemPayment(db, params.workItemId);
  const open = await openPlacements(
    db,
    params.parts?.map((p) => p.placementId) ?? params.placementIds,
    attempt.currency,
  );
  if (new Set(open.map((p) => p.creditorId)).size > 1)
    throw new AppError("BAD_REQUEST", "a payment can only be split across placements of one creditor");
  const items = open.map((p) => ({ id: p.id, dueDate: p.dueDate, balance: p.invoiceAmount - p.recoveredAmount }));
  const parts = params.parts
    ? checkSplit(attempt.amount, params.parts, new Set(open.map((p) => p.id)))
    : defaultSplit(attempt.amount, items).parts;
  const rateBps = open[0] ? await rateInForce(db, open[0].creditorId, attempt.receivedAt) : 0;
  const rows: PartPreview[] = parts.map((part) => {
    const p = open.find((x) => x.id === part.placementId)!;
    const openBalance = p.invoiceAmount - p.recoveredAmount;
    const { applied, excess } = partEffect(part.amount, openBalance);
    const split = applied > 0n ? splitRemittance(applied, rateBps) : { fee: 0n, net: 0n };
    return {
      placementId: p.id,
      invoiceNumber: p.invoiceNumber,
      dueDate: p.dueDate,
      openBalance,
      amount: part.amount,
      applied,
      fee: split.fee,
      net: split.net,
      credit: excess,
      rateBps,
    };
  });
  const sum = (k: "applied" | "fee" | "net" | "credit") => rows.reduce((s, r) => s + r[k], 0n);
  return {
    payment: {
      id: attempt.id,
      externalId: attempt.externalId,
      amount: attempt.amount,
      currency: attempt.currency,
      receivedAt: attempt.receivedAt,
    },
    parts: rows,
    totals: {
      amount: attempt.amount,
      applied: sum("applied"),
      fee: sum("fee"),
      net: sum("net"),
      credit: sum("credit"),
    },
  };
}

/** The unmatched payment behind an item (not locked: for previews and pickers). */
export async function readItemPayment(db: Db, workItemId: string) {
  if (!UUID.test(workItemId)) throw notFound("work item");
  const [item] = await db.select().from(workItems).where(eq(workItems.id, workItemId));
  if (!item || item.subjectType !== "payment_attempt") throw notFound("work item");
  const [attempt] = await db.select().from(paymentAttempts).where(eq(paymentAttempts.id, item.subjectId));
  if (!attempt) throw notFound("payment");
  return { item, attempt };
}
