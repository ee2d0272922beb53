import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { planDisbursement, type OpenRow } from "./disbursement-plan";

const row = (id: string, net: bigint): OpenRow => ({ id, net, recovered: net, fee: 0n });

describe("planDisbursement", () => {
  it.each([
    // rows, adjustment, fees owed → outcome, amount
    [[100n, 50n], 0n, 0n, "pay", 150n],
    [[100n, -30n], 0n, 0n, "pay", 70n], // a clawback nets against the positive rows
    [[100n], 0n, 25n, "pay", 75n], // fees owed on direct payments are netted in full
    [[100n], 40n, 0n, "pay", 140n], // money a reversed transfer returned is paid again
    [[100n, -150n], 0n, 0n, "carry_forward", -50n], // negative: nothing sent, carried forward
    [[100n], 0n, 100n, "carry_forward", 0n], // zero: never a zero transfer
    [[], 0n, 0n, "carry_forward", 0n],
  ] as const)(
    "case %#: rows, adjustment, fees owed → outcome and amount",
    (nets, adjustment, feesOwed, outcome, amount) => {
      const plan = planDisbursement({
        rows: nets.map((n, i) => row(`r${i}`, n)),
        adjustment,
        feesOwed,
      });
      expect(plan.outcome).toBe(outcome);
      expect(plan.outcome === "pay" ? plan.amount : plan.net).toBe(amount);
    },
  );

  it("refuses negative fees owed", () => {
    expect(() => planDisbursement({ rows: [], adjustment: 0n, feesOwed: -1n })).toThrow(/cannot be negative/);
  });

  it("property: a payment is always positive and equals rows + adjustment − fees; otherwise nothing moves", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -100_000n, max: 100_000n }), { maxLength: 30 }),
        fc.bigInt({ min: -10_000n, max: 10_000n }),
        fc.bigInt({ min: 0n, max: 50_000n }),
        (nets, adjustment, feesOwed) => {
          const rows = nets.map((n, i) => row(`r${i}`, n));
          const plan = planDisbursement({ rows, adjustment, feesOwed });
          const sum = nets.reduce((a, b) => a + b, 0n);
          if (plan.outcome === "pay") {
            expect(plan.amount).toBeGreaterThan(0n);
            expect(plan.amount).toBe(sum + adjustment - feesOwed);
            expect(plan.rowIds).toHaveLength(rows.length);
            expect(plan.feesNetted).toBe(feesOwed);
          } else {
            expect(plan.net).toBe(sum + adjustment - feesOwed);
            if (rows.length || adjustment) expect(plan.net <= 0n).toBe(true);
          }
        },
      ),
    );
  });
});
