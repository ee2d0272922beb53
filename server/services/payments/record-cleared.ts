import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { paymentAttempts } from "@/db/schema";
import { allocateToPlacement } from "@/server/domain/allocation";
import { splitRemittance } from "@/server/domain/fees";
import { assertBalanced, paymentClearedPostings } from "@/server/domain/ledger-rules";
import { formatMinor, isCurrencyCode } from "@/server/domain/money";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import type { WorkItemInput } from "../work-items/open";
import type { Actor } from "../audit/actor";
import {
  readPaymentContext,
  writeAppliedPayment,
  writeUnmatchedPayment,
  type AppliedPaymentRows,
  type AttemptRow,
  type LockedPlacement,
  type PaymentContext,
} from "./payment-writes";

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
  const { currency, placementId, installmentId } = checkClearedPayment(input);
  return db.transaction(async (tx) => {
    const ctx = await readPaymentContext(tx, {
      source: input.source,
      externalId: input.externalId,
      placementId,
      installmentId,
      at: input.receivedAt,
    });
    if (ctx.existingId) return { outcome: "duplicate", paymentAttemptId: ctx.existingId };
    const placement = ctx.placement;
    const problem = whyUnmatched(input, currency, placement);
    const result =
      problem || !placement
        ? await recordUnmatched(tx, input, currency, placement?.creditorId ?? null, problem ?? "no placement", actor)
        : await recordApplied(tx, input, currency, placement, ctx, actor);
    if (result) return result;
    // Recorded meanwhile by a concurrent delivery of the same payment: its insert won.
    const [existing] = await tx
      .select({ id: paymentAttempts.id })
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.source, input.source), eq(paymentAttempts.externalId, input.externalId)));
    return { outcome: "duplicate", paymentAttemptId: existing!.id };
  });
}

/** A cleared payment's amount and currency checked (AppError BAD_REQUEST), its currency normalised, and its ids kept only if they are UUIDs. */
export function checkClearedPayment(input: ClearedPayment): {
  currency: string;
  placementId: string | null;
  installmentId: string | null;
} {
  if (input.amount <= 0n)
    throw new AppError("BAD_REQUEST", `a cleared payment must have a positive amount (got ${input.amount})`);
  const currency = input.currency.toUpperCase();
  if (!isCurrencyCode(currency)) throw new AppError("BAD_REQUEST", `unsupported currency "${input.currency}"`);
  const placementId = input.placementId && UUID.test(input.placementId) ? input.placementId : null;
  const installmentId = input.installmentId && UUID.test(input.installmentId) ? input.installmentId : null;
  return { currency, placementId, installmentId };
}

/** Why a payment cannot be applied to its placement (it is then recorded as unmatched), or null. */
export function whyUnmatched(
  input: ClearedPayment,
  currency: string,
  placement: LockedPlacement | null,
): string | null {
  if (!input.placementId) return "the payment names no placement";
  if (!placement) return `placement ${input.placementId} is unknown`;
  if (placement.currency !== currency)
    return `payment currency ${currency} differs from the placement's ${placement.currency}`;
  if (placement.status === "recalled" || placement.status === "closed_uncollected")
    return `placement is ${placement.status}`;
  return null;
}

const attemptRow = (input: ClearedPayment, currency: string, id: string): AttemptRow => ({
  id,
  source: input.source,
  externalId: input.externalId,
  chargeId: input.chargeId ?? null,
  amount: input.amount,
  currency,
  status: "succeeded",
  receivedAt: input.receivedAt,
  metadata: input.metadata ?? {},
  creditorId: null,
  placementId: null,
  installmentId: null,
});

/** An applied payment as the rules decided it: the rows to write and what to answer once written. */
export type AppliedPaymentPlan = {
  attempt: AttemptRow;
  rows: AppliedPaymentRows;
  remittanceId?: string;
  creditId?: string;
  placementStatus: string;
};

/**
 * The rules of an applied payment, computed here (allocation, fee split, postings, document, the
 * placement's new totals); nothing is written. The ids are made here so the rows written by one
 * statement can point at each other.
 */
export function planAppliedPayment(
  input: ClearedPayment,
  currency: string,
  placement: LockedPlacement,
  ctx: Pick<PaymentContext, "rateBps" | "installmentId">,
  actor: Actor,
): AppliedPaymentPlan {
  if (ctx.rateBps === null)
    throw new AppError("PRECONDITION_FAILED", `creditor ${placement.creditorId} has no contingency rate`);
  const rateBps = ctx.rateBps;
  const { creditorId, installmentId } = { creditorId: placement.creditorId, installmentId: ctx.installmentId };
  const [attemptId, entryId, documentId] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  const { applied, excess } = allocateToPlacement(input.amount, placement.invoiceAmount - placement.recoveredAmount);
  const split = applied > 0n ? splitRemittance(applied, rateBps) : { recovered: 0n, fee: 0n, net: 0n };
  const legs = paymentClearedPostings({
    creditorId,
    currency,
    total: input.amount,
    fee: split.fee,
    net: split.net,
    excess,
  }).filter((p) => p.amount !== 0n);
  assertBalanced(legs);
  if (legs.length < 2)
    throw new Error(`journal entry for payment ${input.externalId} needs at least two non-zero postings`);
  const recovered = placement.recoveredAmount + split.recovered;
  const status = placement.status === "open" && recovered >= placement.invoiceAmount ? "paid" : placement.status;
  const rem = applied > 0n ? crypto.randomUUID() : undefined;
  const credit = excess > 0n ? crypto.randomUUID() : undefined;
  const rows: AppliedPaymentRows = {
    entry: {
      id: entryId,
      kind: "payment_cleared",
      description: `Payment ${input.externalId} on invoice ${placement.invoiceNumber}`,
      creditorId,
      sourceRef: `payment_attempt:${attemptId}`,
      occurredAt: input.receivedAt,
    },
    postings: legs.map((p) => ({ ...p, creditorId, placementId: placement.id })),
    remittance: rem
      ? {
          id: rem,
          creditorId,
          placementId: placement.id,
          installmentId,
          recovered: split.recovered,
          fee: split.fee,
          net: split.net,
          currency,
          rateBps,
          occurredAt: input.receivedAt,
        }
      : undefined,
    credit: credit
      ? {
          id: credit,
          creditorId,
          debtorId: placement.debtorId,
          placementId: placement.id,
          amount: excess,
          currency,
          workItem: {
            kind: "overpayment",
            creditorId,
            subjectType: "customer_credit",
            subjectId: credit,
            title: `Overpayment of ${formatMinor(excess, currency)} ${currency} on invoice ${placement.invoiceNumber}`,
            nextAction: "Refund the debtor or apply the credit to another open placement of the same debtor.",
            evidence: { paymentExternalId: input.externalId, amount: input.amount, applied, excess, currency },
            dedupeKey: `overpayment:${attemptId}`,
          },
        }
      : undefined,
    document: paymentDocument({
      id: documentId,
      creditorId,
      placementId: placement.id,
      invoiceNumber: placement.invoiceNumber,
      externalId: input.externalId,
      applied,
      excess,
      currency,
      valueDate: input.receivedAt,
    }),
    placement: {
      id: placement.id,
      recoveredAmount: recovered,
      feeAmount: placement.feeAmount + split.fee,
      status,
      updatedAt: new Date(),
    },
    installment: installmentId ? { id: installmentId, paidAt: input.receivedAt } : undefined,
    review: paymentReview(input, currency, placement, attemptId, excess),
    outbox: rem
      ? {
          topic: "qbo.writeback",
          idempotencyKey: `qbo-payment:${attemptId}`,
          payload: {
            paymentAttemptId: attemptId,
            remittanceId: rem,
            placementId: placement.id,
            creditorId,
            amount: applied,
            currency,
          },
        }
      : undefined,
    audit: {
      actor,
      action: "payment.cleared",
      category: "payments",
      creditorId,
      targetType: "placement",
      targetId: placement.id,
      details: {
        paymentAttemptId: attemptId,
        externalId: input.externalId,
        amount: input.amount,
        applied,
        excess,
        fee: split.fee,
        net: split.net,
        rateBps,
        remittanceId: rem,
        placementStatus: status,
      },
    },
  };
  return {
    attempt: { ...attemptRow(input, currency, attemptId), creditorId, placementId: placement.id, installmentId },
    rows,
    remittanceId: rem,
    creditId: credit,
    placementStatus: status,
  };
}

/**
 * A payment far beyond what it pays down is booked (the money arrived) but queued for a person: more
 * than OVERPAYMENT_REVIEW_MULTIPLE times the placement's open balance is likelier a typo, a wrong
 * reference or an attack than a debtor's overpayment. A placement already paid counts its invoice
 * amount as the balance, so a second payment of the whole invoice stays an ordinary overpayment.
 */
function paymentReview(
  input: ClearedPayment,
  currency: string,
  placement: LockedPlacement,
  attemptId: string,
  excess: bigint,
): WorkItemInput | undefined {
  const open = placement.invoiceAmount - placement.recoveredAmount;
  const balance = open > 0n ? open : placement.invoiceAmount;
  const multiple = BigInt(env().OVERPAYMENT_REVIEW_MULTIPLE);
  if (excess <= 0n || input.amount <= multiple * balance) return undefined;
  const amount = `${formatMinor(input.amount, currency)} ${currency}`;
  return {
    kind: "payment_review",
    creditorId: placement.creditorId,
    subjectType: "payment_attempt",
    subjectId: attemptId,
    title: `Payment ${input.externalId} of ${amount} is over ${multiple}× the open balance of ${formatMinor(balance, currency)} ${currency} on invoice ${placement.invoiceNumber}`,
    nextAction:
      "Check the payment at its source (amount, reference, payer) before the credit is refunded or applied: it may be a typo, a wrong invoice or fraud.",
    evidence: {
      paymentExternalId: input.externalId,
      amount: input.amount,
      openBalance: open,
      multiple: env().OVERPAYMENT_REVIEW_MULTIPLE,
      currency,
    },
    dedupeKey: `payment-review:${attemptId}`,
  };
}

/** Write an applied payment (planAppliedPayment) inside the caller's transaction. Null if it was a duplicate. */
async function recordApplied(
  tx: Db,
  input: ClearedPayment,
  currency: string,
  placement: LockedPlacement,
  ctx: PaymentContext,
  actor: Actor,
): Promise<ClearedPaymentResult | null> {
  const plan = planAppliedPayment(input, currency, placement, ctx, actor);
  const written = await writeAppliedPayment(tx, plan.attempt, plan.rows);
  return written
    ? {
        outcome: "applied",
        paymentAttemptId: written,
        remittanceId: plan.remittanceId,
        creditId: plan.creditId,
        placementStatus: plan.placementStatus,
      }
    : null;
}

async function recordUnmatched(
  tx: Db,
  input: ClearedPayment,
  currency: string,
  creditorId: string | null,
  reason: string,
  actor: Actor,
): Promise<ClearedPaymentResult | null> {
  const attemptId = crypto.randomUUID();
  const written = await writeUnmatchedPayment(
    tx,
    { ...attemptRow(input, currency, attemptId), status: "unmatched", creditorId },
    {
      kind: "unmatched_payment",
      creditorId,
      subjectType: "payment_attempt",
      subjectId: attemptId,
      title: `Unmatched payment ${input.externalId}: ${reason}`,
      nextAction: "Identify the placement (reference, amount and debtor) and apply the payment manually, or refund it.",
      evidence: {
        reason,
        externalId: input.externalId,
        placementId: input.placementId ?? null,
        installmentId: input.installmentId ?? null,
        amount: input.amount,
        currency,
        metadata: input.metadata ?? {},
      },
      dedupeKey: `unmatched:${attemptId}`,
    },
    {
      actor,
      action: "payment.unmatched",
      category: "payments",
      creditorId,
      targetType: "payment_attempt",
      targetId: attemptId,
      details: { reason, externalId: input.externalId, amount: input.amount, currency },
    },
  );
  return written ? { outcome: "unmatched", paymentAttemptId: written, reason } : null;
}

/** AGENCY_PAYMENT document; amounts are negative from the claim's point of view (they pay it down), as in seed 002. */
function paymentDocument(d: {
  id: string;
  creditorId: string;
  placementId: string;
  invoiceNumber: string;
  externalId: string;
  applied: bigint;
  excess: bigint;
  currency: string;
  valueDate: Date;
}) {
  const lines = [
    { allocateTo: "principal", amount: -d.applied, invoiceNumber: d.invoiceNumber },
    { allocateTo: "overpayment", amount: -d.excess, invoiceNumber: d.invoiceNumber },
  ].filter((l) => l.amount !== 0n);
  return {
    id: d.id,
    creditorId: d.creditorId,
    placementId: d.placementId,
    number: paymentDocumentNumber(d.externalId),
    amount: -(d.applied + d.excess),
    currency: d.currency,
    valueDate: d.valueDate.toISOString().slice(0, 10),
    lines,
  };
}

/** The document number of a payment, referenced by its cancellations. */
export const paymentDocumentNumber = (externalId: string) => `PAY-${externalId}`;
