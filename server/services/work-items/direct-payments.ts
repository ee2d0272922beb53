/**
 * Direct payment candidates (a payment in the creditor's QuickBooks that we did not write): an
 * operator confirms it with the creditor, then it is recorded — a DIRECT_PAYMENT document, the
 * placement's balance reduced by it, and our contingency fee on it (rate in force on the payment
 * date, snapshotted in the document's resolution) booked as owed by the creditor, which the next
 * disbursement nets. Or the candidate is dismissed with a reason. Effect, item and audit commit together.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { placements } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";
import { directPaymentFeePostings } from "@/server/domain/ledger-rules";
import { directPaymentEffect } from "@/server/domain/settlements";
import { AppError } from "@/server/errors";
import { recordAudit } from "../audit/record";
import { postJournalEntry } from "../ledger/post";
import { documentRows } from "../ledger/rows";
import { evidenceMinor, insertDocument, itemWithPlacement, rateInForce } from "./decision-context";
import { settleWorkItem } from "./lifecycle";

type Loaded = Awaited<ReturnType<typeof itemWithPlacement>>;

/** The payment's date from its QuickBooks TxnDate (a day), else the item's own time. */
function paidOn(ctx: Loaded): Date {
  const d = ctx.item.evidence.txnDate;
  return typeof d === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d) ? new Date(`${d}T00:00:00Z`) : ctx.item.createdAt;
}

async function effectOf(db: Db, ctx: Loaded) {
  const amount = evidenceMinor(ctx.item.evidence, "amount");
  const rateBps = await rateInForce(db, ctx.placement.creditorId, paidOn(ctx));
  const effect = directPaymentEffect(ctx.placement, amount, rateBps);
  if ("refusal" in effect) throw new AppError("PRECONDITION_FAILED", effect.refusal);
  return effect;
}

/** What confirming would write: the DIRECT_PAYMENT row, the fee owed by the creditor, the balance after. Writes nothing. */
export async function previewDirectPayment(db: Db, params: { workItemId: string }) {
  const ctx = await itemWithPlacement(db, params.workItemId, "direct_payment_candidate", false);
  const effect = await effectOf(db, ctx);
  return {
    ...effect,
    currency: ctx.placement.currency,
    invoiceNumber: ctx.placement.invoiceNumber,
    paidOn: paidOn(ctx).toISOString().slice(0, 10),
    rows: [
      { document: "DIRECT_PAYMENT", amount: effect.amount },
      ...(effect.fee > 0n ? [{ document: "fee owed by the creditor", amount: effect.fee }] : []),
    ],
  };
}

/** Record a confirmed direct payment and resolve its item (one transaction). */
export async function confirmDirectPayment(
  db: Db,
  params: { workItemId: string; expectedVersion: number; note?: string },
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const ctx = await itemWithPlacement(tx, params.workItemId, "direct_payment_candidate", true);
    const effect = await effectOf(tx, ctx);
    const { placement } = ctx;
    const documentId = crypto.randomUUID();
    const item = await settleWorkItem(
      tx,
      {
        workItemId: params.workItemId,
        expectedVersion: params.expectedVersion,
        outcome: "resolved",
        resolution: {
          action: "direct_payment_recorded",
          documentId,
          amount: effect.amount,
          fee: effect.fee,
          rateBps: effect.rateBps,
        },
        reason: params.note?.trim() || undefined,
      },
      actor,
    );
    const entryId =
      effect.fee > 0n
        ? await postJournalEntry(tx, {
            kind: "direct_payment_fee",
            description: `fee owed by the creditor on a direct payment on invoice ${placement.invoiceNumber}`,
            creditorId: placement.creditorId,
            sourceRef: `direct-payment:${ctx.item.id}`,
            occurredAt: paidOn(ctx),
            postings: directPaymentFeePostings({
              creditorId: placement.creditorId,
              currency: placement.currency,
              fee: effect.fee,
            }).map((p) => ({ ...p, placementId: placement.id })),
          })
        : null;
    await insertDocument(
      tx,
      documentRows({
        id: documentId,
        creditorId: placement.creditorId,
        placementId: placement.id,
        type: "DIRECT_PAYMENT",
        number: `DIR-${ctx.item.id}`,
        amount: effect.amount,
        currency: placement.currency,
        valueDate: paidOn(ctx).toISOString().slice(0, 10),
        journalEntryId: entryId,
        lines: [{ allocateTo: "principal", amount: effect.amount, invoiceNumber: placement.invoiceNumber }],
      }),
    );
    await tx
      .update(placements)
      .set({
        directPaidAmount: placement.directPaidAmount + effect.amount,
        status: effect.statusAfter,
        updatedAt: new Date(),
      })
      .where(eq(placements.id, placement.id));
    await recordAudit(tx, {
      actor,
      action: "placement.direct_payment_recorded",
      category: "payments",
      creditorId: placement.creditorId,
      targetType: "placement",
      targetId: placement.id,
      details: {
        workItemId: ctx.item.id,
        documentId,
        amount: effect.amount,
        fee: effect.fee,
        rateBps: effect.rateBps,
        journalEntryId: entryId,
      },
    });
    return { item, documentId, fee: effect.fee };
  });
}
