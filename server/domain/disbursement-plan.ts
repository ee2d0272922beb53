/**
 * What one creditor is paid in one currency by a disbursement run. Pure: the caller gathers the
 * open remittance rows (booked before the cut-off, not yet paid by a live disbursement), the
 * payable not tied to any row (money a reversed transfer returned), and the fees the creditor owes
 * us on direct payments.
 *
 * The rule, in order:
 *  1. Rows net against each other: clawbacks (negative rows) reduce what positive rows pay.
 *  2. Untied payable (adjustment) is added: it is owed like any row.
 *  3. Fees owed are netted in full: a creditor never receives money while owing us fees.
 *  4. If what is left is not positive, nothing is paid: every row stays open and carries forward
 *     to the next run (never a negative or zero transfer).
 * So amount = rows + adjustment − fees, always > 0 when paid, and every part is exact.
 */

/** One open remittance row: its id and net remit (negative for a clawback). */
export type OpenRow = { id: string; net: bigint; recovered: bigint; fee: bigint };

export type PlanInput = { rows: readonly OpenRow[]; adjustment: bigint; feesOwed: bigint };

export type Plan =
  | {
      outcome: "pay";
      rowIds: string[];
      rowsAmount: bigint;
      gross: bigint;
      fee: bigint;
      adjustment: bigint;
      feesNetted: bigint;
      amount: bigint;
    }
  | {
      outcome: "carry_forward";
      reason: "nothing_due" | "negative" | "zero";
      rowsAmount: bigint;
      adjustment: bigint;
      feesOwed: bigint;
      /** What would have been paid (≤ 0): carried to the next run. */
      net: bigint;
    };

/** Plan one creditor-currency (see the module comment). */
export function planDisbursement(input: PlanInput): Plan {
  if (input.feesOwed < 0n) throw new Error(`Fees owed cannot be negative, got ${input.feesOwed}.`);
  const rowsAmount = input.rows.reduce((s, r) => s + r.net, 0n);
  const net = rowsAmount + input.adjustment - input.feesOwed;
  if (input.rows.length === 0 && input.adjustment === 0n)
    return {
      outcome: "carry_forward",
      reason: "nothing_due",
      rowsAmount,
      adjustment: 0n,
      feesOwed: input.feesOwed,
      net,
    };
  if (net <= 0n)
    return {
      outcome: "carry_forward",
      reason: net === 0n ? "zero" : "negative",
      rowsAmount,
      adjustment: input.adjustment,
      feesOwed: input.feesOwed,
      net,
    };
  return {
    outcome: "pay",
    rowIds: input.rows.map((r) => r.id),
    rowsAmount,
    gross: input.rows.reduce((s, r) => s + r.recovered, 0n),
    fee: input.rows.reduce((s, r) => s + r.fee, 0n),
    adjustment: input.adjustment,
    feesNetted: input.feesOwed,
    amount: net,
  };
}
