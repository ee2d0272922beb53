import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { allocateToPlacement } from "./allocation";
import { splitReinstatement, splitRemittance, splitReversal } from "./fees";
import {
  ACCOUNTS,
  assertBalanced,
  disbursementPostings,
  paymentClearedPostings,
  reversalPostings,
  unbalancedCurrencies,
  type Posting,
} from "./ledger-rules";

const line = (account: string, amount: bigint, currency = "USD"): Posting => ({ account, amount, currency });

describe("account codes", () => {
  it("names per-creditor accounts", () => {
    expect(ACCOUNTS.creditorPayable("cr_1")).toBe("creditor_payable:cr_1");
    expect(ACCOUNTS.customerCredit("cr_1")).toBe("customer_credit:cr_1");
  });
  it.each(["", "a:b"])("rejects creditor id %j", (id) => {
    expect(() => ACCOUNTS.creditorPayable(id)).toThrow(/Invalid creditor id/);
  });
});

describe("balance check", () => {
  it("is balanced per currency", () => {
    const postings = [line("a", 100n), line("b", -100n), line("c", 5n, "JPY"), line("d", -5n, "JPY")];
    expect(unbalancedCurrencies(postings)).toEqual([]);
    expect(() => assertBalanced(postings)).not.toThrow();
    expect(unbalancedCurrencies([])).toEqual([]);
  });

  it("does not let one currency offset another", () => {
    const postings = [line("a", 100n, "USD"), line("b", -100n, "EUR"), line("c", 3n, "USD")];
    expect(unbalancedCurrencies(postings)).toEqual([
      { currency: "EUR", sum: -100n },
      { currency: "USD", sum: 103n },
    ]);
    expect(() => assertBalanced(postings)).toThrow(/EUR sums to -100, USD sums to 103/);
  });
});

describe("paymentClearedPostings", () => {
  it("books a payment with overpayment as credit, omitting zero lines", () => {
    expect(
      paymentClearedPostings({
        creditorId: "cr_1",
        currency: "USD",
        total: 15000n,
        fee: 1852n,
        net: 10493n,
        excess: 2655n,
      }),
    ).toEqual([
      line("cash:stripe_clearing", 15000n),
      line("creditor_payable:cr_1", -10493n),
      line("fee_income", -1852n),
      line("customer_credit:cr_1", -2655n),
    ]);
    expect(paymentClearedPostings({ creditorId: "cr_1", currency: "JPY", total: 100n, fee: 0n, net: 100n })).toEqual([
      line("cash:stripe_clearing", 100n, "JPY"),
      line("creditor_payable:cr_1", -100n, "JPY"),
    ]);
  });

  it.each([
    { total: 100n, fee: 10n, net: 80n, excess: 0n },
    { total: 0n, fee: 0n, net: 0n, excess: 0n },
    { total: 100n, fee: -10n, net: 110n, excess: 0n },
  ])("rejects parts that do not add up %#", (parts) => {
    expect(() => paymentClearedPostings({ creditorId: "cr_1", currency: "USD", ...parts })).toThrow(/do not add up/);
  });

  it("rejects an unknown currency", () => {
    expect(() => paymentClearedPostings({ creditorId: "c", currency: "usd", total: 1n, fee: 0n, net: 1n })).toThrow(
      /usd/,
    );
  });
});

describe("reversalPostings", () => {
  it("flips every side of the payment for a reversal", () => {
    const s = splitReversal({ recovered: 12345n, fee: 1852n }, { recovered: 0n, fee: 0n }, 12345n);
    expect(reversalPostings({ creditorId: "cr_1", currency: "USD", ...s })).toEqual([
      line("cash:stripe_clearing", -12345n),
      line("creditor_payable:cr_1", 10493n),
      line("fee_income", 1852n),
    ]);
  });

  it.each([
    { recovered: 0n, fee: 0n, net: 0n },
    { recovered: -100n, fee: 10n, net: -110n },
    { recovered: -100n, fee: -10n, net: -80n },
    { recovered: -100n, fee: -10n, net: -90n, excess: 5n },
  ])("rejects inconsistent parts %#", (parts) => {
    expect(() => reversalPostings({ creditorId: "cr_1", currency: "USD", ...parts })).toThrow(/do not add up/);
  });
});

describe("disbursementPostings", () => {
  it("moves net from payable to operating cash (or a given account)", () => {
    expect(disbursementPostings({ creditorId: "cr_1", currency: "EUR", amount: 500n })).toEqual([
      line("creditor_payable:cr_1", 500n, "EUR"),
      line("cash:operating", -500n, "EUR"),
    ]);
    expect(
      disbursementPostings({ creditorId: "cr_1", currency: "EUR", amount: 5n, cashAccount: "cash:stripe_clearing" })[1],
    ).toEqual(line("cash:stripe_clearing", -5n, "EUR"));
  });
  it("rejects a non-positive amount", () => {
    expect(() => disbursementPostings({ creditorId: "cr_1", currency: "EUR", amount: 0n })).toThrow(/positive/);
  });
});

describe("every builder is balanced", () => {
  it("for any payment, reversal, reinstatement and disbursement", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: -(10n ** 6n), max: 10n ** 12n }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.constantFrom("USD", "JPY", "BHD"),
        (total, balance, bps, cut, currency) => {
          const { applied, excess } = allocateToPlacement(total, balance);
          const split = applied > 0n ? splitRemittance(applied, bps) : { recovered: 0n, fee: 0n, net: 0n };
          const all: Posting[][] = [
            paymentClearedPostings({ creditorId: "cr", currency, total, fee: split.fee, net: split.net, excess }),
            disbursementPostings({ creditorId: "cr", currency, amount: total }),
          ];
          if (applied > 0n) {
            const amount = cut < applied ? cut : applied;
            const rev = splitReversal(split, { recovered: 0n, fee: 0n }, amount);
            const back = splitReinstatement(
              { recovered: -rev.recovered, fee: -rev.fee },
              { recovered: 0n, fee: 0n },
              amount,
            );
            all.push(reversalPostings({ creditorId: "cr", currency, ...rev }));
            all.push(reversalPostings({ creditorId: "cr", currency, ...back }));
          }
          for (const postings of all) {
            expect(unbalancedCurrencies(postings)).toEqual([]);
            expect(postings.every((p) => p.amount !== 0n)).toBe(true);
          }
        },
      ),
    );
  });
});
