/**
 * What an operator's decision does to a placement's balance, pure: reversal decisions (back to
 * outreach, keep, write off) and direct payments (paid to the creditor, our fee owed by them).
 */
import { feeFor } from "./fees";

export type PlacementMoney = {
  status: "open" | "paid" | "closed_uncollected" | "recalled";
  invoiceAmount: bigint;
  recoveredAmount: bigint;
  directPaidAmount: bigint;
  writtenOffAmount: bigint;
};

/** What is still owed on the invoice: never below zero (an overpayment is customer credit, not a negative balance). */
export function outstandingMinor(p: Omit<PlacementMoney, "status">): bigint {
  const left = p.invoiceAmount - p.recoveredAmount - p.directPaidAmount - p.writtenOffAmount;
  return left > 0n ? left : 0n;
}

export const REVERSAL_DECISIONS = ["back_to_outreach", "keep", "write_off"] as const;
export type ReversalDecision = (typeof REVERSAL_DECISIONS)[number];

export type DecisionEffect = {
  decision: ReversalDecision;
  statusBefore: PlacementMoney["status"];
  statusAfter: PlacementMoney["status"];
  /** The WRITE_OFF document's amount (the outstanding balance), 0 unless writing off. */
  writeOff: bigint;
  outstandingBefore: bigint;
  outstandingAfter: bigint;
};

/** The effect of a reversal decision, or why it cannot be taken on this placement. */
export function reversalDecisionEffect(
  p: PlacementMoney,
  decision: ReversalDecision,
): DecisionEffect | { refusal: string } {
  const outstanding = outstandingMinor(p);
  const base = { decision, statusBefore: p.status, outstandingBefore: outstanding };
  if (p.status === "recalled" && decision !== "keep")
    return { refusal: "the creditor recalled this placement; it can only be kept as is" };
  switch (decision) {
    case "keep":
      return { ...base, statusAfter: p.status, writeOff: 0n, outstandingAfter: outstanding };
    case "back_to_outreach":
      if (outstanding === 0n)
        return {
          refusal: "nothing is outstanding on this placement, so there is nothing to collect again; keep it instead",
        };
      return { ...base, statusAfter: "open", writeOff: 0n, outstandingAfter: outstanding };
    case "write_off":
      if (outstanding === 0n)
        return { refusal: "nothing is outstanding on this placement, so there is nothing to write off" };
      return { ...base, statusAfter: "closed_uncollected", writeOff: outstanding, outstandingAfter: 0n };
  }
}

export type DirectPaymentEffect = {
  amount: bigint;
  /** Our contingency fee on it at the rate in force on the payment date (half-up), owed by the creditor. */
  fee: bigint;
  rateBps: number;
  outstandingBefore: bigint;
  outstandingAfter: bigint;
  statusAfter: PlacementMoney["status"];
};

/** Confirming a direct payment: it comes off the balance and the creditor owes our fee on it. */
export function directPaymentEffect(
  p: PlacementMoney,
  amount: bigint,
  rateBps: number,
): DirectPaymentEffect | { refusal: string } {
  const outstanding = outstandingMinor(p);
  if (amount <= 0n) return { refusal: "the direct payment's amount must be above zero" };
  if (p.status === "recalled" || p.status === "closed_uncollected")
    return { refusal: `the placement is ${p.status.replace("_", " ")}; reopen it before recording a payment on it` };
  if (amount > outstanding)
    return {
      refusal: `the direct payment (${amount}) is more than what is outstanding (${outstanding}); check the amount with the creditor`,
    };
  const after = outstanding - amount;
  return {
    amount,
    fee: feeFor(amount, rateBps),
    rateBps,
    outstandingBefore: outstanding,
    outstandingAfter: after,
    statusAfter: after === 0n ? "paid" : p.status,
  };
}

/**
 * The status people see: a placement whose money was reversed says so — "reversed, decision
 * pending" while an operator decides, "reversed, kept" after a keep decision — never "paid"
 * beside an outstanding balance.
 */
export function displayStatus(p: {
  status: PlacementMoney["status"];
  outstandingAmount: bigint;
  isDecisionPending: boolean;
}) {
  if (p.isDecisionPending && (p.status === "open" || p.status === "paid")) return "reversed_decision_pending" as const;
  if (p.status === "paid" && p.outstandingAmount > 0n) return "reversed_kept" as const;
  return p.status;
}
