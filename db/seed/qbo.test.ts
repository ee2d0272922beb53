import { and, eq, ne } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import { auditEvents, qboConnections, qboPaymentMappings, workItems } from "@/db/schema";
import { type QboDouble, startQboDouble } from "@/server/integrations/qbo/double";
import { KeyedLimiter, QBO_LIMITS } from "@/server/integrations/qbo/limiter";
import { doubleOAuthConfig } from "@/server/testing/qbo";
import { catchUpQboChanges } from "@/server/services/qbo/changes";
import type { QboDeps } from "@/server/services/qbo/connections";
import { sweepDrift } from "@/server/services/qbo/drift";
import { runWritebackTick } from "@/server/services/qbo/writeback";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { placements } from "@/db/schema";
import { seedDemo } from "./demo";
import { DEMO_QBO, prepareQboDemo } from "./qbo";

describe("demo QuickBooks (Northwind on the test double)", () => {
  const t = useTestDb();
  const doubles: QboDouble[] = [];
  // QuickBooks' per-minute pacing is the limiter's own tests' business (limiter.test.ts): here the
  // demo's first writeback (131 payments) would only wait 14 s for rate tokens, so the rate is lifted;
  // the in-flight ceiling stays.
  const limiter = new KeyedLimiter({ ...QBO_LIMITS, ratePerMinute: 600_000, burst: 10_000 });
  const depsFor = (double: QboDouble): QboDeps => ({
    apiBase: double.url,
    oauth: doubleOAuthConfig(double),
    client: { limiter },
  });
  afterAll(async () => {
    for (const d of doubles) await d.close();
  });

  it("connects Northwind, writes its payments back, leaves one drifted invoice and one payment made in QuickBooks to be found, and survives a restart of the double", async () => {
    await seedDemo(t.db, new Date("2026-11-01T00:00:00Z"));
    const first = await startQboDouble();
    doubles.push(first);
    const prepared = (await prepareQboDemo(t.db, first))!;
    expect(prepared).toMatchObject({
      realmId: DEMO_QBO.realmId,
      invoices: 140, // every Northwind placement but NOR-10139, which was never entered in QuickBooks
      editedInvoice: expect.any(String),
      paidInQuickBooks: expect.any(String),
    });
    const [conn] = await t.db.select().from(qboConnections).where(eq(qboConnections.creditorId, prepared.creditorId));
    expect(conn).toMatchObject({ status: "connected", realmId: DEMO_QBO.realmId });

    const deps = depsFor(first);
    let now = Date.now();
    for (let i = 0; i < 4; i++) await runWritebackTick(t.db, deps, { now: new Date((now += 7_200_000)) });
    const mappings = await t.db
      .select()
      .from(qboPaymentMappings)
      .where(eq(qboPaymentMappings.creditorId, prepared.creditorId));
    expect(mappings.length).toBeGreaterThan(30);
    expect(mappings.filter((m) => m.status !== "posted").map((m) => m.lastError)).toEqual([]);

    // The demo's card payment on the invoice QuickBooks does not have: its writeback fails and waits for a person.
    const [missing] = await t.db.select().from(placements).where(eq(placements.invoiceNumber, DEMO_QBO.missingInvoice));
    expect(missing).toMatchObject({ status: "open", qboInvoiceId: null });
    await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: "pi_demo_missing_invoice",
        placementId: missing!.id,
        amount: 10_000n,
        currency: "USD",
        receivedAt: new Date(now),
      },
      { type: "stripe_webhook", id: "evt_demo_missing_invoice" },
    );
    for (let i = 0; i < 3; i++) await runWritebackTick(t.db, deps, { now: new Date((now += 7_200_000)) });
    const [stuck] = await t.db.select().from(qboPaymentMappings).where(eq(qboPaymentMappings.placementId, missing!.id));
    expect(stuck?.status).not.toBe("posted");
    expect(stuck?.lastError).toContain(`No QuickBooks invoice has the number ${DEMO_QBO.missingInvoice}`);
    const skipped = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "qbo.writeback.skipped"), ne(auditEvents.creditorId, prepared.creditorId)));
    expect(skipped).toEqual([]); // the other demo creditors never connected: no line per payment

    const drift = await sweepDrift(t.db, {}, deps);
    expect(drift).toMatchObject({ companies: 1, drifted: 2, newDrift: 2 });
    const caught = await catchUpQboChanges(t.db, { creditorId: prepared.creditorId }, deps);
    expect(caught.directPayments).toBe(1);
    const items = await t.db.select().from(workItems).where(eq(workItems.creditorId, prepared.creditorId));
    expect(
      items
        .filter((i) => i.kind === "drift")
        .map((i) => i.evidence.cause)
        .sort(),
    ).toEqual(["direct_payment", "invoice_edited"]);
    expect(items.filter((i) => i.kind === "direct_payment_candidate")).toHaveLength(1);
    const balances = new Map(first.listInvoices(DEMO_QBO.realmId).map((i) => [i.Id, i.Balance]));

    // The demo restarts: a fresh double is rebuilt from our books and finds nothing new.
    const second = await startQboDouble();
    doubles.push(second);
    await prepareQboDemo(t.db, second);
    expect(new Map(second.listInvoices(DEMO_QBO.realmId).map((i) => [i.Id, i.Balance]))).toEqual(balances);
    const again = await sweepDrift(t.db, {}, depsFor(second));
    expect(again).toMatchObject({ drifted: 2, newDrift: 0 });
    await catchUpQboChanges(t.db, { creditorId: prepared.creditorId }, depsFor(second));
    expect(await t.db.select().from(workItems).where(eq(workItems.creditorId, prepared.creditorId))).toHaveLength(
      items.length,
    );
  }, 180_000);
});
