import type { customerCredits, paymentAttempts, remittances } from "@/db/schema";

/**
 * The one place each payments table's rows are built, whatever writes them: the transaction path,
 * the Stripe webhook's batched statement (both through payment-writes.ts), reversals and
 * reinstatements. Rows are drizzle insert objects, so the column list is the schema's.
 */

export type AttemptInput = {
  id: string;
  source: "stripe" | "manual" | "bank" | "direct";
  externalId: string;
  chargeId?: string | null;
  amount: bigint;
  currency: string;
  status: "succeeded" | "unmatched";
  receivedAt: Date;
  metadata?: Record<string, unknown>;
  creditorId: string | null;
  placementId: string | null;
  installmentId: string | null;
  /** A part of an unmatched payment that an operator applied. */
  parentPaymentAttemptId?: string | null;
};

/** A payment attempt as first recorded (its status changes later only by reversal). */
export function attemptRow(a: AttemptInput): typeof paymentAttempts.$inferInsert {
  return {
    id: a.id,
    creditorId: a.creditorId,
    placementId: a.placementId,
    installmentId: a.installmentId,
    source: a.source,
    externalId: a.externalId,
    chargeId: a.chargeId ?? null,
    amount: a.amount,
    currency: a.currency,
    status: a.status,
    receivedAt: a.receivedAt,
    metadata: a.metadata ?? {},
    parentPaymentAttemptId: a.parentPaymentAttemptId ?? null,
  };
}

export type RemittanceInput = {
  id?: string;
  creditorId: string;
  placementId: string;
  paymentAttemptId: string;
  installmentId: string | null;
  /** cleared: a payment; reversed: a refund or chargeback (negative); reinstated: money back after a reversal. */
  status: "cleared" | "reversed" | "reinstated";
  reason?: "refund" | "chargeback" | "dispute_reinstated" | "refund_failed" | "cancellation";
  parentRemittanceId?: string;
  externalRef?: string;
  split: { recovered: bigint; fee: bigint; net: bigint };
  currency: string;
  /** The contingency rate applied, in basis points: the payment's own, kept by its reversals. */
  rateBps: number;
  journalEntryId: string;
  occurredAt: Date;
};

/** A remittance row (append-only: the database refuses UPDATE and DELETE). */
export function remittanceRow(r: RemittanceInput): typeof remittances.$inferInsert {
  return {
    id: r.id,
    creditorId: r.creditorId,
    placementId: r.placementId,
    paymentAttemptId: r.paymentAttemptId,
    installmentId: r.installmentId,
    parentRemittanceId: r.parentRemittanceId ?? null,
    status: r.status,
    reason: r.reason ?? null,
    externalRef: r.externalRef ?? null,
    recoveredAmount: r.split.recovered,
    feeAmount: r.split.fee,
    netRemitAmount: r.split.net,
    currency: r.currency,
    rateBpsSnapshot: r.rateBps,
    journalEntryId: r.journalEntryId,
    occurredAt: r.occurredAt,
  };
}

/** Customer credit held for a debtor (an overpayment, or what is left of one). */
export function creditRow(c: {
  id?: string;
  creditorId: string;
  debtorId: string | null;
  placementId: string | null;
  paymentAttemptId: string;
  amount: bigint;
  currency: string;
  journalEntryId: string;
}): typeof customerCredits.$inferInsert {
  return {
    id: c.id,
    creditorId: c.creditorId,
    debtorId: c.debtorId,
    placementId: c.placementId,
    paymentAttemptId: c.paymentAttemptId,
    amount: c.amount,
    currency: c.currency,
    status: "open",
    journalEntryId: c.journalEntryId,
  };
}
