import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  FEE_ROUNDING,
  assertRateBps,
  feeFor,
  splitReinstatement,
  splitRemittance,
  splitReversal,
  type RecoveredAndFee,
} from "./fees";

const ZERO: RecoveredAndFee = { recovered: 0n, fee: 0n };

describe("assertRateBps", () => {
  it.each([0, 1, 1500, 3333, 10_000])("accepts %i", (n) => {
    expect(assertRateBps(n)).toBe(n);
  });
  it.each([-1, 10_001, 15.5, Number.NaN, Infinity])("rejects %s", (n) => {
    expect(() => assertRateBps(n)).toThrow(/whole basis points from 0 to 10000/);
  });
});

describe("feeFor (half-up)", () => {
  it("is named half_up", () => {
    expect(FEE_ROUNDING).toBe("half_up");
  });

  it.each([
    [12345n, 1500, 1852n], // 1851.75 → 1852
    [10000n, 1500, 1500n],
    [1n, 5000, 1n], // 0.5 → 1 (half-up, where half-even gives 0)
    [3n, 5000, 2n], // 1.5 → 2
    [5n, 5000, 3n], // 2.5 → 3 (half-even would give 2)
    [1n, 4999, 0n], // 0.4999 → 0
    [100n, 2550, 26n], // 25.5 → 26
    [99n, 3333, 33n], // 32.9967 → 33
    [0n, 1500, 0n],
    [12345n, 0, 0n],
    [12345n, 10_000, 12345n],
    [10n ** 20n + 1n, 1500, 15n * 10n ** 18n], // beyond float precision: .15 → 0
  ])("%s at %i bps → %s", (recovered, bps, fee) => {
    expect(feeFor(recovered, bps)).toBe(fee);
  });

  it("rejects negative amounts and bad rates", () => {
    expect(() => feeFor(-1n, 1500)).toThrow(/negative/);
    expect(() => feeFor(100n, 10_001)).toThrow(/basis points/);
  });
});

describe("splitRemittance", () => {
  it("splits 123.45 at 15% into 18.52 fee and 104.93 net", () => {
    expect(splitRemittance(12345n, 1500)).toEqual({ recovered: 12345n, fee: 1852n, net: 10493n });
  });

  it.each([0n, -100n])("rejects a non-positive recovered amount %s", (recovered) => {
    expect(() => splitRemittance(recovered, 1500)).toThrow(/positive/);
  });

  it("always sums to the whole with 0 ≤ fee ≤ recovered", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.integer({ min: 0, max: 10_000 }), (recovered, bps) => {
        const s = splitRemittance(recovered, bps);
        expect(s.fee + s.net).toBe(recovered);
        expect(s.fee >= 0n && s.fee <= recovered).toBe(true);
      }),
    );
  });
});

describe("splitReversal", () => {
  const original = { recovered: 10000n, fee: 1500n };

  it.each([
    // [already recovered, already fee, amount, expected fee returned]
    [0n, 0n, 10000n, 1500n],
    [0n, 0n, 3333n, 499n], // floor(1500 × 3333 / 10000) = 499.95 → 499
    [3333n, 499n, 3333n, 500n], // cumulative floor(999.9) = 999
    [6666n, 999n, 3334n, 501n], // completes: cumulative 1500
  ])("already %s/%s, reversing %s returns fee %s", (r, f, amount, fee) => {
    const s = splitReversal(original, { recovered: r, fee: f }, amount);
    expect(s).toEqual({ recovered: -amount, fee: -fee, net: -(amount - fee) });
  });

  it("refuses to reverse more than the original", () => {
    expect(() => splitReversal(original, { recovered: 9000n, fee: 1350n }, 1001n)).toThrow(
      /reversal exceeds original/i,
    );
    expect(() => splitReversal(original, ZERO, 10001n)).toThrow(/reversal exceeds original/i);
  });

  it.each([
    [original, ZERO, 0n, /positive/],
    [original, ZERO, -5n, /positive/],
    [original, { recovered: -1n, fee: 0n }, 5n, /absolute/],
    [{ recovered: 0n, fee: 0n }, ZERO, 5n, /Invalid original row/],
    [{ recovered: 100n, fee: 101n }, ZERO, 5n, /Invalid original row/],
    [original, { recovered: 100n, fee: 1500n }, 5n, /inconsistent/],
  ])("rejects bad input %#", (o, done, amount, message) => {
    expect(() => splitReversal(o, done, amount)).toThrow(message);
  });

  it("any sequence of partial reversals never exceeds the original; a full one returns its fee exactly", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (recovered, bps, pieces, complete) => {
          const orig = splitRemittance(recovered, bps);
          const done = { recovered: 0n, fee: 0n };
          for (const piece of pieces) {
            const amount = piece > orig.recovered - done.recovered ? orig.recovered - done.recovered : piece;
            if (amount === 0n) break;
            const s = splitReversal(orig, done, amount);
            expect(s.recovered).toBe(-amount);
            expect(s.fee + s.net).toBe(s.recovered);
            expect(s.fee <= 0n && s.net <= 0n).toBe(true);
            done.recovered -= s.recovered;
            done.fee -= s.fee;
            expect(done.recovered <= orig.recovered && done.fee <= orig.fee).toBe(true);
          }
          if (complete && done.recovered < orig.recovered) {
            const s = splitReversal(orig, done, orig.recovered - done.recovered);
            done.recovered -= s.recovered;
            done.fee -= s.fee;
          }
          if (done.recovered === orig.recovered) expect(done.fee).toBe(orig.fee);
        },
      ),
    );
  });
});

describe("splitReinstatement", () => {
  const reversal = { recovered: 5000n, fee: 751n };

  it("returns positive amounts by the cumulative-floor rule", () => {
    expect(splitReinstatement(reversal, ZERO, 2500n)).toEqual({ recovered: 2500n, fee: 375n, net: 2125n });
    expect(splitReinstatement(reversal, { recovered: 2500n, fee: 375n }, 2500n)).toEqual({
      recovered: 2500n,
      fee: 376n,
      net: 2124n,
    });
  });

  it("refuses to reinstate more than the reversal", () => {
    expect(() => splitReinstatement(reversal, { recovered: 4000n, fee: 600n }, 1001n)).toThrow(
      /Reinstatement exceeds the reversal/,
    );
  });

  it("reinstatements never exceed the reversal and a full one restores its fee", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { minLength: 1, maxLength: 12 }),
        (recovered, bps, pieces) => {
          const orig = splitRemittance(recovered, bps);
          const rev = splitReversal(orig, ZERO, orig.recovered);
          const base = { recovered: -rev.recovered, fee: -rev.fee };
          const done = { recovered: 0n, fee: 0n };
          for (const piece of [...pieces, base.recovered]) {
            const amount = piece > base.recovered - done.recovered ? base.recovered - done.recovered : piece;
            if (amount === 0n) break;
            const s = splitReinstatement(base, done, amount);
            expect(s.recovered).toBe(amount);
            expect(s.fee >= 0n && s.net >= 0n && s.fee + s.net === amount).toBe(true);
            done.recovered += s.recovered;
            done.fee += s.fee;
            expect(done.recovered <= base.recovered && done.fee <= base.fee).toBe(true);
          }
          expect(done).toEqual(base);
          expect(() => splitReinstatement(base, done, 1n)).toThrow(/exceeds/);
        },
      ),
    );
  });
});
