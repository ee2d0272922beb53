import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { systemActor } from "./actor";
import {
  checkClearedPayment,
  planAppliedPayment,
  whyUnmatched,
  type ClearedPayment,
  type LockedPlacement,
} from "./payment-plan";

const actor = systemActor("test");
let n = 0;
const seams = { newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`, now: () => new Date(0) };

const placement = (p: Partial<LockedPlacement> = {}): LockedPlacement => ({
  id: "11111111-1111-4111-8111-111111111111",
  creditorId: "22222222-2222-4222-8222-222222222222",
  debtorId: "33333333-3333-4333-8333-333333333333",
  invoiceNumber: "INV-1",
  currency: "USD",
  status: "open",
  invoiceAmount: 100_00n,
  recoveredAmount: 0n,
  feeAmount: 0n,
  ...p,
});

const payment = (amount: bigint, p: Partial<ClearedPayment> = {}): ClearedPayment => ({
  source: "stripe",
  externalId: "pi_1",
  placementId: placement().id,
  amount,
  currency: "USD",
  receivedAt: new Date("2026-11-02T10:00:00Z"),
  ...p,
});

const sumBy = (xs: Array<{ currency: string; amount: bigint }>) => {
  const out = new Map<string, bigint>();
  for (const x of xs) out.set(x.currency, (out.get(x.currency) ?? 0n) + x.amount);
  return out;
};

describe("planAppliedPayment (the rules of a cleared payment)", () => {
  it.each([
    // amount, invoice, recovered so far, rate → recovered, fee, net, credit, status
    [100_00n, 100_00n, 0n, 2500, 100_00n, 25_00n, 75_00n, 0n, "paid"],
    [40_00n, 100_00n, 0n, 2500, 40_00n, 10_00n, 30_00n, 0n, "open"],
    [130_00n, 100_00n, 0n, 2500, 100_00n, 25_00n, 75_00n, 30_00n, "paid"],
    [10_00n, 100_00n, 95_00n, 3333, 5_00n, 1_67n, 3_33n, 5_00n, "paid"],
    [1n, 100_00n, 0n, 5000, 1n, 1n, 0n, 0n, "open"], // half-up: half a cent of fee is a cent
    [7_00n, 100_00n, 100_00n, 2500, 0n, 0n, 0n, 7_00n, "paid"], // nothing left to pay down: all credit
  ])("%s on %s (recovered %s, %s bps)", (amount, invoice, before, rate, recovered, fee, net, credit, status) => {
    const plan = planAppliedPayment(
      payment(amount),
      "USD",
      placement({ invoiceAmount: invoice, recoveredAmount: before }),
      { rateBps: rate, installmentId: null },
      actor,
      seams,
    );
    expect(plan.remittance?.recovered ?? 0n).toBe(recovered);
    expect(plan.remittance?.fee ?? 0n).toBe(fee);
    expect(plan.remittance?.net ?? 0n).toBe(net);
    expect(plan.credit?.amount ?? 0n).toBe(credit);
    expect(plan.placement.next.status).toBe(status);
    expect(plan.writeback === undefined).toBe(recovered === 0n);
  });

  it("holds its invariants for any payment, placement and rate", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom("USD", "EUR", "JPY"),
        fc.constantFrom("open", "paid"),
        (amount, invoice, before, rateBps, currency, status) => {
          const recoveredBefore = before > invoice ? invoice : before;
          const pl = placement({ invoiceAmount: invoice, recoveredAmount: recoveredBefore, currency, status });
          const plan = planAppliedPayment(
            payment(amount, { currency }),
            currency,
            pl,
            { rateBps, installmentId: null },
            actor,
            seams,
          );
          const r = plan.remittance ?? { recovered: 0n, fee: 0n, net: 0n };
          // Postings balance in every currency.
          for (const total of sumBy(plan.postings).values()) expect(total).toBe(0n);
          // What pays down the invoice plus what is held as credit is the whole payment.
          expect(r.recovered + (plan.credit?.amount ?? 0n)).toBe(amount);
          // The fee never exceeds what was recovered; net is the rest, exactly.
          expect(r.fee >= 0n && r.fee <= r.recovered).toBe(true);
          expect(r.net).toBe(r.recovered - r.fee);
          // The invoice is never paid down past its amount.
          expect(plan.placement.next.recoveredAmount <= invoice || recoveredBefore === invoice).toBe(true);
          expect(plan.placement.next.feeAmount).toBe(pl.feeAmount + r.fee);
          // The document pays the claim down by the whole payment.
          expect(plan.document.amount).toBe(-amount);
          expect(plan.document.lines.reduce((s, l) => s + l.amount, 0n)).toBe(-amount);
        },
      ),
    );
  });

  it("refuses a creditor without a rate", () => {
    expect(() =>
      planAppliedPayment(payment(1_00n), "USD", placement(), { rateBps: null, installmentId: null }, actor, seams),
    ).toThrow(/no contingency rate/);
  });
});

describe("checkClearedPayment and whyUnmatched", () => {
  it("refuses non-positive amounts and unknown currencies, and keeps only UUID ids", () => {
    expect(() => checkClearedPayment(payment(0n))).toThrow(/positive/);
    expect(() => checkClearedPayment(payment(1n, { currency: "XXX" }))).toThrow(/currency/);
    expect(checkClearedPayment(payment(1n, { placementId: "INV-1", currency: "usd" }))).toEqual({
      currency: "USD",
      placementId: null,
      installmentId: null,
    });
  });

  it.each([
    [{ placementId: null }, null, "names no placement"],
    [{}, null, "is unknown"],
    [{}, placement({ currency: "EUR" }), "differs"],
    [{}, placement({ status: "recalled" }), "recalled"],
    [{}, placement({ status: "closed_uncollected" }), "closed_uncollected"],
  ] as const)("%o on %o → unmatched (%s)", (p, pl, why) => {
    expect(whyUnmatched(payment(1n, p), "USD", pl)).toContain(why);
  });

  it("applies to an open or paid placement in its currency", () => {
    expect(whyUnmatched(payment(1n), "USD", placement())).toBeNull();
    expect(whyUnmatched(payment(1n), "USD", placement({ status: "paid" }))).toBeNull();
  });
});
