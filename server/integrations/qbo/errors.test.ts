import { describe, expect, it } from "vitest";
import { QboError, parseQboFault, parseRetryAfter } from "./errors";
import { minorToQboAmount, qboAmountToMinor } from "./amounts";
import { memoStamp, placementIdFromMemo } from "./types";

const xml429 = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="2026-11-20T10:00:00.000-08:00"><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message></Error></Fault></IntuitResponse>`;

describe("parseQboFault", () => {
  it.each([
    [
      "PascalCase validation fault",
      400,
      JSON.stringify({
        Fault: {
          Error: [
            {
              Message: "Stale Object Error",
              Detail: "Stale Object Error : You and root were working on the same object at the same time.",
              code: "5010",
            },
          ],
          type: "ValidationFault",
        },
      }),
      { kind: "stale", code: "5010", message: "Stale Object Error" },
    ],
    [
      "620 link fault",
      400,
      JSON.stringify({
        Fault: {
          Error: [{ Message: "Transaction Cannot Be Linked", Detail: "TxnID Cannot Be Linked", code: "620" }],
          type: "ValidationFault",
        },
      }),
      { kind: "validation", code: "620" },
    ],
    [
      "lowercase 401 fault",
      401,
      JSON.stringify({
        fault: {
          error: [
            {
              message: "message=AuthenticationFailed; errorCode=003200; statusCode=401",
              detail: "Token expired",
              code: "3200",
            },
          ],
          type: "AUTHENTICATION",
        },
      }),
      { kind: "auth", code: "3200", detail: "Token expired" },
    ],
    [
      "XML 429",
      429,
      xml429,
      { kind: "throttle", code: "3001", message: "message=ThrottleExceeded; errorCode=003001; statusCode=429" },
    ],
    ["old-style 403 throttle", 403, xml429, { kind: "throttle" }],
    [
      "object not found",
      400,
      JSON.stringify({ Fault: { Error: [{ Message: "Object Not Found", code: "610" }], type: "ValidationFault" } }),
      { kind: "not_found", code: "610" },
    ],
    [
      "HTML 503 from a proxy",
      503,
      "<html><body>Service Unavailable</body></html>",
      { kind: "server", code: undefined },
    ],
    ["empty 502", 502, "", { kind: "server", message: "QuickBooks answered HTTP 502" }],
  ])("%s", (_name, status, body, expected) => {
    const err = parseQboFault(status, body);
    expect(err).toBeInstanceOf(QboError);
    expect(err).toMatchObject({ status, ...expected });
  });

  it("marks throttles, 5xx and network failures retryable, the rest not", () => {
    expect(parseQboFault(429, xml429).isRetryable).toBe(true);
    expect(parseQboFault(500, "").isRetryable).toBe(true);
    expect(new QboError("network", "down", 0).isRetryable).toBe(true);
    expect(parseQboFault(400, "{}").isRetryable).toBe(false);
    expect(parseQboFault(401, "{}").isRetryable).toBe(false);
  });

  it("reads Retry-After as seconds or a date", () => {
    expect(parseQboFault(503, "", "2").retryAfterMs).toBe(2000);
    expect(parseRetryAfter("Fri, 20 Nov 2026 10:00:05 GMT", Date.parse("Fri, 20 Nov 2026 10:00:00 GMT"))).toBe(5000);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});

describe("QBO amounts", () => {
  it.each([
    [12050n, "USD", 120.5],
    [1n, "USD", 0.01],
    [1500n, "JPY", 1500],
    [123456789012n, "USD", 1234567890.12],
  ])("%s %s ⇄ %s", (minor, currency, amount) => {
    expect(minorToQboAmount(minor, currency)).toBe(amount);
    expect(qboAmountToMinor(amount, currency)).toBe(minor);
  });
  it("refuses amounts with more decimals than the currency", () => {
    expect(() => qboAmountToMinor(1.005, "USD")).toThrow(/decimal/);
  });
});

describe("memo stamp", () => {
  it("round-trips the placement id and ignores notes without it", () => {
    const id = "6f1c2d3e-0000-4000-8000-000000000001";
    expect(placementIdFromMemo(`Paid by card ${memoStamp(id)}`)).toBe(id);
    expect(placementIdFromMemo("typed in by the bookkeeper")).toBeUndefined();
  });
});

describe("writeback payment body", () => {
  it("applies the amount to the invoice, stamps the memo, clips the reference, derives the requestid", async () => {
    const { writebackPayment, writebackRequestId } = await import("./payment-body");
    const placementId = "6f1c2d3e-0000-4000-8000-000000000001";
    const body = writebackPayment({
      customerId: "58",
      invoiceId: "145",
      amount: 12_050n,
      currency: "USD",
      placementId,
      paymentRef: "pi_3NcXYZabcdefghijklmnop",
      txnDate: "2026-11-20",
    });
    expect(body).toMatchObject({
      TotalAmt: 120.5,
      CustomerRef: { value: "58" },
      Line: [{ Amount: 120.5, LinkedTxn: [{ TxnId: "145", TxnType: "Invoice" }] }],
    });
    expect(placementIdFromMemo(body.PrivateNote)).toBe(placementId);
    expect(body.PaymentRefNum).toHaveLength(21);
    expect(writebackRequestId(placementId)).toBe(`pay-${placementId}`);
    expect(() =>
      writebackPayment({
        customerId: "1",
        invoiceId: "1",
        amount: 0n,
        currency: "USD",
        placementId,
        paymentRef: "x",
        txnDate: "2026-11-20",
      }),
    ).toThrow();
  });
});
