import { InngestTestEngine } from "@inngest/test";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import { qboPaymentMappings, qboWebhookEvents, workItems } from "@/db/schema";
import { type QboDouble, startQboDouble } from "@/server/integrations/qbo/double";
import type { JobDeps } from "@/server/jobs/deps";
import { SCHEDULES } from "@/server/jobs/schedules";
import { connectToDouble, doubleDeps, linkedPlacements, testTokenKey } from "@/server/jobs/testing";
import { recordClearedPayment } from "@/server/services/payments";
import { storeQboWebhookEvents } from "@/server/services/qbo-webhooks";
import { makeCreditor } from "@/server/testing/factories";
import { createCatchUpQboChanges } from "./catch-up-qbo-changes";
import { createFunctions } from "./index";
import { createProcessQboWebhooks } from "./process-qbo-webhooks";
import { createSweepQboDrift } from "./sweep-qbo-drift";
import { createTickQboWritebacks } from "./tick-qbo-writebacks";
import { createWriteBackPayments } from "./write-back-payments";

/** Functions run in process by @inngest/test (no Inngest server), against a test database and the QBO double. */
describe("Inngest functions", () => {
  const t = useTestDb();
  let double: QboDouble;
  let deps: JobDeps;
  const key = testTokenKey();
  const timer: [{ name: string; data: Record<string, unknown> }] = [{ name: "inngest/scheduled.timer", data: { cron: "test" } }];

  beforeAll(async () => {
    double = await startQboDouble();
    deps = { db: async () => t.db, qbo: doubleDeps(double, { key }) };
  });
  afterAll(() => double.close());

  async function connectedCreditor(count = 1) {
    const creditor = await makeCreditor(t.db);
    const c = await linkedPlacements(t.db, double, { creditorId: creditor.id, count });
    await connectToDouble(t.db, double, { creditorId: creditor.id, realmId: c.realmId, key });
    return { creditorId: creditor.id, ...c };
  }
  let n = 0;
  const pay = (placementId: string, amount: bigint) =>
    recordClearedPayment(t.db, { source: "stripe", externalId: `pi_fn_${++n}_${Date.now()}`, placementId, amount, currency: "USD", receivedAt: new Date() }, { type: "stripe_webhook", id: `evt_fn_${n}` });

  it("declares v4 triggers: the shared cron schedules and typed events", () => {
    // getConfig is what `serve()` registers with Inngest; private in the types, public at runtime.
    type WithConfig = { getConfig(o: { baseUrl: URL; appPrefix: string }): Array<{ id: string; triggers: unknown[] }> };
    const configs = createFunctions(deps).map((f) => (f as unknown as WithConfig).getConfig({ baseUrl: new URL("http://localhost/api/inngest"), appPrefix: "clearbook" })[0]!);
    const byId = Object.fromEntries(configs.map((c) => [c.id.replace(/^clearbook-/, ""), c.triggers]));
    expect(byId["tick-qbo-writebacks"]).toEqual(expect.arrayContaining([{ cron: SCHEDULES.qboWritebacks }]));
    expect(byId["sweep-qbo-drift"]).toEqual(expect.arrayContaining([{ cron: SCHEDULES.qboDrift }]));
    expect(byId["catch-up-qbo-changes"]).toEqual(expect.arrayContaining([{ cron: SCHEDULES.qboCdc }]));
    expect(byId["write-back-payments"]).toEqual([{ event: "qbo/writeback.requested" }]);
    expect(byId["process-qbo-webhooks"]).toEqual(expect.arrayContaining([{ event: "qbo/webhook.received" }, { cron: SCHEDULES.qboWebhooks }]));
  });

  it("the tick turns outbox rows into mappings and fans out one event per creditor with due writebacks", async () => {
    const c = await connectedCreditor();
    const r = await pay(c.placements[0]!.placementId, 4_200n);
    const engine = new InngestTestEngine({ function: createTickQboWritebacks(deps) });
    const { result, error, ctx } = await engine.execute({ events: timer, steps: [{ id: "fan-out", handler: () => ({ ids: ["evt-1"] }) }] });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ accepted: expect.objectContaining({ mapped: expect.any(Number) }), creditors: expect.any(Number) });
    expect(ctx.step.sendEvent).toHaveBeenCalledWith("fan-out", expect.arrayContaining([expect.objectContaining({ name: "qbo/writeback.requested", data: { creditorId: c.creditorId } })]));
    const [m] = await t.db.select().from(qboPaymentMappings).where(eq(qboPaymentMappings.paymentAttemptId, r.paymentAttemptId));
    expect(m).toMatchObject({ status: "pending", amount: 4_200n });
  });

  it("the per-creditor function posts that creditor's due writebacks", async () => {
    const c = await connectedCreditor();
    const r = await pay(c.placements[0]!.placementId, 1_500n);
    await new InngestTestEngine({ function: createTickQboWritebacks(deps) }).execute({ events: timer, steps: [{ id: "fan-out", handler: () => ({ ids: [] }) }] });
    const engine = new InngestTestEngine({ function: createWriteBackPayments(deps) });
    const { result, error } = await engine.execute({ events: [{ name: "qbo/writeback.requested", data: { creditorId: c.creditorId } }] });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ posted: 1, failed: 0 });
    const [m] = await t.db.select().from(qboPaymentMappings).where(eq(qboPaymentMappings.paymentAttemptId, r.paymentAttemptId));
    expect(m!.status).toBe("posted");
    expect(double.listPayments(c.realmId).map((p) => p.requestId)).toEqual([m!.requestId]);
  });

  it("fails the run (for Inngest to retry) when its step really throws", async () => {
    const broken: JobDeps = { ...deps, db: async () => { throw new Error("database unavailable"); } };
    const engine = new InngestTestEngine({ function: createWriteBackPayments(broken) });
    const { error } = await engine.execute({ events: [{ name: "qbo/writeback.requested", data: { creditorId: "00000000-0000-4000-8000-000000000000" } }] });
    expect(error).toBeDefined();
    expect(String((error as Error).message ?? error)).toContain("database unavailable");
  });

  it("processes stored webhook events into direct-payment work items", async () => {
    const c = await connectedCreditor();
    const paid = double.recordOutOfBandPayment(c.realmId, { invoiceId: c.placements[0]!.invoiceId, amountCents: 5_000 });
    await storeQboWebhookEvents(t.db, [{ eventId: `ce-${paid.Id}-${c.realmId}`, realmId: c.realmId, entity: "Payment", entityId: paid.Id, operation: "Create", occurredAt: new Date() }]);
    const engine = new InngestTestEngine({ function: createProcessQboWebhooks(deps) });
    const { result, error } = await engine.execute({ events: [{ name: "qbo/webhook.received", data: { realmIds: [c.realmId] } }] });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ processed: 1, directPayments: 1 });
    const [ev] = await t.db.select().from(qboWebhookEvents).where(eq(qboWebhookEvents.eventId, `ce-${paid.Id}-${c.realmId}`));
    expect(ev!.status).toBe("processed");
  });

  it("sweeps drift one step per company and records what it found", async () => {
    const c = await connectedCreditor(2);
    double.editInvoiceTotal(c.realmId, c.placements[1]!.invoiceId, 150_000);
    const engine = new InngestTestEngine({ function: createSweepQboDrift(deps) });
    const { result, error, ctx } = await engine.execute({ events: timer });
    expect(error).toBeUndefined();
    expect(ctx.step.run).toHaveBeenCalledWith(`sweep-${c.creditorId}`, expect.any(Function));
    expect((result as { newDrift: number }).newDrift).toBeGreaterThanOrEqual(1);
    const items = await t.db.select().from(workItems).where(and(eq(workItems.creditorId, c.creditorId), eq(workItems.kind, "drift")));
    expect(items.map((i) => i.evidence.cause)).toEqual(["invoice_edited"]);
  });

  it("catches up changes per company daily", async () => {
    const c = await connectedCreditor();
    double.recordOutOfBandPayment(c.realmId, { invoiceId: c.placements[0]!.invoiceId, amountCents: 2_500 });
    const engine = new InngestTestEngine({ function: createCatchUpQboChanges(deps) });
    const { result, error } = await engine.execute({ events: timer });
    expect(error).toBeUndefined();
    expect((result as { directPayments: number }).directPayments).toBeGreaterThanOrEqual(1);
  });
});
