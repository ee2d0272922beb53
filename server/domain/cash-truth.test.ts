import { describe, expect, it } from "vitest";
import { ageBucket, cashStateOf, weakestCashState } from "./cash-truth";

describe("cash truth", () => {
  it.each([
    [false, false, "matched"],
    [true, false, "settled"],
    [true, true, "bank_confirmed"],
    [false, true, "matched"], // a bank line without a paid payout proves nothing about this payment
  ] as const)("payout paid %s, bank confirmed %s → %s", (isPayoutPaid, isBankConfirmed, state) => {
    expect(cashStateOf({ isPayoutPaid, isBankConfirmed })).toBe(state);
  });

  it("a placement is as far as its weakest payment", () => {
    expect(weakestCashState(["bank_confirmed", "settled"])).toBe("settled");
    expect(weakestCashState(["bank_confirmed"])).toBe("bank_confirmed");
    expect(weakestCashState([])).toBeNull();
  });

  it.each([
    [0, "0-2 days"],
    [2, "0-2 days"],
    [3, "3-7 days"],
    [30, "8-30 days"],
    [31, "over 30 days"],
  ] as const)("%i days → %s", (days, bucket) => {
    expect(ageBucket(days)).toBe(bucket);
  });
});
