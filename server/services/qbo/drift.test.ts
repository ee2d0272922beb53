import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import { auditEvents, qboDriftChecks, qboPaymentMappings, workItems } from "@/db/schema";
import { type QboDouble, startQboDouble } from "@/server/integrations/qbo/double";
import { connectToDouble, doubleDeps, linkedPlacements, testTokenKey } from "@/server/testing/jobs";
import { makeCreditor } from "@/server/testing/factories";
import { recordClearedPayment } from "../payments/record-cleared";
import type { QboDeps } from "./connections";
import { sweepDrift } from "./drift";
import { runWritebackTick } from "./writeback";

describe("QBO drift sweep", () => {
  const t = useTestDb();
  let double: QboDouble;
  let deps: QboDeps;
  const key = testTokenKey();
  let clock = Date.now();
  const tick = () => runWritebackTick(t.db, deps, { now: new Date((clock += 7_200_000)) });

  beforeAll(async () => {
    double = await startQboDouble();
    deps = doubleDeps(double, { key, maxAttempts: 1 });
  });
  afterAll(() => double.close());

  let n = 0;
  const pay = async (placementId: string, amount: bigint) => {
    const r = await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: `pi_drift_${++n}_${clock}`,
        placementId,
        amount,
        currency: "USD",
        receivedAt: new Date(),
      },
      { type: "stripe_webhook", id: `evt_d${n}` },
    );
    if (r.outcome !== "applied") throw new Error("payment not applied");
    return r;
  };
  const driftItems = async (creditorId: string) =>
    t.db
      .select()
      .from(workItems)
      .where(and(eq(workItems.creditorId, creditorId), eq(workItems.kind, "drift")));

  it("finds and explains each kind of drift, once, without touching QuickBooks", async () => {
    const creditor = await makeCreditor(t.db);
    const c = await linkedPlacements(t.db, double, { creditorId: creditor.id, count: 6, amount: 100_000n });
    await connectToDouble(t.db, double, { creditorId: creditor.id, realmId: c.realmId, key });
    const [agree, edited, direct, landed, pending, quiet] = c.placements.map((p) => p);

    await pay(agree!.placementId, 30_000n);
    await pay(edited!.placementId, 10_000n);
    await tick();
    double.editInvoiceTotal(c.realmId, edited!.invoiceId, 120_000);
    double.recordOutOfBandPayment(c.realmId, {
      invoiceId: direct!.invoiceId,
      amountCents: 25_000,
      privateNote: "cheque 1042",
    });
    // Our writeback lands in QBO but the answer is lost: not confirmed here yet.
    const landedPay = await pay(landed!.placementId, 40_000n);
    double.setFault({ realmId: c.realmId, endpoint: "payment_create", kind: "server_error", phase: "after", count: 1 });
    await tick();
    // Our writeback cannot reach QBO at all: QBO is simply behind, which is not drift.
    double.setFault({ realmId: c.realmId, endpoint: "payment_create", kind: "service_unavailable", count: 1 });
    await pay(pending!.placementId, 5_000n);
    await tick();
    double.clearFaults();
    void quiet;

    const paymentsBefore = double.listPayments(c.realmId).length;
    const invoicesBefore = JSON.stringify(double.listInvoices(c.realmId));
    double.resetCounters();
    const result = await sweepDrift(t.db, { creditorId: creditor.id }, deps);
    expect(result).toMatchObject({ companies: 1, checked: 6, drifted: 3, newDrift: 3 });
    expect(double.counters().byRealm[c.realmId]).toMatchObject({ query: 1, payment_create: 0 });
    expect(double.listPayments(c.realmId)).toHaveLength(paymentsBefore);
    expect(JSON.stringify(double.listInvoices(c.realmId))).toBe(invoicesBefore);

    const checks = await t.db.select().from(qboDriftChecks).where(eq(qboDriftChecks.creditorId, creditor.id));
    const byPlacement = new Map(checks.map((ch) => [ch.placementId, ch]));
    expect(byPlacement.get(edited!.placementId)).toMatchObject({
      likelyCause: "invoice_edited",
      expectedBalance: 90_000n,
      liveBalance: 110_000n,
      driftAmount: 20_000n,
    });
    expect(byPlacement.get(direct!.placementId)).toMatchObject({
      likelyCause: "direct_payment",
      expectedBalance: 100_000n,
      liveBalance: 75_000n,
    });
    const landedMapping = (
      await t.db
        .select()
        .from(qboPaymentMappings)
        .where(eq(qboPaymentMappings.paymentAttemptId, landedPay.paymentAttemptId))
    )[0]!;
    expect(landedMapping.status).toBe("failed");
    expect(byPlacement.get(landed!.placementId)).toMatchObject({
      likelyCause: "writeback_failed",
      driftAmount: -40_000n,
    });
    expect(byPlacement.has(pending!.placementId)).toBe(false);
    expect(byPlacement.has(agree!.placementId)).toBe(false);

    const items = await driftItems(creditor.id);
    expect(items).toHaveLength(3);
    const directItem = items.find((i) => i.subjectId === direct!.placementId)!;
    expect(directItem.title).toContain("750.00 USD");
    expect(directItem.evidence).toMatchObject({
      cause: "direct_payment",
      explanation: expect.stringContaining("not written by us"),
    });
    const events = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.creditorId, creditor.id), eq(auditEvents.action, "qbo.drift.detected")));
    expect(events).toHaveLength(3);

    // The same balances seen again: no second item, no second event.
    const again = await sweepDrift(t.db, { creditorId: creditor.id }, deps);
    expect(again).toMatchObject({ drifted: 3, newDrift: 0 });
    expect(await driftItems(creditor.id)).toHaveLength(3);

    // The retry confirms the landed writeback by requestid replay; that drift is gone, the others stay.
    await tick();
    const third = await sweepDrift(t.db, { creditorId: creditor.id }, deps);
    expect(third.drifted).toBe(2);
  });

  it("reads live balances in ⌈invoices ÷ 1,000⌉ queries", async () => {
    const creditor = await makeCreditor(t.db);
    const c = await linkedPlacements(t.db, double, { creditorId: creditor.id, count: 3, amount: 5_000n });
    await connectToDouble(t.db, double, { creditorId: creditor.id, realmId: c.realmId, key });
    double.resetCounters();
    const r = await sweepDrift(t.db, { creditorId: creditor.id }, deps);
    expect(r).toMatchObject({ checked: 3, drifted: 0 });
    expect(double.counters().byRealm[c.realmId]!.total).toBe(1);
  });
});
