import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseQboWebhook, verifyIntuitSignature } from "../webhook";
import { seedCompany } from "@/server/testing/qbo";
import { type QboDouble, startQboDouble } from ".";

let double: QboDouble;
beforeAll(async () => {
  double = await startQboDouble();
});
afterAll(() => double.close());
afterEach(() => {
  double.clearFaults();
  double.setLimits({ perMinute: 500, concurrent: 10 });
});

async function api(realmId: string, path: string, init: RequestInit & { token?: string } = {}) {
  const token = init.token ?? double.issueTokens(realmId).access_token;
  const res = await fetch(`${double.url}/v3/company/${realmId}/${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, accept: "application/json", ...init.headers },
  });
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}
const q = (realmId: string, query: string) => api(realmId, `query?minorversion=75&query=${encodeURIComponent(query)}`);

describe("QuickBooks test double", () => {
  it("answers the query grammar subset and refuses the rest like QBO", async () => {
    const c = seedCompany(double, { invoices: 3 });
    const ok = JSON.parse(
      (
        await q(
          c.realmId,
          `select * from Invoice where Id in ('${c.invoices[0]!.Id}','${c.invoices[2]!.Id}') MAXRESULTS 1000`,
        )
      ).text,
    );
    expect(ok.QueryResponse.Invoice.map((i: { Id: string }) => i.Id)).toEqual([c.invoices[0]!.Id, c.invoices[2]!.Id]);
    expect(JSON.parse((await q(c.realmId, "select * from Invoice where Id = '999999'")).text).QueryResponse).toEqual(
      {},
    );
    expect(JSON.parse((await q(c.realmId, "select count(*) from Invoice")).text).QueryResponse.totalCount).toBe(3);

    for (const [query, code] of [
      ["select * from Invoice where Id = '1' or Id = '2'", "4000"],
      ["select * from Invoice MAXRESULTS 1500", "4001"],
      ["select * from Payment where PrivateNote = 'x'", "4001"],
      ["select * from invoice", "4000"],
      ["select Id from Invoice", "4000"],
    ] as const) {
      const r = await q(c.realmId, query);
      expect(r.status).toBe(400);
      expect(JSON.parse(r.text).Fault.Error[0].code).toBe(code);
    }
  });

  it("enforces 10 concurrent requests per company with an XML 429", async () => {
    const c = seedCompany(double);
    // Long enough that all 14 requests are in flight together even on a loaded machine.
    double.setFault({ realmId: c.realmId, endpoint: "invoice_get", kind: "hang", delayMs: 2_000 });
    const results = await Promise.all(
      Array.from({ length: 14 }, () => api(c.realmId, `invoice/${c.invoices[0]!.Id}?minorversion=75`)),
    );
    const throttled = results.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(4);
    expect(throttled[0]!.type).toContain("xml");
    expect(throttled[0]!.text).toContain('<Error code="3001">');
    expect(double.counters().peakInFlight[c.realmId]).toBe(10);
  });

  it("injects probabilistic faults reproducibly from its seed", async () => {
    const run = async () => {
      const d = await startQboDouble({ seed: 7 });
      try {
        const c = seedCompany(d);
        d.setFault({ realmId: c.realmId, kind: "server_error", probability: 0.3 });
        const token = d.issueTokens(c.realmId).access_token;
        const statuses: number[] = [];
        for (let i = 0; i < 200; i++) {
          const res = await fetch(`${d.url}/v3/company/${c.realmId}/invoice/${c.invoices[0]!.Id}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          await res.text();
          statuses.push(res.status);
        }
        return statuses;
      } finally {
        await d.close();
      }
    };
    const a = await run();
    const failed = a.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(40);
    expect(failed).toBeLessThan(80);
    expect(await run()).toEqual(a);
  });

  it("enforces the per-minute rate per company", async () => {
    const c = seedCompany(double);
    double.setLimits({ perMinute: 5 });
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await api(c.realmId, `invoice/${c.invoices[0]!.Id}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(double.counters().byRealm[c.realmId]).toMatchObject({ invoice_get: 7, throttled: 2, total: 7 });
  });

  it("refuses expired tokens with a lowercase 401 fault and another company's token with 403", async () => {
    const a = seedCompany(double);
    const b = seedCompany(double);
    const token = double.issueTokens(a.realmId).access_token;
    expect((await api(b.realmId, `invoice/${b.invoices[0]!.Id}`, { token })).status).toBe(403);
    double.expireTokens("access", a.realmId);
    const r = await api(a.realmId, `invoice/${a.invoices[0]!.Id}`, { token });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.text).fault.error[0].code).toBe("3200");
  });

  it("edits an invoice total and records out-of-band payments without a memo stamp", async () => {
    const c = seedCompany(double);
    const edited = double.editInvoiceTotal(c.realmId, c.invoices[0]!.Id, 12_500);
    expect(edited).toMatchObject({ TotalAmt: 125, Balance: 125, SyncToken: "1" });
    const oob = double.recordOutOfBandPayment(c.realmId, {
      invoiceId: c.invoices[0]!.Id,
      amountCents: 2_500,
      privateNote: "cheque",
    });
    expect(double.getInvoice(c.realmId, c.invoices[0]!.Id)).toMatchObject({
      Balance: 100,
      LinkedTxn: [{ TxnId: oob.Id, TxnType: "Payment" }],
    });
    expect(double.listPayments(c.realmId)).toEqual([
      expect.objectContaining({ Id: oob.Id, origin: "out_of_band", PrivateNote: "cheque" }),
    ]);
  });

  it("serves the same helpers over /__double admin endpoints", async () => {
    const res = await fetch(`${double.url}/__double/realms`, {
      method: "POST",
      body: JSON.stringify({ companyName: "Admin Co", customers: [{ DisplayName: "X" }] }),
    });
    const realm = (await res.json()) as { realmId: string; customers: Array<{ Id: string }> };
    const inv = await (
      await fetch(`${double.url}/__double/realms/${realm.realmId}/invoices`, {
        method: "POST",
        body: JSON.stringify([{ customerId: realm.customers[0]!.Id, totalCents: 5_000 }]),
      })
    ).json();
    await fetch(`${double.url}/__double/realms/${realm.realmId}/payments`, {
      method: "POST",
      body: JSON.stringify({ invoiceId: inv[0].Id, amountCents: 1_000 }),
    });
    const payments = await (await fetch(`${double.url}/__double/realms/${realm.realmId}/payments`)).json();
    expect(payments).toHaveLength(1);
    const fault = await (
      await fetch(`${double.url}/__double/faults`, {
        method: "POST",
        body: JSON.stringify({ kind: "throttle", count: 1, realmId: realm.realmId }),
      })
    ).json();
    expect(fault.id).toEqual(expect.any(Number));
    expect((await api(realm.realmId, `invoice/${inv[0].Id}`)).status).toBe(429);
    expect((await fetch(`${double.url}/__double/nope`)).status).toBe(404);
  });

  it.each(["cloudevents", "legacy"] as const)("emits signed %s webhooks our parser accepts", async (format) => {
    const c = seedCompany(double);
    double.store.pendingChanges = double.store.pendingChanges.filter((x) => x.realmId !== c.realmId);
    double.recordOutOfBandPayment(c.realmId, { invoiceId: c.invoices[0]!.Id, amountCents: 1_000 });
    const received: Array<{ body: string; sig: string | undefined }> = [];
    const sink = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        received.push({ body, sig: req.headers["intuit-signature"] as string | undefined });
        res.end();
      });
    });
    await new Promise<void>((r) => sink.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`;
      const sent = await double.emitWebhooks({ url, format, realmId: c.realmId });
      expect(sent).toMatchObject({ status: 200, count: 2 });
      const [delivery] = received;
      expect(verifyIntuitSignature(delivery!.body, delivery!.sig, double.verifierToken)).toBe(true);
      const events = parseQboWebhook(delivery!.body);
      expect(events.map((e) => [e.realmId, e.entity, e.operation])).toEqual([
        [c.realmId, "Payment", "Create"],
        [c.realmId, "Invoice", "Update"],
      ]);
      // Delivered changes leave the queue.
      expect((await double.emitWebhooks({ url, format, realmId: c.realmId })).count).toBe(0);
    } finally {
      sink.closeAllConnections();
      await new Promise((r) => sink.close(r));
    }
  });
});
