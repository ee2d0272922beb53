import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accountingDocuments, customerCredits, documentLines, installments, paymentAttempts, placements, remittances } from "@/db/schema";
import { allocateToPlacement } from "@/server/domain/allocation";
import { splitRemittance } from "@/server/domain/fees";
import { paymentClearedPostings } from "@/server/domain/ledger-rules";
import { isCurrencyCode } from "@/server/domain/money";
import { AppError } from "@/server/errors";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { rateAt } from "./creditors";
import { postJournalEntry } from "./ledger";
import { enqueueEffect } from "./outbox";
import { openWorkItem } from "./work-items";

export type ClearedPayment = {
  source: "stripe" | "manual" | "bank";
  /** PaymentIntent id, bank reference…: one payment however often it is reported. */
  externalId: string;
  chargeId?: string | null;
  placementId?: string | null;
  installmentId?: string | null;
  amount: bigint;
  currency: string;
  receivedAt: Date;
  metadata?: Record<string, unknown>;
};

export type ClearedPaymentResult =
  | { outcome: "duplicate"; paymentAttemptId: string }
  | { outcome: "applied"; paymentAttemptId: string; remittanceId?: string; creditId?: string; placementStatus: string }
  | { outcome: "unmatched"; paymentAttemptId: string; reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Record a cleared debtor payment, all or nothing: the payment attempt, the remittance at the
 * creditor's rate (snapshotted), any excess as customer credit, the accounting document, one
 * balanced journal entry, the placement's rolling totals, the QBO writeback request (outbox) and
 * the audit event. Exactly once per (source, externalId): a repeat changes nothing.
 */
export async function recordClearedPayment(db: Db, input: ClearedPayment, actor: Actor): Promise<ClearedPaymentResult> {
  if (input.amount <= 0n) throw new AppError("BAD_REQUEST", `a cleared payment must have a positive amount (got ${input.amount})`);
  const currency = input.currency.toUpperCase();
  if (!isCurrencyCode(currency)) throw new AppError("BAD_REQUEST", `unsupported currency "${input.currency}"`);
  return db.transaction(async (tx) => {
    const [attempt] = await tx
      .insert(paymentAttempts)
      .values({
        source: input.source,
        externalId: input.externalId,
        chargeId: input.chargeId ?? null,
        amount: input.amount,
        currency,
        status: "pending",
        receivedAt: input.receivedAt,
        metadata: input.metadata ?? {},
      })
      .onConflictDoNothing({ target: [paymentAttempts.source, paymentAttempts.externalId] })
      .returning({ id: paymentAttempts.id });
    if (!attempt) {
      const [existing] = await tx.select({ id: paymentAttempts.id }).from(paymentAttempts).where(and(eq(paymentAttempts.source, input.source), eq(paymentAttempts.externalId, input.externalId)));
      return { outcome: "duplicate", paymentAttemptId: existing!.id };
    }
    const placementId = input.placementId && UUID.test(input.placementId) ? input.placementId : null;
    const [placement] = placementId ? await tx.select().from(placements).where(eq(placements.id, placementId)).for("update") : [];
    const problem = !input.placementId
      ? "the payment names no placement"
      : !placement
        ? `placement ${input.placementId} is unknown`
        : placement.currency !== currency
          ? `payment currency ${currency} differs from the placement's ${placement.currency}`
          : placement.status === "recalled" || placement.status === "closed_uncollected"
            ? `placement is ${placement.status}`
            : null;
    if (problem || !placement) {
      return recordUnmatched(tx, attempt.id, input, currency, placement?.creditorId ?? null, problem ?? "no placement", actor);
    }
    const installmentId = input.installmentId ? await checkInstallment(tx, placement.id, input.installmentId) : null;

    const { applied, excess } = allocateToPlacement(input.amount, placement.invoiceAmount - placement.recoveredAmount);
    const rateBps = await rateAt(tx, placement.creditorId, input.receivedAt);
    const split = applied > 0n ? splitRemittance(applied, rateBps) : { recovered: 0n, fee: 0n, net: 0n };
    const entryId = await postJournalEntry(tx, {
      kind: "payment_cleared",
      description: `Payment ${input.externalId} on invoice ${placement.invoiceNumber}`,
      creditorId: placement.creditorId,
      sourceRef: `payment_attempt:${attempt.id}`,
      occurredAt: input.receivedAt,
      postings: paymentClearedPostings({ creditorId: placement.creditorId, currency, total: input.amount, fee: split.fee, net: split.net, excess }).map((p) => ({ ...p, placementId: placement.id })),
    });

    let remittanceId: string | undefined;
    if (applied > 0n) {
      const [row] = await tx
        .insert(remittances)
        .values({
          creditorId: placement.creditorId,
          placementId: placement.id,
          paymentAttemptId: attempt.id,
          installmentId,
          status: "cleared",
          recoveredAmount: split.recovered,
          feeAmount: split.fee,
          netRemitAmount: split.net,
          currency,
          contingencyPctSnapshot: rateBps,
          journalEntryId: entryId,
          occurredAt: input.receivedAt,
        })
        .returning({ id: remittances.id });
      remittanceId = row!.id;
    }
    let creditId: string | undefined;
    if (excess > 0n) {
      const [credit] = await tx
        .insert(customerCredits)
        .values({ creditorId: placement.creditorId, debtorId: placement.debtorId, placementId: placement.id, paymentAttemptId: attempt.id, amount: excess, currency, journalEntryId: entryId })
        .returning({ id: customerCredits.id });
      creditId = credit!.id;
      await openWorkItem(tx, {
        kind: "overpayment",
        creditorId: placement.creditorId,
        subjectType: "customer_credit",
        subjectId: creditId,
        title: `Overpayment of ${excess} minor units on invoice ${placement.invoiceNumber}`,
        nextAction: "Refund the debtor or apply the credit to another open placement of the same debtor.",
        evidence: { paymentExternalId: input.externalId, amount: input.amount, applied, excess, currency },
        dedupeKey: `overpayment:${attempt.id}`,
      });
    }
    await writePaymentDocument(tx, { creditorId: placement.creditorId, placementId: placement.id, invoiceNumber: placement.invoiceNumber, externalId: input.externalId, applied, excess, currency, valueDate: input.receivedAt, entryId });

    const recovered = placement.recoveredAmount + split.recovered;
    const status = placement.status === "open" && recovered >= placement.invoiceAmount ? "paid" : placement.status;
    await tx
      .update(placements)
      .set({ recoveredAmount: recovered, feeAmount: placement.feeAmount + split.fee, status, updatedAt: new Date() })
      .where(eq(placements.id, placement.id));
    await tx.update(paymentAttempts).set({ status: "succeeded", creditorId: placement.creditorId, placementId: placement.id, installmentId }).where(eq(paymentAttempts.id, attempt.id));
    if (installmentId) await tx.update(installments).set({ status: "paid", paidAt: input.receivedAt }).where(eq(installments.id, installmentId));
    if (remittanceId) {
      await enqueueEffect(tx, "qbo.writeback", `qbo-payment:${attempt.id}`, { paymentAttemptId: attempt.id, remittanceId, placementId: placement.id, creditorId: placement.creditorId, amount: applied, currency });
    }
    await recordAudit(tx, {
      actor,
      action: "payment.cleared",
      category: "payments",
      creditorId: placement.creditorId,
      targetType: "placement",
      targetId: placement.id,
      details: { paymentAttemptId: attempt.id, externalId: input.externalId, amount: input.amount, applied, excess, fee: split.fee, net: split.net, rateBps, remittanceId, placementStatus: status },
    });
    return { outcome: "applied", paymentAttemptId: attempt.id, remittanceId, creditId, placementStatus: status };
  });
}

async function checkInstallment(db: Db, placementId: string, installmentId: string): Promise<string | null> {
  if (!UUID.test(installmentId)) return null;
  const [row] = await db.select({ id: installments.id }).from(installments).where(and(eq(installments.id, installmentId), eq(installments.placementId, placementId)));
  return row?.id ?? null;
}

async function recordUnmatched(db: Db, attemptId: string, input: ClearedPayment, currency: string, creditorId: string | null, reason: string, actor: Actor): Promise<ClearedPaymentResult> {
  await db.update(paymentAttempts).set({ status: "unmatched", creditorId }).where(eq(paymentAttempts.id, attemptId));
  await openWorkItem(db, {
    kind: "unmatched_payment",
    creditorId,
    subjectType: "payment_attempt",
    subjectId: attemptId,
    title: `Unmatched payment ${input.externalId}: ${reason}`,
    nextAction: "Identify the placement (reference, amount and debtor) and apply the payment manually, or refund it.",
    evidence: { reason, externalId: input.externalId, placementId: input.placementId ?? null, installmentId: input.installmentId ?? null, amount: input.amount, currency, metadata: input.metadata ?? {} },
    dedupeKey: `unmatched:${attemptId}`,
  });
  await recordAudit(db, { actor, action: "payment.unmatched", category: "payments", creditorId, targetType: "payment_attempt", targetId: attemptId, details: { reason, externalId: input.externalId, amount: input.amount, currency } });
  return { outcome: "unmatched", paymentAttemptId: attemptId, reason };
}

/** AGENCY_PAYMENT document; amounts are negative from the claim's point of view (they pay it down), as in seed 002. */
async function writePaymentDocument(db: Db, d: { creditorId: string; placementId: string; invoiceNumber: string; externalId: string; applied: bigint; excess: bigint; currency: string; valueDate: Date; entryId: string }) {
  const [doc] = await db
    .insert(accountingDocuments)
    .values({ creditorId: d.creditorId, placementId: d.placementId, type: "AGENCY_PAYMENT", number: paymentDocumentNumber(d.externalId), amount: -(d.applied + d.excess), currency: d.currency, valueDate: d.valueDate.toISOString().slice(0, 10), journalEntryId: d.entryId })
    .returning({ id: accountingDocuments.id });
  const lines = [
    { allocateTo: "principal" as const, amount: -d.applied },
    { allocateTo: "overpayment" as const, amount: -d.excess },
  ].filter((l) => l.amount !== 0n);
  await db.insert(documentLines).values(lines.map((l) => ({ ...l, documentId: doc!.id, placementId: d.placementId, invoiceNumber: d.invoiceNumber, currency: d.currency })));
}

/** The document number of a payment, referenced by its cancellations. */
export const paymentDocumentNumber = (externalId: string) => `PAY-${externalId}`;
