import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCompany } from "@/server/testing/qbo";
import { type QboDouble, startQboDouble } from ".";
import { writebackPayment } from "../payment-body";

/**
 * Finding 4 (issue 22): the double is exactly as strict as QuickBooks, and no stricter. Each test
 * names the Intuit source of its rule; README.md lists them all.
 */
let double: QboDouble;
beforeAll(async () => {
  double = await startQboDouble();
});
afterAll(() => double.close());

async function api(realmId: string, path: string, init: RequestInit = {}) {
  const token = double.issueTokens(realmId).access_token;
  const res = await fetch(`${double.url}/v3/company/${realmId}/${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, accept: "application/json", ...init.headers },
  });
  return { status: res.status, body: JSON.parse(await res.text()) };
}
const postPayment = (realmId: string, body: unknown) =>
  api(realmId, "payment?minorversion=75", {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
const query = (realmId: string, q: string) =>
  api(realmId, "query?minorversion=75", { method: "POST", body: q, headers: { "content-type": "application/text" } });
const fault = (r: { body: { Fault?: { Error: Array<Record<string, string>>; type: string } } }) => ({
  type: r.body.Fault?.type,
  ...r.body.Fault?.Error[0],
});

function payment(c: ReturnType<typeof seedCompany>, extra: Record<string, unknown> = {}) {
  return {
    CustomerRef: { value: c.customerId },
    TotalAmt: 10,
    Line: [{ Amount: 10, LinkedTxn: [{ TxnId: c.invoices[0]!.Id, TxnType: "Invoice" }] }],
    ...extra,
  };
}

describe("finding 4: the QuickBooks double follows Intuit's documented rules", () => {
  it("Finance.xsd: PaymentRefNum is at most 21 characters (22 → HTTP 400 ValidationFault 2050, element PaymentRefNum)", async () => {
    const c = seedCompany(double);
    const refused = await postPayment(c.realmId, payment(c, { PaymentRefNum: "x".repeat(22) }));
    expect(refused.status).toBe(400);
    expect(fault(refused)).toMatchObject({ type: "ValidationFault", code: "2050", element: "PaymentRefNum" });
    expect(double.listPayments(c.realmId)).toHaveLength(0);
    expect((await postPayment(c.realmId, payment(c, { PaymentRefNum: "x".repeat(21) }))).status).toBe(200);
  });

  it("Finance.xsd: PrivateNote is at most 4000 characters (4001 → 2050, element PrivateNote)", async () => {
    const c = seedCompany(double);
    const refused = await postPayment(c.realmId, payment(c, { PrivateNote: "n".repeat(4001) }));
    expect(refused.status).toBe(400);
    expect(fault(refused)).toMatchObject({ type: "ValidationFault", code: "2050", element: "PrivateNote" });
    expect((await postPayment(c.realmId, payment(c, { PrivateNote: "n".repeat(4000) }))).status).toBe(200);
  });

  it("Finance.xsd: TxnDate is an xs:date (malformed → 2010 Request has invalid or unsupported property)", async () => {
    const c = seedCompany(double);
    for (const bad of ["11/20/2026", "2026-02-30", "2026-11-20T10:00:00Z", ""]) {
      const r = await postPayment(c.realmId, payment(c, { TxnDate: bad }));
      expect(r.status, bad).toBe(400);
      expect(fault(r)).toMatchObject({ type: "ValidationFault", code: "2010", element: "TxnDate" });
    }
    // xs:date allows a zone; QuickBooks takes it, so the double does too.
    expect((await postPayment(c.realmId, payment(c, { TxnDate: "2026-11-20" }))).status).toBe(200);
    expect((await postPayment(c.realmId, payment(c, { TxnDate: "2026-11-21Z" }))).status).toBe(200);
  });

  it("API reference, Payment.CurrencyRef: a Payment keeps its currency or is refused, never silently converted", async () => {
    const c = seedCompany(double);
    const refused = await postPayment(c.realmId, payment(c, { CurrencyRef: { value: "EUR" } }));
    expect(refused.status).toBe(400);
    expect(fault(refused)).toMatchObject({ code: "6000" });
    expect(double.listPayments(c.realmId)).toHaveLength(0);

    const multi = double.seedRealm({
      companyName: "Multi (double)",
      multiCurrency: true,
      customers: [{ DisplayName: "D" }],
    });
    const [inv] = double.addInvoices(multi.realmId, [
      { customerId: multi.customers[0]!.Id, totalCents: 5_000, currency: "EUR" },
    ]);
    const eurLine = { Line: [{ Amount: 10, LinkedTxn: [{ TxnId: inv!.Id, TxnType: "Invoice" }] }] };
    const base = { CustomerRef: { value: multi.customers[0]!.Id }, TotalAmt: 10 };
    // A USD payment cannot pay a EUR invoice…
    expect((await postPayment(multi.realmId, { ...base, ...eurLine, CurrencyRef: { value: "USD" } })).status).toBe(400);
    // …a EUR one is kept in EUR.
    const ok = await postPayment(multi.realmId, { ...base, ...eurLine, CurrencyRef: { value: "EUR" } });
    expect(ok.body.Payment.CurrencyRef).toEqual({ value: "EUR" });
    const prefs = await api(multi.realmId, "preferences?minorversion=75");
    expect(prefs.body.Preferences.CurrencyPrefs).toEqual({
      MultiCurrencyEnabled: true,
      HomeCurrency: { value: "USD" },
    });
  });

  it("intuit-oauth (includeRefreshTokenHardExpiresIn): x_refresh_token_hard_expires_in only when the token call asks for it", async () => {
    const c = seedCompany(double);
    const basic = `Basic ${Buffer.from(`${double.client.clientId}:${double.client.clientSecret}`).toString("base64")}`;
    const refresh = async (refreshToken: string, ask: boolean) => {
      const res = await fetch(`${double.url}/oauth2/v1/tokens/bearer`, {
        method: "POST",
        headers: {
          authorization: basic,
          "content-type": "application/x-www-form-urlencoded",
          ...(ask ? { "x-include-refresh-token-hard-expires-in": "true" } : {}),
        },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }).toString(),
      });
      return (await res.json()) as Record<string, unknown>;
    };
    const plain = await refresh(double.issueTokens(c.realmId).refresh_token, false);
    expect(plain).toHaveProperty("x_refresh_token_expires_in");
    expect(plain).not.toHaveProperty("x_refresh_token_hard_expires_in");
    const asked = await refresh(plain.refresh_token as string, true);
    expect(asked.x_refresh_token_hard_expires_in).toBeGreaterThan(0);
  });

  it("Data queries (developer.intuit.com): ORDERBY and Invoice.Balance (filterable, sortable) are accepted", async () => {
    const c = seedCompany(double, { invoices: 0 });
    double.addInvoices(c.realmId, [
      { customerId: c.customerId, totalCents: 30_000, balanceCents: 0 },
      { customerId: c.customerId, totalCents: 20_000, dueDate: "2026-03-01" },
      { customerId: c.customerId, totalCents: 50_000, dueDate: "2026-01-01" },
    ]);
    const open = await query(c.realmId, "select * from Invoice where Balance > '0' ORDERBY DueDate DESC MAXRESULTS 10");
    expect(open.status).toBe(200);
    expect(open.body.QueryResponse.Invoice.map((i: { DueDate: string }) => i.DueDate)).toEqual([
      "2026-03-01",
      "2026-01-01",
    ]);
    const bare = await query(c.realmId, "select * from Invoice where Balance >= 250.5 ORDERBY Balance");
    expect(bare.body.QueryResponse.Invoice.map((i: { Balance: number }) => i.Balance)).toEqual([500]);
    // Still refused like QBO: OR, and PrivateNote (not queryable).
    expect((await query(c.realmId, "select * from Invoice where Balance > '0' or Id = '1'")).status).toBe(400);
    expect(fault(await query(c.realmId, "select * from Invoice where PrivateNote = 'x'"))).toMatchObject({
      code: "4001",
    });
  });

  it("the app fits what QuickBooks would refuse before sending: the body it builds passes the double's rules", async () => {
    const c = seedCompany(double);
    const longRef = `pi_${"9".repeat(4_100)}`;
    const body = writebackPayment({
      customerId: c.customerId,
      invoiceId: c.invoices[0]!.Id,
      amount: 1_000n,
      currency: "USD",
      placementId: "6f1c2d3e-0000-4000-8000-000000000001",
      paymentRef: longRef,
      txnDate: "2026-11-20",
    });
    expect(body.PaymentRefNum).toBe(longRef.slice(-21));
    expect(body.PrivateNote).toHaveLength(4000);
    expect(body.PrivateNote).toMatch(/^\[ai-collect:placement=6f1c2d3e-0000-4000-8000-000000000001\]/);
    expect((await postPayment(c.realmId, body)).status).toBe(200);
    expect(() => writebackPayment({ ...bodyInput(c), txnDate: "2026-02-30" })).toThrow(/not a QuickBooks date/);
  });
});

const bodyInput = (c: ReturnType<typeof seedCompany>) => ({
  customerId: c.customerId,
  invoiceId: c.invoices[0]!.Id,
  amount: 1_000n,
  currency: "USD",
  placementId: "6f1c2d3e-0000-4000-8000-000000000001",
  paymentRef: "pi_1",
  txnDate: "2026-11-20",
});
