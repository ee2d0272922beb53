/**
 * Contingency fee rules: the fee kept on a cleared payment, and how much of it goes back when the
 * payment is reversed (chargeback, refund) or comes back again (dispute won).
 */
import { divFloor, divRoundHalfUp } from "./rounding";

/** Contingency rate in integer basis points, 0..10000 (1500 = 15%). */
export type RateBps = number;

/** Basis points in 100%. */
export const BPS_DENOMINATOR = 10_000n;

/** Returns `n` if it is an integer 0..10000 basis points; throws otherwise. */
export function assertRateBps(n: number): RateBps {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 10_000) {
    throw new Error(`Invalid contingency rate ${String(n)}: use whole basis points from 0 to 10000 (1500 = 15%).`);
  }
  return n;
}

// Half-up because that is how creditors check the fee by hand or with a spreadsheet's ROUND, so
// statements tie to their own maths; the per-row bias is bounded by half a minor unit.
/** The rounding rule applied to the fee on each cleared payment. */
export const FEE_ROUNDING = "half_up" as const;

/** Fee on a recovered amount (≥ 0): recovered × bps / 10000, rounded half-up. */
export function feeFor(recovered: bigint, rateBps: number): bigint {
  assertRateBps(rateBps);
  if (recovered < 0n) {
    throw new Error(`Cannot compute a fee on a negative amount (${recovered}); use splitReversal for reversals.`);
  }
  return divRoundHalfUp(recovered * BigInt(rateBps), BPS_DENOMINATOR);
}

/** Signed amounts of one remittance row; always recovered = fee + net exactly. */
export type Split = { recovered: bigint; fee: bigint; net: bigint };

/** Absolute recovered and fee of a row, or of what has already been reversed/reinstated against it. */
export type RecoveredAndFee = { recovered: bigint; fee: bigint };

/** Splits a cleared payment (> 0) into the agency fee and the net owed to the creditor. */
export function splitRemittance(recovered: bigint, rateBps: number): Split {
  if (recovered <= 0n) {
    throw new Error(`A remittance must recover a positive amount, got ${recovered}.`);
  }
  const fee = feeFor(recovered, rateBps);
  return { recovered, fee, net: recovered - fee };
}

const REVERSAL = { verb: "reverse", past: "reversed", noun: "Reversal", limit: "original", base: "original row" };
const REINSTATEMENT = {
  verb: "reinstate",
  past: "reinstated",
  noun: "Reinstatement",
  limit: "the reversal",
  base: "reversal row",
};

/**
 * The share of `base` moved by taking `amount` more, when `done` has already been taken.
 * Cumulative fee = floor(base.fee × cumulative recovered / base.recovered), so the pieces add up to
 * exactly base.fee on completion and can never overshoot it, whatever the order or sizes.
 */
function cumulativeShare(
  base: RecoveredAndFee,
  done: RecoveredAndFee,
  amount: bigint,
  what: typeof REVERSAL,
): { recovered: bigint; fee: bigint } {
  if (base.recovered <= 0n || base.fee < 0n || base.fee > base.recovered) {
    throw new Error(
      `Invalid ${what.base}: recovered ${base.recovered} must be > 0 and its fee ${base.fee} within 0..recovered.`,
    );
  }
  if (done.recovered < 0n || done.fee < 0n) {
    throw new Error(`Already-${what.past} amounts must be given as absolute values (≥ 0).`);
  }
  if (amount <= 0n) {
    throw new Error(`The amount to ${what.verb} must be positive, got ${amount}.`);
  }
  const cumulative = done.recovered + amount;
  if (cumulative > base.recovered) {
    throw new Error(
      `${what.noun} exceeds ${what.limit}: ${cumulative} would be ${what.past} of ${base.recovered} on the ${what.base}.`,
    );
  }
  const cumulativeFee = divFloor(base.fee * cumulative, base.recovered);
  // Diff against the stored total, not a recomputation, so the running total lands on the rule
  // even if history was rounded differently; reject only history the rule cannot reconcile.
  const fee = cumulativeFee - done.fee;
  if (fee < 0n || fee > amount) {
    throw new Error(
      `Already-${what.past} fee ${done.fee} is inconsistent with the ${what.base} (fee ${base.fee} on ${base.recovered}); resolve it manually.`,
    );
  }
  return { recovered: amount, fee };
}

/**
 * Reverses `amount` (> 0) more of an original cleared row, given what was already reversed
 * (absolute values). Returns NEGATIVE amounts; a complete reversal returns exactly the original fee.
 */
export function splitReversal(original: RecoveredAndFee, alreadyReversed: RecoveredAndFee, amount: bigint): Split {
  const s = cumulativeShare(original, alreadyReversed, amount, REVERSAL);
  return { recovered: -s.recovered, fee: -s.fee, net: -(s.recovered - s.fee) };
}

/**
 * Reinstates `amount` (> 0) of a reversal row (given as absolute values), e.g. a dispute won,
 * given what was already reinstated. Returns POSITIVE amounts, never more than the reversal.
 */
export function splitReinstatement(
  reversal: RecoveredAndFee,
  alreadyReinstated: RecoveredAndFee,
  amount: bigint,
): Split {
  const s = cumulativeShare(reversal, alreadyReinstated, amount, REINSTATEMENT);
  return { recovered: s.recovered, fee: s.fee, net: s.recovered - s.fee };
}
