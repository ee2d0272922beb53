import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  directPaymentEffect,
  displayStatus,
  outstandingMinor,
  reversalDecisionEffect,
  type PlacementMoney,
} from "./settlements";

const placement = (over: Partial<PlacementMoney> = {}): PlacementMoney => ({
  status: "open",
  invoiceAmount: 10_000n,
  recoveredAmount: 4_000n,
  directPaidAmount: 0n,
  writtenOffAmount: 0n,
  ...over,
});

describe("outstandingMinor", () => {
  it("is the invoice less what was recovered, paid directly and written off, never negative", () => {
    expect(outstandingMinor(placement({ directPaidAmount: 1_000n, writtenOffAmount: 500n }))).toBe(4_500n);
    expect(outstandingMinor(placement({ recoveredAmount: 12_000n }))).toBe(0n);
  });
});

describe("reversalDecisionEffect", () => {
  it("back to outreach reopens a paid placement that has a balance again", () => {
    expect(reversalDecisionEffect(placement({ status: "paid" }), "back_to_outreach")).toMatchObject({
      statusAfter: "open",
      writeOff: 0n,
      outstandingAfter: 6_000n,
    });
  });
  it("write-off takes exactly the outstanding balance and closes it uncollected", () => {
    expect(reversalDecisionEffect(placement(), "write_off")).toMatchObject({
      statusAfter: "closed_uncollected",
      writeOff: 6_000n,
      outstandingAfter: 0n,
    });
  });
  it("keep changes nothing", () => {
    expect(reversalDecisionEffect(placement({ status: "paid" }), "keep")).toMatchObject({
      statusBefore: "paid",
      statusAfter: "paid",
      writeOff: 0n,
    });
  });
  it("refuses what makes no sense", () => {
    expect(reversalDecisionEffect(placement({ recoveredAmount: 10_000n }), "write_off")).toHaveProperty("refusal");
    expect(reversalDecisionEffect(placement({ recoveredAmount: 10_000n }), "back_to_outreach")).toHaveProperty(
      "refusal",
    );
    expect(reversalDecisionEffect(placement({ status: "recalled" }), "write_off")).toHaveProperty("refusal");
  });
  it("after any decision nothing is outstanding beyond the invoice, and a write-off leaves nothing", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.constantFrom("back_to_outreach", "keep", "write_off" as const),
        (invoice, recovered, decision) => {
          const e = reversalDecisionEffect(placement({ invoiceAmount: invoice, recoveredAmount: recovered }), decision);
          if ("refusal" in e) return;
          expect(e.outstandingAfter + e.writeOff).toBe(e.outstandingBefore);
          expect(e.outstandingAfter).toBeLessThanOrEqual(invoice);
        },
      ),
    );
  });
});

describe("directPaymentEffect", () => {
  it("takes the payment off the balance and charges our fee half-up at the rate", () => {
    expect(directPaymentEffect(placement(), 3_333n, 2500)).toMatchObject({
      fee: 833n,
      outstandingAfter: 2_667n,
      statusAfter: "open",
    });
    expect(directPaymentEffect(placement(), 6_000n, 2500)).toMatchObject({ statusAfter: "paid", outstandingAfter: 0n });
  });
  it("refuses more than the balance, nothing, or a closed placement", () => {
    expect(directPaymentEffect(placement(), 6_001n, 2500)).toHaveProperty("refusal");
    expect(directPaymentEffect(placement(), 0n, 2500)).toHaveProperty("refusal");
    expect(directPaymentEffect(placement({ status: "closed_uncollected" }), 1n, 2500)).toHaveProperty("refusal");
  });
});

describe("displayStatus", () => {
  it("never shows paid beside an outstanding balance", () => {
    expect(displayStatus({ status: "paid", outstandingAmount: 500n, isDecisionPending: true })).toBe(
      "reversed_decision_pending",
    );
    expect(displayStatus({ status: "paid", outstandingAmount: 500n, isDecisionPending: false })).toBe("reversed_kept");
    expect(displayStatus({ status: "paid", outstandingAmount: 0n, isDecisionPending: false })).toBe("paid");
    expect(displayStatus({ status: "open", outstandingAmount: 500n, isDecisionPending: true })).toBe(
      "reversed_decision_pending",
    );
    expect(displayStatus({ status: "closed_uncollected", outstandingAmount: 0n, isDecisionPending: false })).toBe(
      "closed_uncollected",
    );
  });
});
