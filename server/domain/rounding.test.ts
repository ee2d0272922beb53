import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { divFloor, divRoundHalfEven, divRoundHalfUp } from "./rounding";

// [n, d, floor, halfUp, halfEven]
const cases: Array<[bigint, bigint, bigint, bigint, bigint]> = [
  [10n, 5n, 2n, 2n, 2n],
  [5n, 2n, 2n, 3n, 2n],
  [7n, 2n, 3n, 4n, 4n],
  [-5n, 2n, -3n, -3n, -2n],
  [-7n, 2n, -4n, -4n, -4n],
  [5n, -2n, -3n, -3n, -2n],
  [-5n, -2n, 2n, 3n, 2n],
  [1n, 3n, 0n, 0n, 0n],
  [2n, 3n, 0n, 1n, 1n],
  [-1n, 3n, -1n, 0n, 0n],
  [-2n, 3n, -1n, -1n, -1n],
  [0n, 7n, 0n, 0n, 0n],
  [1851750n, 10000n, 185n, 185n, 185n], // 12345 cents × 1500 bps = 185.175 → 185
  [1850000n + 5000n, 10000n, 185n, 186n, 186n], // 185.5: half-up and half-even agree (185 odd)
  [1865000n, 10000n, 186n, 187n, 186n], // 186.5: they disagree
];

describe("named rounding", () => {
  it.each(cases)("%s / %s → floor %s, half-up %s, half-even %s", (n, d, floor, up, even) => {
    expect(divFloor(n, d)).toBe(floor);
    expect(divRoundHalfUp(n, d)).toBe(up);
    expect(divRoundHalfEven(n, d)).toBe(even);
  });

  it("refuses division by zero", () => {
    expect(() => divFloor(1n, 0n)).toThrow(/zero/);
    expect(() => divRoundHalfUp(1n, 0n)).toThrow(/zero/);
    expect(() => divRoundHalfEven(1n, 0n)).toThrow(/zero/);
  });

  const nonZero = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((d) => d !== 0n);
  const anyN = fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n });

  it("floor is the largest q with q·d ≤ n (for d > 0)", () => {
    fc.assert(
      fc.property(anyN, nonZero, (n, d0) => {
        const d = d0 < 0n ? -d0 : d0;
        const q = divFloor(n, d);
        expect(q * d <= n && n < (q + 1n) * d).toBe(true);
      }),
    );
  });

  it("half-up and half-even are within half a unit and symmetric in sign", () => {
    fc.assert(
      fc.property(anyN, nonZero, (n, d) => {
        for (const f of [divRoundHalfUp, divRoundHalfEven]) {
          const q = f(n, d);
          const err = 2n * (q * d - n);
          const bound = d < 0n ? -d : d;
          expect(err <= bound && err >= -bound).toBe(true);
          expect(f(-n, d)).toBe(-q);
        }
      }),
    );
  });
});
