import type { Actor } from "./actor";
import { allocateToPlacement } from "./allocation";
import { paymentDocumentNumber } from "./document-numbers";
import { splitRemittance } from "./fees";
import { assertBalanced, paymentClearedPostings } from "./ledger-rules";
import { formatMinor, isCurrencyCode } from "./money";
import { AppError } from "@/server/errors";

/**
 * What a cleared debtor payment does to the books, decided here and nowhere else: how much pays
 * down the invoice and how much is excess (customer credit), the fee at the creditor's rate in
 * force on the payment date (snapshotted on the remittance), the balanced postings, the
 * AGENCY_PAYMENT document, the placement's new totals, the QuickBooks writeback request and the
 * audit record. Pure: the services read the context and write what this decides, by either path
 * (one transaction, or the Stripe webhook's batched statement).
 */

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
  /** A part of an unmatched payment that an operator applied (server/services/matching/resolve.ts). */
  parentPaymentAttemptId?: string | null;
};

/** The placement as the rules read it (locked, or checked unchanged when written). */
export type LockedPlacement = {
  id: string;
  creditorId: string;
  debtorId: string;
  invoiceNumber: string;
  currency: string;
  status: string;
  invoiceAmount: bigint;
  recoveredAmount: bigint;
  feeAmount: bigint;
};

/**
 * What the rules need besides the payment: the rate in force on its date, its installment if it is
 * one, and the multiple of the open balance above which a payment is queued for review (the
 * OVERPAYMENT_REVIEW_MULTIPLE setting; none: never).
 */
export type PaymentContext = { rateBps: number | null; installmentId: string | null; reviewMultiple?: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

export type Posting = { account: string; amount: bigint; currency: string };

/** An applied payment as the rules decided it. Ids are made here so the rows can point at each other. */
export type AppliedPaymentPlan = {
  attemptId: string;
  creditorId: string;
  placementId: string;
  installmentId: string | null;
  currency: string;
  entry: { id: string; kind: "payment_cleared"; description: string; sourceRef: string; occurredAt: Date };
  postings: Posting[];
  remittance?: { id: string; recovered: bigint; fee: bigint; net: bigint; rateBps: number };
  credit?: { id: string; debtorId: string; amount: bigint; overpayment: OverpaymentItem };
  /** A payment far beyond its balance: booked, and queued for a person (paymentReview). */
  review?: OverpaymentItem;
  document: {
    id: string;
    number: string;
    amount: bigint;
    valueDate: string;
    lines: Array<{ allocateTo: "principal" | "overpayment"; amount: bigint; invoiceNumber: string }>;
  };
  /** The placement as it becomes, and as it was read (a writer without the lock updates it only if unchanged). */
  placement: { next: PlacementTotals; expect: PlacementTotals; updatedAt: Date };
  installmentPaidAt?: Date;
  /** The QuickBooks writeback the remittance asks for (outbox). */
  writeback?: { idempotencyKey: string; payload: Record<string, unknown> };
  audit: { actor: Actor; action: "payment.cleared"; details: Record<string, unknown> };
};

export type PlacementTotals = { recoveredAmount: bigint; feeAmount: bigint; status: string };

/** The operator's work item for an overpayment: what to do with the customer credit. */
export type OverpaymentItem = {
  title: string;
  nextAction: string;
  evidence: Record<string, unknown>;
  dedupeKey: string;
};

/** How the plan makes ids and reads the clock (the tests make them repeatable). */
export type PlanSeams = { newId: () => string; now: () => Date };
const REAL: PlanSeams = { newId: () => crypto.randomUUID(), now: () => new Date() };

/**
 * The rules of an applied payment (allocation, fee split, postings, document, the placement's new
 * totals); nothing is written. Throws PRECONDITION_FAILED when the creditor has no rate.
 */
export function planAppliedPayment(
  input: ClearedPayment,
  currency: string,
  placement: LockedPlacement,
  ctx: PaymentContext,
  actor: Actor,
  seams: PlanSeams = REAL,
): AppliedPaymentPlan {
  if (ctx.rateBps === null)
    throw new AppError("PRECONDITION_FAILED", `creditor ${placement.creditorId} has no contingency rate`);
  const rateBps = ctx.rateBps;
  const creditorId = placement.creditorId;
  const [attemptId, entryId, documentId] = [seams.newId(), seams.newId(), seams.newId()];
  const { applied, excess } = allocateToPlacement(input.amount, placement.invoiceAmount - placement.recoveredAmount);
  const split = applied > 0n ? splitRemittance(applied, rateBps) : { recovered: 0n, fee: 0n, net: 0n };
  const legs = paymentClearedPostings({
    creditorId,
    currency,
    total: input.amount,
    fee: split.fee,
    net: split.net,
    excess,
  });
  const postings = legs.filter((p) => p.amount !== 0n);
  assertBalanced(postings);
  if (postings.length < 2)
    throw new Error(`journal entry for payment ${input.externalId} needs at least two non-zero postings`);
  const recovered = placement.recoveredAmount + split.recovered;
  const status = placement.status === "open" && recovered >= placement.invoiceAmount ? "paid" : placement.status;
  const remittanceId = applied > 0n ? seams.newId() : undefined;
  const creditId = excess > 0n ? seams.newId() : undefined;
  return {
    attemptId,
    creditorId,
    placementId: placement.id,
    installmentId: ctx.installmentId,
    currency,
    entry: {
      id: entryId,
      kind: "payment_cleared",
      description: `Payment ${input.externalId} on invoice ${placement.invoiceNumber}`,
      sourceRef: `payment_attempt:${attemptId}`,
      occurredAt: input.receivedAt,
    },
    postings,
    remittance: remittanceId ? { id: remittanceId, ...split, rateBps } : undefined,
    credit: creditId
      ? {
          id: creditId,
          debtorId: placement.debtorId,
          amount: excess,
          overpayment: {
            title: `Overpayment of ${formatMinor(excess, currency)} ${currency} on invoice ${placement.invoiceNumber}`,
            nextAction: "Refund the debtor or apply the credit to another open placement of the same debtor.",
            evidence: { paymentExternalId: input.externalId, amount: input.amount, applied, excess, currency },
            dedupeKey: `overpayment:${attemptId}`,
          },
        }
      : undefined,
    review: paymentReview(input, currency, placement, attemptId, excess, ctx.reviewMultiple),
    document: paymentDocument(documentId, placement.invoiceNumber, input, applied, excess),
    placement: {
      next: { recoveredAmount: recovered, feeAmount: placement.feeAmount + split.fee, status },
      expect: { recoveredAmount: placement.recoveredAmount, feeAmount: placement.feeAmount, status: placement.status },
      updatedAt: seams.now(),
    },
    installmentPaidAt: ctx.installmentId ? input.receivedAt : undefined,
    writeback: remittanceId
      ? {
          idempotencyKey: `qbo-payment:${attemptId}`,
          payload: {
            paymentAttemptId: attemptId,
            remittanceId,
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
      details: {
        paymentAttemptId: attemptId,
        externalId: input.externalId,
        amount: input.amount,
        applied,
        excess,
        fee: split.fee,
        net: split.net,
        rateBps,
        remittanceId,
        placementStatus: status,
      },
    },
  };
}

/**
 * A payment far beyond what it pays down is booked (the money arrived) but queued for a person: more
 * than `multiple` times the placement's open balance is likelier a typo, a wrong reference or an
 * attack than a debtor's overpayment. A placement already paid counts its invoice amount as the
 * balance, so a second payment of the whole invoice stays an ordinary overpayment.
 */
function paymentReview(
  input: ClearedPayment,
  currency: string,
  placement: LockedPlacement,
  attemptId: string,
  excess: bigint,
  multiple: number | undefined,
): OverpaymentItem | undefined {
  if (multiple === undefined || excess <= 0n) return undefined;
  const open = placement.invoiceAmount - placement.recoveredAmount;
  const balance = open > 0n ? open : placement.invoiceAmount;
  if (input.amount <= BigInt(multiple) * balance) return undefined;
  const money = (minor: bigint) => `${formatMinor(minor, currency)} ${currency}`;
  return {
    title: `Payment ${input.externalId} of ${money(input.amount)} is over ${multiple}× the open balance of ${money(balance)} on invoice ${placement.invoiceNumber}`,
    nextAction:
      "Check the payment at its source (amount, reference, payer) before the credit is refunded or applied: it may be a typo, a wrong invoice or fraud.",
    evidence: { paymentExternalId: input.externalId, amount: input.amount, openBalance: open, multiple, currency },
    dedupeKey: `payment-review:${attemptId}`,
  };
}

/** AGENCY_PAYMENT document; amounts are negative from the claim's point of view (they pay it down), as in seed 002. */
function paymentDocument(id: string, invoiceNumber: string, input: ClearedPayment, applied: bigint, excess: bigint) {
  const lines = [
    { allocateTo: "principal" as const, amount: -applied, invoiceNumber },
    { allocateTo: "overpayment" as const, amount: -excess, invoiceNumber },
  ].filter((l) => l.amount !== 0n);
  return {
    id,
    number: paymentDocumentNumber(input.externalId),
    amount: -(applied + excess),
    valueDate: input.receivedAt.toISOString().slice(0, 10),
    lines,
  };
}

/** The operator's work item for a payment that names no placement it can be applied to. */
export function unmatchedPaymentItem(input: ClearedPayment, currency: string, attemptId: string, reason: string) {
  return {
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
  };
}
