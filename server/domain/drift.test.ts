import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DriftInput, checkDrift, driftNextAction, driftTolerance, expectedQboBalance } from "./drift";

/** A 1,000.00 USD invoice with our 400.00 posted as QBO payment 11 and nothing else going on. */
const base: DriftInput = {
  currency: "USD",
  invoiceAmount: 100_000n,
  settledInQbo: 40_000n,
  unsettled: 0n,
  unsettledState: "none",
  liveTotal: 100_000n,
  liveBalance: 60_000n,
  liveLinkedPaymentIds: ["11"],
  ourPaymentIds: ["11"],
};
const w = (patch: Partial<DriftInput>): DriftInput => ({ ...base, ...patch });

describe("driftTolerance (one cent)", () => {
  it.each([
    ["USD", 1n],
    ["EUR", 1n],
    ["JPY", 0n],
    ["BHD", 10n],
  ])("%s → %s minor units", (currency, tol) => expect(driftTolerance(currency)).toBe(tol));
});

describe("expectedQboBalance", () => {
  it("is the placed amount minus what our settled writebacks applied", () => {
    expect(expectedQboBalance(base)).toBe(60_000n);
    expect(expectedQboBalance(w({ settledInQbo: 0n }))).toBe(100_000n);
  });
});

describe("checkDrift", () => {
  const cases: Array<[string, Partial<DriftInput>, { cause: string; drift: bigint; isExact: boolean } | null]> = [
    ["books agree", {}, null],
    ["one cent apart is rounding, not drift", { liveBalance: 60_001n }, null],
    ["two cents apart is drift", { liveBalance: 60_002n }, { cause: "unknown", drift: 2n, isExact: false }],
    [
      "a pending writeback that QBO has not seen yet is not drift",
      { settledInQbo: 40_000n, unsettled: 25_000n, unsettledState: "pending" },
      null,
    ],
    [
      "our pending writeback already landed in QBO (answer lost)",
      { unsettled: 25_000n, unsettledState: "pending", liveBalance: 35_000n, liveLinkedPaymentIds: ["11", "12"] },
      { cause: "writeback_pending", drift: -25_000n, isExact: true },
    ],
    [
      "our failed writeback already landed in QBO",
      { unsettled: 25_000n, unsettledState: "failed", liveBalance: 35_000n, liveLinkedPaymentIds: ["11", "12"] },
      { cause: "writeback_failed", drift: -25_000n, isExact: true },
    ],
    [
      "the invoice total was raised in QBO",
      { liveTotal: 120_000n, liveBalance: 80_000n },
      { cause: "invoice_edited", drift: 20_000n, isExact: true },
    ],
    [
      "the invoice total was lowered in QBO",
      { liveTotal: 90_000n, liveBalance: 50_000n },
      { cause: "invoice_edited", drift: -10_000n, isExact: true },
    ],
    [
      "a payment in QBO without our stamp",
      { liveBalance: 30_000n, liveLinkedPaymentIds: ["11", "77"] },
      { cause: "direct_payment", drift: -30_000n, isExact: false },
    ],
    [
      "a direct payment beats an unrelated total edit when money went down",
      { liveTotal: 100_500n, liveBalance: 30_500n, liveLinkedPaymentIds: ["11", "77"] },
      { cause: "direct_payment", drift: -29_500n, isExact: false },
    ],
    [
      "a total edit that does not explain all of it",
      { liveTotal: 110_000n, liveBalance: 75_000n },
      { cause: "invoice_edited", drift: 15_000n, isExact: false },
    ],
    [
      "a failed writeback is the likely cause when nothing else fits",
      { unsettled: 25_000n, unsettledState: "failed", liveBalance: 50_000n },
      { cause: "writeback_failed", drift: -10_000n, isExact: false },
    ],
    [
      "our payment was deleted or voided in QBO",
      { liveBalance: 100_000n, liveLinkedPaymentIds: [] },
      { cause: "unknown", drift: 40_000n, isExact: false },
    ],
    [
      "zero-decimal currency: one yen is drift",
      { currency: "JPY", liveBalance: 60_001n },
      { cause: "unknown", drift: 1n, isExact: false },
    ],
  ];

  it.each(cases)("%s", (_name, patch, expected) => {
    const finding = checkDrift(w(patch));
    if (expected === null) return expect(finding).toBeNull();
    expect(finding).toMatchObject(expected);
    expect(finding!.explanation.length).toBeGreaterThan(20);
    expect(driftNextAction(finding!.cause)).toMatch(/\w/);
  });

  it("names the foreign and the missing payments", () => {
    const f = checkDrift(w({ liveBalance: 30_000n, liveLinkedPaymentIds: ["77", "78"], ourPaymentIds: ["11"] }))!;
    expect(f.foreignPaymentIds).toEqual(["77", "78"]);
    expect(f.missingPaymentIds).toEqual(["11"]);
    expect(f.explanation).toContain("77, 78");
  });

  it("formats amounts exactly in the explanation", () => {
    const f = checkDrift(w({ liveTotal: 100_001n + 12_344n, liveBalance: 60_000n + 12_345n }))!;
    expect(f.explanation).toContain("1123.45 USD");
  });

  it("property: drift is always live − expected, and within one cent there is never a finding", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        (amount, settled, live) => {
          const input = w({ invoiceAmount: amount, liveTotal: amount, settledInQbo: settled, liveBalance: live });
          const f = checkDrift(input);
          const d = live - (amount - settled);
          if (d >= -1n && d <= 1n) return f === null;
          return f !== null && f.drift === d && f.expectedBalance === amount - settled;
        },
      ),
    );
  });
});
