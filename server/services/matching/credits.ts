import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accountingDocuments, customerCredits, paymentAttempts, placements, workItems } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";
import { paymentDocumentNumber, reallocationDocumentNumber } from "@/server/domain/document-numbers";
import { splitRemittance } from "@/server/domain/fees";
import { ACCOUNTS } from "@/server/domain/ledger-rules";
import { partEffect } from "@/server/domain/payment-split";
import { planAppliedPayment, type ClearedPayment } from "@/server/domain/payment-plan";
import { AppError, notFound } from "@/server/errors";
import { postJournalEntry } from "../ledger/post";
import { readPaymentContext } from "../payments/payment-context";
import { appliedPaymentWrite, writePayments } from "../payments/payment-writes";
import { closeResolvedItem, lockOpenItem } from "./item-guard";
import { rateInForce } from "./rates";
import { requestStripeRefund, stripeIdsOf } from "./refunds";

const KINDS = ["overpayment"] as const;
type ItemRef = { workItemId: string; expectedVersion: number };

async function lockOpenCredit(tx: Db, item: { subjectType: string; subjectId: string }) {
  if (item.subjectType !== "customer_credit") throw notFound("customer credit");
  const [credit] = await tx.select().from(customerCredits).where(eq(customerCredits.id, item.subjectId)).for("update");
  if (!credit) throw notFound("customer credit");
  if (credit.status !== "open")
    throw new AppError("CONFLICT", `the credit is ${credit.status} already; reload the item`);
  const [payment] = await tx.select().from(paymentAttempts).where(eq(paymentAttempts.id, credit.paymentAttemptId));
  return { credit, payment: payment! };
}

/** The debtor's other open placements in the credit's currency: where a credit may go. */
export async function creditTargets(
  db: Db,
  credit: { debtorId: string | null; placementId: string | null; currency: string },
) {
  if (!credit.debtorId) return [];
  return db
    .select()
    .from(placements)
    .where(
      and(
        eq(placements.debtorId, credit.debtorId),
        eq(placements.status, "open"),
        eq(placements.currency, credit.currency),
        ...(credit.placementId ? [ne(placements.id, credit.placementId)] : []),
      ),
    )
    .orderBy(placements.dueDate);
}

/**
 * Apply a customer credit to another open placement of the same debtor: a REALLOCATION document
 * (pointing at the payment's AGENCY_PAYMENT), a remittance at the creditor's rate in force on the
 * payment date, the money moving out of customer credit (not the Stripe balance: it arrived
 * already), the placement's totals and its QuickBooks writeback, as a part attempt of the payment.
 * A credit larger than the balance leaves the rest as a new credit. One transaction with the item.
 */
export async function applyCredit(db: Db, params: ItemRef & { placementId: string }, actor: Actor) {
  return db.transaction(async (tx) => {
    const item = await lockOpenItem(tx, params.workItemId, params.expectedVersion, KINDS);
    const { credit, payment } = await lockOpenCredit(tx, item);
    const targets = await creditTargets(tx, credit);
    if (!targets.some((p) => p.id === params.placementId))
      throw new AppError(
        "BAD_REQUEST",
        "a credit can only go to another open placement of the same debtor, in its currency",
      );
    if (payment.source === "direct")
      throw new AppError("BAD_REQUEST", "a direct payment's credit cannot be reallocated here");
    const input: ClearedPayment = {
      source: payment.source,
      externalId: `${payment.externalId}#credit-${credit.id}`,
      placementId: params.placementId,
      amount: credit.amount,
      currency: credit.currency,
      receivedAt: new Date(),
      metadata: {
        fromCustomerCreditId: credit.id,
        resolvedFromWorkItemId: item.id,
        paymentReceivedAt: payment.receivedAt,
      },
      parentPaymentAttemptId: payment.id,
    };
    const ctx = await readPaymentContext(tx, {
      ...input,
      placementId: params.placementId,
      installmentId: null,
      at: payment.receivedAt,
    });
    if (ctx.existingId || !ctx.placement)
      throw new AppError("CONFLICT", "the credit was applied meanwhile; reload the item");
    const plan = planAppliedPayment(input, credit.currency, ctx.placement, ctx, actor);
    // The money is the debtor's credit we hold, not a new arrival on the Stripe balance.
    plan.postings = plan.postings.map((p) =>
      p.account === ACCOUNTS.stripeClearing ? { ...p, account: ACCOUNTS.customerCredit(credit.creditorId) } : p,
    );
    plan.entry.description = `Customer credit ${credit.id} applied to invoice ${ctx.placement.invoiceNumber}`;
    plan.audit.details = { ...plan.audit.details, fromCustomerCreditId: credit.id, resolvedFromWorkItemId: item.id };
    const write = appliedPaymentWrite(plan, input);
    for (const t of write.tables)
      if (t.table === accountingDocuments)
        t.rows = t.rows.map((r) => ({
          ...(r as object),
          type: "REALLOCATION",
          number: reallocationDocumentNumber(`credit-${credit.id}`),
          originalType: "AGENCY_PAYMENT",
          originalNumber: paymentDocumentNumber(payment.externalId),
        }));
    const [written] = await writePayments(tx, [write]);
    if (!written?.written)
      throw new AppError("CONFLICT", "the placement changed while the credit was applied; try again");
    await tx.update(customerCredits).set({ status: "applied" }).where(eq(customerCredits.id, credit.id));
    return closeResolvedItem(
      tx,
      {
        workItemId: item.id,
        expectedVersion: params.expectedVersion,
        resolution: {
          action: "credit_applied",
          placementId: params.placementId,
          amount: credit.amount,
          remittanceId: plan.remittance?.id,
          remainingCreditId: plan.credit?.id,
        },
      },
      actor,
    );
  });
}

/**
 * Refund a customer credit to the debtor: the money leaves customer credit for the Stripe balance
 * it goes back out of (a balanced entry), the Stripe refund is requested through the outbox
 * (`credit-refund:<credit id>`), the credit is marked refunded and the item closed, together.
 */
export async function refundCredit(db: Db, params: ItemRef & { reason: string }, actor: Actor) {
  return db.transaction(async (tx) => {
    const item = await lockOpenItem(tx, params.workItemId, params.expectedVersion, KINDS);
    const { credit, payment } = await lockOpenCredit(tx, item);
    const ids = stripeIdsOf(payment);
    const entryId = await postJournalEntry(tx, {
      kind: "credit_refund",
      description: `Customer credit ${credit.id} refunded to the debtor`,
      creditorId: credit.creditorId,
      sourceRef: `customer_credit:${credit.id}`,
      occurredAt: new Date(),
      postings: [
        {
          account: ACCOUNTS.customerCredit(credit.creditorId),
          amount: credit.amount,
          currency: credit.currency,
          placementId: credit.placementId,
        },
        { account: ACCOUNTS.stripeClearing, amount: -credit.amount, currency: credit.currency },
      ],
    });
    const key = `credit-refund:${credit.id}`;
    await requestStripeRefund(tx, key, {
      paymentAttemptId: payment.id,
      ...ids,
      amount: credit.amount.toString(),
      currency: credit.currency,
      subject: `customer credit ${credit.id}`,
    });
    await tx.update(customerCredits).set({ status: "refunded" }).where(eq(customerCredits.id, credit.id));
    return closeResolvedItem(
      tx,
      {
        workItemId: item.id,
        expectedVersion: params.expectedVersion,
        resolution: { action: "credit_refunded", amount: credit.amount, journalEntryId: entryId, outboxKey: key },
        reason: params.reason,
        audit: {
          action: "credit.refund_requested",
          category: "payments",
          creditorId: credit.creditorId,
          targetType: "customer_credit",
          targetId: credit.id,
        },
      },
      actor,
    );
  });
}

/** Keep the credit on the debtor's account (e.g. a payment plan continues); the item closes with the note. */
export async function keepCredit(db: Db, params: ItemRef & { note: string }, actor: Actor) {
  if (params.note.trim().length < 3) throw new AppError("BAD_REQUEST", "say why the credit is kept");
  return db.transaction(async (tx) => {
    const item = await lockOpenItem(tx, params.workItemId, params.expectedVersion, KINDS);
    const { credit } = await lockOpenCredit(tx, item);
    return closeResolvedItem(
      tx,
      {
        workItemId: item.id,
        expectedVersion: params.expectedVersion,
        resolution: { action: "credit_kept", amount: credit.amount },
        reason: params.note,
      },
      actor,
    );
  });
}

/** The credit, where it may go, and what applying it to each target would write (fee, net, credit left). Nothing is written. */
export async function previewCredit(db: Db, params: { workItemId: string }) {
  const [item] = await db.select().from(workItems).where(eq(workItems.id, params.workItemId));
  if (!item || item.kind !== "overpayment" || item.subjectType !== "customer_credit") throw notFound("work item");
  const [credit] = await db.select().from(customerCredits).where(eq(customerCredits.id, item.subjectId));
  if (!credit) throw notFound("customer credit");
  const [payment] = await db.select().from(paymentAttempts).where(eq(paymentAttempts.id, credit.paymentAttemptId));
  const rateBps = await rateInForce(db, credit.creditorId, payment!.receivedAt);
  const targets = (await creditTargets(db, credit)).map((p) => {
    const openBalance = p.invoiceAmount - p.recoveredAmount;
    const { applied, excess } = partEffect(credit.amount, openBalance);
    const split = applied > 0n ? splitRemittance(applied, rateBps) : { fee: 0n, net: 0n };
    return {
      placementId: p.id,
      invoiceNumber: p.invoiceNumber,
      dueDate: p.dueDate,
      openBalance,
      applied,
      fee: split.fee,
      net: split.net,
      creditLeft: excess,
    };
  });
  return {
    credit: { id: credit.id, amount: credit.amount, currency: credit.currency, status: credit.status },
    payment: { externalId: payment!.externalId, source: payment!.source, receivedAt: payment!.receivedAt },
    rateBps,
    canRefund: payment!.source === "stripe",
    targets,
  };
}
