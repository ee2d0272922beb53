/**
 * Three-state cash truth (seed 003's rule: matched in the ledger is not yet cash in the bank):
 *   matched        — the payment is booked (remittance minted) but no payout has carried it yet;
 *   settled        — it is in a Stripe payout that was paid;
 *   bank_confirmed — that payout was found on the bank statement.
 * A placement is only as far along as its least advanced payment.
 */
export const CASH_STATES = ["matched", "settled", "bank_confirmed"] as const;
export type CashState = (typeof CASH_STATES)[number];

export function cashStateOf(p: { isPayoutPaid: boolean; isBankConfirmed: boolean }): CashState {
  if (p.isPayoutPaid && p.isBankConfirmed) return "bank_confirmed";
  return p.isPayoutPaid ? "settled" : "matched";
}

/** The least advanced state of several payments (null when there are none). */
export function weakestCashState(states: readonly CashState[]): CashState | null {
  if (!states.length) return null;
  return CASH_STATES[Math.min(...states.map((s) => CASH_STATES.indexOf(s)))]!;
}

export const AGE_BUCKETS = ["0-2 days", "3-7 days", "8-30 days", "over 30 days"] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** How long money has waited for the bank, in whole days since it was received. */
export function ageBucket(days: number): AgeBucket {
  return days <= 2 ? "0-2 days" : days <= 7 ? "3-7 days" : days <= 30 ? "8-30 days" : "over 30 days";
}
