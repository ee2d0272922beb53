import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { useTestDb } from "@/db/testing/test-db";
import { auditEvents, qboConnections, qboWebhookEvents, workItems } from "@/db/schema";
import { resetEnvForTests } from "@/server/env";
import { type QboDouble, startQboDouble } from "@/server/integrations/qbo/double";
import { signIntuitPayload } from "@/server/integrations/qbo/webhook";
import { connectToDouble, doubleDeps, linkedPlacements, testTokenKey } from "@/server/testing/jobs";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import type { QboDeps } from "@/server/services/qbo/connections";
import { runWritebackTick } from "@/server/services/qbo/writeback";
import { processQboWebhookEvents } from "@/server/services/qbo/webhooks";
import { makeCreditor } from "@/server/testing/factories";

const ref = vi.hoisted(() => ({ db: undefined as Db | undefined, dbOpened: 0, jobs: [] as unknown[] }));
vi.mock("@/server/db", () => ({
  getDb: async () => {
    ref.dbOpened++;
    return ref.db!;
  },
}));
vi.mock("@/server/jobs/notify", () => ({ requestJob: async (req: unknown) => (ref.jobs.push(req), "nudged") }));

const { POST } = await import("./route");
const VERIFIER = "route-test-verifier-token";

describe("POST /api/webhooks/qbo", () => {
  const t = useTestDb();
  let double: QboDouble;
  let deps: QboDeps;
  const key = testTokenKey();
  const url = "http://clearbook.test/api/webhooks/qbo";
  const viaRoute = (async (_u: string | URL | Request, init?: RequestInit) =>
    POST(new Request(url, init))) as typeof fetch;
  const stored = async () => Number((await t.db.select({ n: count() }).from(qboWebhookEvents))[0]!.n);

  beforeAll(async () => {
    process.env.QBO_WEBHOOK_VERIFIER_TOKEN = VERIFIER;
    resetEnvForTests();
    ref.db = t.db;
    double = await startQboDouble({ verifierToken: VERIFIER });
    deps = doubleDeps(double, { key });
  });
  afterAll(async () => {
    delete process.env.QBO_WEBHOOK_VERIFIER_TOKEN;
    resetEnvForTests();
    await double.close();
  });
  beforeEach(() => {
    ref.jobs.length = 0;
    ref.dbOpened = 0;
  });

  it("refuses a bad signature with 401 and does nothing", async () => {
    const body = JSON.stringify([
      {
        specversion: "1.0",
        id: "evt-bad",
        type: "qbo.payment.created.v1",
        intuitaccountid: "1",
        intuitentityid: "9",
        data: {},
      },
    ]);
    const before = await stored();
    const res = await POST(
      new Request(url, { method: "POST", body, headers: { "intuit-signature": "bm90IHRoZSBzaWduYXR1cmU=" } }),
    );
    expect(res.status).toBe(401);
    const missing = await POST(new Request(url, { method: "POST", body }));
    expect(missing.status).toBe(401);
    expect(await stored()).toBe(before);
    expect(ref.dbOpened).toBe(0);
    expect(ref.jobs).toEqual([]);
  });

  it("stores CloudEvents once, answers at once, and the job turns a direct payment into a work item", async () => {
    const creditor = await makeCreditor(t.db);
    const c = await linkedPlacements(t.db, double, { creditorId: creditor.id, count: 2 });
    await connectToDouble(t.db, double, { creditorId: creditor.id, realmId: c.realmId, key });
    await t.db
      .update(qboConnections)
      .set({ cdcCursor: new Date(Date.now() - 60_000) })
      .where(eq(qboConnections.creditorId, creditor.id));
    const [ours, theirs] = c.placements;
    const r = await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: `pi_route_${Date.now()}`,
        placementId: ours!.placementId,
        amount: 20_000n,
        currency: "USD",
        receivedAt: new Date(),
      },
      { type: "stripe_webhook", id: "evt_r" },
    );
    expect(r.outcome).toBe("applied");
    await runWritebackTick(t.db, deps);
    const direct = double.recordOutOfBandPayment(c.realmId, {
      invoiceId: theirs!.invoiceId,
      amountCents: 30_000,
      privateNote: "paid by cheque",
    });

    const sent = await double.emitWebhooks({ url, format: "cloudevents", realmId: c.realmId, fetch: viaRoute });
    expect(sent.status).toBe(200);
    expect(ref.jobs).toEqual([{ job: "qboWebhooks", requestedBy: "qbo-webhook", realmIds: [c.realmId] }]);
    const received = await t.db.select().from(qboWebhookEvents).where(eq(qboWebhookEvents.realmId, c.realmId));
    expect(received.length).toBe(sent.count);
    expect(received.every((e) => e.status === "received")).toBe(true);

    // Intuit redelivers the same body: nothing new.
    const again = await POST(
      new Request(url, {
        method: "POST",
        body: sent.body,
        headers: { "intuit-signature": signIntuitPayload(sent.body, VERIFIER) },
      }),
    );
    expect(await again.json()).toEqual({ received: 0, duplicates: sent.count });

    const processed = await processQboWebhookEvents(t.db, {}, deps);
    expect(processed).toMatchObject({ processed: sent.count, failed: 0, directPayments: 1 });
    const items = await t.db
      .select()
      .from(workItems)
      .where(and(eq(workItems.creditorId, creditor.id), eq(workItems.kind, "direct_payment_candidate")));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      subjectId: theirs!.placementId,
      evidence: expect.objectContaining({ qboPaymentId: direct.Id, amount: "30000" }),
    });
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.creditorId, creditor.id), eq(auditEvents.action, "qbo.direct_payment.found")));
    expect(event).toBeDefined();
    const after = await t.db.select().from(qboWebhookEvents).where(eq(qboWebhookEvents.realmId, c.realmId));
    expect(after.every((e) => e.status === "processed")).toBe(true);
    // Processing again finds nothing new (the work item is deduplicated).
    double.recordOutOfBandPayment(c.realmId, { invoiceId: theirs!.invoiceId, amountCents: 1_000 });
    await double.emitWebhooks({ url, format: "legacy", realmId: c.realmId, fetch: viaRoute });
    expect((await processQboWebhookEvents(t.db, {}, deps)).directPayments).toBe(1);
    expect(
      await t.db
        .select()
        .from(workItems)
        .where(and(eq(workItems.creditorId, creditor.id), eq(workItems.kind, "direct_payment_candidate"))),
    ).toHaveLength(2);
  });

  it("accepts the legacy payload and ignores companies nobody here is connected to", async () => {
    const realm = double.seedRealm({ companyName: "Stranger Books", customers: [{ DisplayName: "X" }] });
    double.addInvoices(realm.realmId, [{ customerId: realm.customers[0]!.Id, totalCents: 1_000 }]);
    const sent = await double.emitWebhooks({ url, format: "legacy", realmId: realm.realmId, fetch: viaRoute });
    expect(sent.status).toBe(200);
    const r = await processQboWebhookEvents(t.db, {}, deps);
    expect(r.ignored).toBeGreaterThanOrEqual(1);
    const rows = await t.db.select().from(qboWebhookEvents).where(eq(qboWebhookEvents.realmId, realm.realmId));
    expect(rows.map((e) => e.status)).toEqual(["ignored"]);
  });
});
