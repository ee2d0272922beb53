/**
 * Integer division with named rounding. BigInt `/` truncates toward zero, which is never the
 * rule anyone means for money, so every division of an amount goes through one of these.
 */

function assertDivisor(d: bigint): void {
  if (d === 0n) throw new Error("Division by zero in a money calculation.");
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** n / d rounded toward negative infinity. */
export function divFloor(n: bigint, d: bigint): bigint {
  assertDivisor(d);
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
}

// The contingency fee uses this rule: creditors check it with a spreadsheet ROUND (ties away from zero), so statements tie out.
/** n / d rounded to nearest, ties away from zero (2.5 → 3, −2.5 → −3). */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  assertDivisor(d);
  const q = (2n * abs(n) + abs(d)) / (2n * abs(d));
  return n < 0n !== d < 0n ? -q : q;
}

/** n / d rounded to nearest, ties to the even neighbour (banker's rounding: 2.5 → 2, 3.5 → 4). */
export function divRoundHalfEven(n: bigint, d: bigint): bigint {
  assertDivisor(d);
  const an = abs(n);
  const ad = abs(d);
  let q = an / ad;
  const twiceRem = 2n * (an % ad);
  if (twiceRem > ad || (twiceRem === ad && q % 2n === 1n)) q += 1n;
  return n < 0n !== d < 0n ? -q : q;
}
