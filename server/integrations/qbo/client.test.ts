import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createQboClient } from "./client";
import { type QboDouble, startQboDouble } from "./double";
import { QboError } from "./errors";
import { type LimiterClock, realClock } from "./limiter";
import { doubleTokenProvider, seedCompany, testLimiter } from "@/server/testing/qbo";
import { memoStamp } from "./types";

let double: QboDouble;
beforeAll(async () => {
  double = await startQboDouble();
});
afterAll(() => double.close());
afterEach(() => double.clearFaults());

function setup(opts: { invoices?: number; timeoutMs?: number; maxAttempts?: number } = {}) {
  const company = seedCompany(double, { invoices: opts.invoices });
  const tokens = doubleTokenProvider(double, company.realmId);
  const sleeps: number[] = [];
  const clock: LimiterClock = { now: realClock.now, sleep: (ms, s) => (sleeps.push(ms), realClock.sleep(ms, s)) };
  const client = createQboClient({
    realmId: company.realmId,
    baseUrl: double.url,
    tokens: tokens.provider,
    limiter: testLimiter(),
    clock,
    timeoutMs: opts.timeoutMs ?? 5_000,
    retry: { maxAttempts: opts.maxAttempts ?? 4, baseDelayMs: 10, maxDelayMs: 40 },
  });
  const counters = () => double.counters().byRealm[company.realmId]!;
  return { ...company, client, tokens, sleeps, counters };
}

const paymentFor = (customerId: string, invoiceId: string, amount = 40) => ({
  CustomerRef: { value: customerId },
  TotalAmt: amount,
  PaymentRefNum: "stripe:pi_123",
  PrivateNote: memoStamp("6f1c2d3e-0000-4000-8000-000000000001"),
  Line: [{ Amount: amount, LinkedTxn: [{ TxnId: invoiceId, TxnType: "Invoice" }] }],
});

describe("QBO client against the test double", () => {
  it("posts a payment that reduces the invoice balance, and reads both back", async () => {
    const s = setup();
    const inv = s.invoices[0]!;
    const payment = await s.client.createPayment(paymentFor(s.customerId, inv.Id), { requestId: "pay-a1" });
    expect(payment.TotalAmt).toBe(40);
    expect(payment.PrivateNote).toContain("[ai-collect:placement=");
    const after = await s.client.getInvoice(inv.Id);
    expect(after.Balance).toBe(60);
    expect(Number(after.SyncToken)).toBe(Number(inv.SyncToken) + 1);
    expect(after.LinkedTxn).toEqual([{ TxnId: payment.Id, TxnType: "Payment" }]);
    expect((await s.client.getPayment(payment.Id)).Line?.[0]?.LinkedTxn[0]?.TxnId).toBe(inv.Id);
    // minorversion=75 on every call, requestid on the create
    const logged = double.requests.filter((r) => r.realmId === s.realmId);
    expect(logged.every((r) => r.params.minorversion === "75")).toBe(true);
    expect(logged.find((r) => r.endpoint === "payment_create")?.params.requestid).toBe("pay-a1");
  });

  it("same requestid twice → the first answer replayed, one payment in QBO", async () => {
    const s = setup();
    const body = paymentFor(s.customerId, s.invoices[0]!.Id);
    const a = await s.client.createPayment(body, { requestId: "pay-replay-1" });
    const b = await s.client.createPayment(body, { requestId: "pay-replay-1" });
    expect(b.Id).toBe(a.Id);
    expect(double.listPayments(s.realmId)).toHaveLength(1);
    expect(s.counters().replayed).toBe(1);
    expect((await s.client.getInvoice(s.invoices[0]!.Id)).Balance).toBe(60);
  });

  it("an answer lost after the write is retried with the same requestid: still one payment", async () => {
    const s = setup();
    double.setFault({ realmId: s.realmId, endpoint: "payment_create", kind: "server_error", phase: "after", count: 1 });
    const p = await s.client.createPayment(paymentFor(s.customerId, s.invoices[0]!.Id), { requestId: "pay-lost-1" });
    expect(double.listPayments(s.realmId)).toEqual([expect.objectContaining({ Id: p.Id, requestId: "pay-lost-1" })]);
    expect(s.counters().payment_create).toBe(2);
  });

  it("XML 429 twice, then success, with backoff between tries", async () => {
    const s = setup();
    double.setFault({ realmId: s.realmId, endpoint: "payment_create", kind: "throttle", count: 2 });
    const p = await s.client.createPayment(paymentFor(s.customerId, s.invoices[0]!.Id), { requestId: "pay-429" });
    expect(p.Id).toBeTruthy();
    expect(s.counters().payment_create).toBe(3);
    expect(s.sleeps).toHaveLength(2);
    expect(s.sleeps[0]).toBeGreaterThanOrEqual(5); // equal jitter: at least half of 10 ms
    expect(s.sleeps[1]).toBeGreaterThanOrEqual(10); // doubled
    expect(double.listPayments(s.realmId)).toHaveLength(1);
  });

  it("honours Retry-After", async () => {
    const s = setup();
    double.setFault({ realmId: s.realmId, kind: "service_unavailable", count: 1, retryAfterSeconds: 0.05 });
    await s.client.getInvoice(s.invoices[0]!.Id);
    expect(s.sleeps).toEqual([50]);
  });

  it("gives up after the bounded attempts with a throttle QboError parsed from XML", async () => {
    const s = setup({ maxAttempts: 3 });
    double.setFault({ realmId: s.realmId, kind: "throttle", count: 10 });
    const err = await s.client.getInvoice(s.invoices[0]!.Id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QboError);
    expect(err).toMatchObject({ kind: "throttle", status: 429, code: "3001" });
    expect((err as QboError).message).toContain("ThrottleExceeded");
    expect(s.counters().invoice_get).toBe(3);
  });

  it("401 on an expired access token → one refresh → success", async () => {
    const s = setup();
    double.expireTokens("access", s.realmId);
    const inv = await s.client.getInvoice(s.invoices[0]!.Id);
    expect(inv.Id).toBe(s.invoices[0]!.Id);
    expect(s.tokens.stats.refreshes).toBe(1);
    expect(s.counters().unauthorized).toBe(1);
  });

  it("a 401 that survives the refresh is an auth error, and refreshes only once", async () => {
    const s = setup();
    double.setFault({ realmId: s.realmId, kind: "unauthorized", count: 5 });
    const err = await s.client.getInvoice(s.invoices[0]!.Id).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "auth", status: 401, code: "3200" });
    expect(s.tokens.stats.refreshes).toBe(1);
  });

  it("5010 stale object is parsed and not retried", async () => {
    const s = setup();
    double.setFault({ realmId: s.realmId, kind: "stale", count: 1 });
    const err = await s.client.getInvoice(s.invoices[0]!.Id).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "stale", status: 400, code: "5010", message: "Stale Object Error" });
    expect(s.counters().invoice_get).toBe(1);
  });

  it("a customer mismatch is QBO's fault 620 (validation, not retried)", async () => {
    const s = setup();
    const err = await s.client
      .createPayment(paymentFor(s.otherCustomerId, s.invoices[0]!.Id), { requestId: "pay-620" })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "validation", code: "620" });
    expect((err as QboError).qboMessage).toContain("TxnID Cannot Be Linked");
    expect(double.listPayments(s.realmId)).toHaveLength(0);
  });

  it("an unknown invoice is not_found", async () => {
    const s = setup();
    await expect(s.client.getInvoice("999999")).rejects.toMatchObject({ kind: "not_found", code: "610" });
  });

  it("times out a hung request, retries, and reports a network error when every try hangs", async () => {
    const s = setup({ timeoutMs: 150, maxAttempts: 2 });
    double.setFault({ realmId: s.realmId, endpoint: "invoice_get", kind: "hang", count: 1 });
    expect((await s.client.getInvoice(s.invoices[0]!.Id)).Id).toBe(s.invoices[0]!.Id);
    double.setFault({ realmId: s.realmId, endpoint: "invoice_get", kind: "hang", count: 2 });
    await expect(s.client.getInvoice(s.invoices[0]!.Id)).rejects.toMatchObject({
      kind: "network",
      status: 0,
      code: "timeout",
    });
  });

  it("stops at once when the caller cancels", async () => {
    const s = setup({ timeoutMs: 5_000 });
    double.setFault({ realmId: s.realmId, endpoint: "invoice_get", kind: "hang", count: 1 });
    const started = Date.now();
    await expect(s.client.getInvoice(s.invoices[0]!.Id, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({
      kind: "network",
      code: "cancelled",
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(s.counters().invoice_get).toBe(1);
  });

  it("refuses a requestid longer than 50 characters before calling QBO", async () => {
    const s = setup();
    await expect(
      s.client.createPayment(paymentFor(s.customerId, s.invoices[0]!.Id), { requestId: "x".repeat(51) }),
    ).rejects.toMatchObject({ kind: "validation" });
    expect(double.counters().byRealm[s.realmId]?.payment_create ?? 0).toBe(0);
  });

  it("reads live invoices in ⌈ids ÷ 1000⌉ queries, skipping unknown ids", async () => {
    const s = setup({ invoices: 2_500 });
    const ids = s.invoices.slice(0, 2_300).map((i) => i.Id);
    const live = await s.client.queryInvoicesByIds([...ids, "424242", ids[0]!]);
    expect(live).toHaveLength(2_300);
    expect(new Set(live.map((i) => i.Id))).toEqual(new Set(ids));
    expect(s.counters().query).toBe(3);
  });

  it("finding 3: queries are POSTed as application/text (as Intuit's SDKs do), every URL under 8 KB, still one query per 1,000 ids", async () => {
    const s = setup();
    // Ids of a company with a history (six digits), as the drift sweep sends them.
    const ids = double
      .addInvoices(
        s.realmId,
        Array.from({ length: 2_000 }, (_, i) => ({
          Id: String(240_001 + i),
          customerId: s.customerId,
          totalCents: 1_000,
        })),
      )
      .map((i) => i.Id);
    const live = await s.client.queryInvoicesByIds(ids);
    expect(live).toHaveLength(2_000);
    expect(s.counters().query).toBe(2);
    const calls = double.requests.filter((r) => r.realmId === s.realmId && r.endpoint === "query");
    expect(calls.map((r) => r.method)).toEqual(["POST", "POST"]);
    expect(calls.every((r) => r.contentType === "application/text")).toBe(true);
    // 1,000 quoted ids URL-encoded are well over 8 KB; none of it is in the URL any more.
    expect(Math.min(...calls.map((r) => encodeURIComponent(r.query!).length))).toBeGreaterThan(8 * 1024);
    expect(Math.max(...calls.map((r) => r.urlBytes))).toBeLessThan(8 * 1024);
    // The same query in a GET URL is what front ends refuse (the double answers 414 like them).
    const tooLong = await fetch(
      `${double.url}/v3/company/${s.realmId}/query?query=${encodeURIComponent(calls[0]!.query!)}`,
    );
    expect(tooLong.status).toBe(414);
  });

  it("pages an open-ended query with STARTPOSITION", async () => {
    const s = setup({ invoices: 2_100 });
    const all = await s.client.query("Invoice");
    expect(all).toHaveLength(2_100);
    expect(s.counters().query).toBe(3);
    const starts = double.requests
      .filter((r) => r.realmId === s.realmId && r.endpoint === "query")
      .map((r) => /STARTPOSITION (\d+)/.exec(r.query!)?.[1]);
    expect(starts).toEqual(["1", "1001", "2001"]);
  });

  it("finds invoices by DocNumber and reads changes through CDC", async () => {
    const s = setup();
    const since = new Date(Date.now() - 1000);
    expect((await s.client.findInvoicesByDocNumber("INV-1001")).map((i) => i.Id)).toEqual([s.invoices[1]!.Id]);
    const p = await s.client.createPayment(paymentFor(s.customerId, s.invoices[1]!.Id), { requestId: "pay-cdc" });
    const changes = await s.client.cdc(["Invoice", "Payment"], since);
    expect(changes.payments.map((x) => x.Id)).toEqual([p.Id]);
    expect(changes.invoices.map((x) => x.Id)).toEqual(expect.arrayContaining(s.invoices.map((i) => i.Id)));
    expect(Date.parse(changes.time)).toBeGreaterThan(since.getTime());
  });
});
