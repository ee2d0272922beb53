import { describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { apiVersionProblem, chargeIdOfPaymentIntent, foreignAccountReason, STRIPE_API_VERSION } from "./api-version";

describe("finding 7: which API versions an event may be rendered at", () => {
  it.each([
    [STRIPE_API_VERSION, null],
    ["2025-03-31.basil", null],
    ["2022-11-15", null],
    ["2020-08-27", null],
    ["2027-01-28.future", /newer than 2026-10-28\.endive/],
    [null, /carries no api_version/],
    ["latest", /is not a Stripe API version/],
  ] as const)("%s → %s", (version, expected) => {
    const problem = apiVersionProblem(version);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it("finds the charge in latest_charge (id or expanded) or, before 2022-11-15, in the charges list", () => {
    const pi = (extra: object) => ({ id: "pi_1", ...extra }) as unknown as Stripe.PaymentIntent;
    expect(chargeIdOfPaymentIntent(pi({ latest_charge: "ch_a" }))).toBe("ch_a");
    expect(chargeIdOfPaymentIntent(pi({ latest_charge: { id: "ch_b" } }))).toBe("ch_b");
    expect(chargeIdOfPaymentIntent(pi({ latest_charge: null }))).toBeNull();
    const charges = {
      data: [
        { id: "ch_old", status: "failed" },
        { id: "ch_paid", status: "succeeded" },
      ],
    };
    expect(chargeIdOfPaymentIntent(pi({ charges }))).toBe("ch_paid");
  });
});

describe("finding 5: whose money an event is", () => {
  it.each([
    [{}, undefined, null],
    [{ account: "acct_c" }, undefined, /connected account acct_c/],
    [{ context: "acct_x" }, undefined, /STRIPE_ACCOUNT_ID is not set/],
    [{ context: "acct_own" }, "acct_own", null],
    [{ context: "org_1/acct_own" }, "acct_own", null],
    [{ context: "org_1/acct_sib" }, "acct_own", /acct_sib of the Stripe Organization/],
  ] as const)("%o with own %s → %s", (event, own, expected) => {
    const reason = foreignAccountReason(event, own);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toMatch(expected);
  });
});
