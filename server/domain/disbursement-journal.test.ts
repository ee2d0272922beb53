import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { disbursementJournalLines } from "./disbursement-journal";

describe("disbursementJournalLines", () => {
  it("gross to clearing, fee to the fee account, net to the bank", () => {
    expect(
      disbursementJournalLines({ gross: 10_000n, fee: 2_000n, adjustment: 0n, feesNetted: 0n, amount: 8_000n }),
    ).toEqual([
      { role: "bank", posting: "Debit", amount: 8_000n },
      { role: "fee", posting: "Debit", amount: 2_000n },
      { role: "clearing", posting: "Credit", amount: 10_000n },
    ]);
  });

  it("fees owed on direct payments are fee expense too; the bank gets less", () => {
    const lines = disbursementJournalLines({
      gross: 10_000n,
      fee: 2_000n,
      adjustment: 0n,
      feesNetted: 1_500n,
      amount: 6_500n,
    });
    expect(lines.find((l) => l.role === "fee")).toEqual({ role: "fee", posting: "Debit", amount: 3_500n });
  });

  it("refuses parts that do not add up", () => {
    expect(() => disbursementJournalLines({ gross: 1n, fee: 0n, adjustment: 0n, feesNetted: 0n, amount: 2n })).toThrow(
      /do not add up/,
    );
  });

  it("property: always balanced, positive amounts only", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -50_000n, max: 100_000n }),
        fc.bigInt({ min: -10_000n, max: 20_000n }),
        fc.bigInt({ min: -5_000n, max: 5_000n }),
        fc.bigInt({ min: 0n, max: 5_000n }),
        (gross, fee, adjustment, feesNetted) => {
          const amount = gross - fee + adjustment - feesNetted;
          const lines = disbursementJournalLines({ gross, fee, adjustment, feesNetted, amount });
          const side = (s: string) => lines.filter((l) => l.posting === s).reduce((a, l) => a + l.amount, 0n);
          expect(side("Debit")).toBe(side("Credit"));
          expect(lines.every((l) => l.amount > 0n)).toBe(true);
        },
      ),
    );
  });
});
