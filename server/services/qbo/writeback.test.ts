import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import { auditEvents, outbox, placements, qboConnections, qboPaymentMappings, workItems } from "@/db/schema";
import { type QboDouble, startQboDouble } from "@/server/integrations/qbo/double";
import { connectToDouble, doubleDeps, linkedPlacements, testTokenKey } from "@/server/testing/jobs";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { recordClearedPayment } from "../payments/record-cleared";
import type { QboDeps } from "./connections";
import { requestWritebackRetry, runWritebackTick } from "./writeback";
import { summarize } from "./sync-log";
import { recordReinstatement, recordReversal } from "../reversals/reversals";

describe("QBO writeback (outbox → mapping → Payment in the test double)", () => {
  const t = useTestDb();
  let double: QboDouble;
  let deps: QboDeps;
  const key = testTokenKey();
  const HOUR = 3_600_000;
  let clock = Date.now();
  /** Each tick runs "later", so backoff delays have passed. */
  const tick = () => runWritebackTick(t.db, deps, { now: new Date((clock += 2 * HOUR)) });

  beforeAll(async () => {
    double = await startQboDouble();
    deps = doubleDeps(double, { key, maxAttempts: 1 });
  });
  afterAll(() => double.close());
  beforeEach(() => double.clearFaults());

  async function connectedCreditor(count = 1, amount = 100_000n) {
    const creditor = await makeCreditor(t.db);
    const linked = await linkedPlacements(t.db, double, { creditorId: creditor.id, count, amount });
    await connectToDouble(t.db, double, { creditorId: creditor.id, realmId: linked.realmId, key });
    return { creditorId: creditor.id, ...linked };
  }
  let pi = 0;
  const pay = async (placementId: string, amount: bigint) => {
    const externalId = `pi_wb_${++pi}_${Math.random().toString(36).slice(2, 8)}`;
    const r = await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId,
        placementId,
        amount,
        currency: "USD",
        receivedAt: new Date("2026-11-20T10:00:00Z"),
      },
      { type: "stripe_webhook", id: `evt_${pi}` },
    );
    if (r.outcome !== "applied") throw new Error("payment did not apply");
    return { ...r, externalId };
  };
  const mappingOf = async (paymentAttemptId: string) =>
    (await t.db.select().from(qboPaymentMappings).where(eq(qboPaymentMappings.paymentAttemptId, paymentAttemptId)))[0];
  const qboAudit = async (creditorId: string) =>
    (
      await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.creditorId, creditorId), eq(auditEvents.category, "qbo")))
    ).map((e) => e.action);

  it("posts one stamped Payment for the exact amount, against the placed invoice", async () => {
    const c = await connectedCreditor();
    const p = c.placements[0]!;
    const payment = await pay(p.placementId, 12_345n);
    const summary = await tick();
    expect(summary.posted).toBeGreaterThanOrEqual(1);
    const m = (await mappingOf(payment.paymentAttemptId))!;
    expect(m).toMatchObject({
      status: "posted",
      qboInvoiceId: p.invoiceId,
      amount: 12_345n,
      requestId: `pay-${payment.paymentAttemptId}`,
      lastError: null,
    });
    const [qbo] = double.listPayments(c.realmId);
    expect(qbo).toMatchObject({
      Id: m.qboPaymentId,
      TotalAmt: 123.45,
      PrivateNote: expect.stringContaining(`[ai-collect:placement=${p.placementId}]`),
      requestId: m.requestId,
      origin: "api",
    });
    expect(qbo!.PaymentRefNum).toBe(payment.externalId.slice(-21));
    expect(double.getInvoice(c.realmId, p.invoiceId).Balance).toBe(876.55);
    expect(await qboAudit(c.creditorId)).toContain("qbo.writeback.posted");
    const [row] = await t.db
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `qbo-payment:${payment.paymentAttemptId}`));
    expect(row!.status).toBe("done");
    // Nothing left to do: another tick posts nothing again.
    await tick();
    expect(double.listPayments(c.realmId)).toHaveLength(1);
  });

  it("skips a creditor that never connected QuickBooks without recording a line per payment", async () => {
    const creditor = await makeCreditor(t.db);
    const placement = await makePlacement(t.db, creditor.id);
    const payment = await pay(placement.id, 5_000n);
    const second = await pay(placement.id, 2_000n);
    await tick();
    expect(await mappingOf(payment.paymentAttemptId)).toBeUndefined();
    expect(await mappingOf(second.paymentAttemptId)).toBeUndefined();
    // The outbox rows are done (nothing waits), and the audit log holds no per-payment skip.
    const waiting = await t.db
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `qbo-payment:${payment.paymentAttemptId}`));
    expect(waiting.map((o) => o.status)).toEqual(["done"]);
    const skipped = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.creditorId, creditor.id), eq(auditEvents.category, "qbo")));
    expect(skipped).toEqual([]);
  });

  it("never writes back a payment from before the connection, nor its later refund", async () => {
    const creditor = await makeCreditor(t.db);
    const linked = await linkedPlacements(t.db, double, { creditorId: creditor.id, count: 1 });
    const before = await pay(linked.placements[0]!.placementId, 8_000n);
    await tick();
    await connectToDouble(t.db, double, { creditorId: creditor.id, realmId: linked.realmId, key });
    await recordReversal(
      t.db,
      {
        paymentExternalId: before.externalId,
        amount: 3_000n,
        currency: "USD",
        reason: "refund",
        externalRef: `re_${before.externalId}`,
        occurredAt: new Date(),
      },
      { type: "stripe_webhook", id: "evt_re_before" },
    );
    await tick();
    expect(await mappingOf(before.paymentAttemptId)).toBeUndefined();
    expect(double.listPayments(linked.realmId)).toEqual([]);
    const reasons = (
      await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.creditorId, creditor.id), eq(auditEvents.action, "qbo.writeback.skipped")))
    ).map((e) => e.details.reason);
    expect(reasons).toEqual(["the payment itself was never written back to QuickBooks"]);
  });

  it("links an unlinked placement by invoice number, or fails with a clear message until the invoice exists", async () => {
    const c = await connectedCreditor();
    const customer = c.placements[0]!.customerId;
    const found = await makePlacement(t.db, c.creditorId);
    const [inv] = double.addInvoices(c.realmId, [
      { customerId: customer, totalCents: 100_000, DocNumber: found.invoiceNumber },
    ]);
    const missing = await makePlacement(t.db, c.creditorId);
    const a = await pay(found.id, 1_000n);
    const b = await pay(missing.id, 2_000n);
    await tick();
    expect(await mappingOf(a.paymentAttemptId)).toMatchObject({ status: "posted", qboInvoiceId: inv!.Id });
    expect((await t.db.select().from(placements).where(eq(placements.id, found.id)))[0]!.qboInvoiceId).toBe(inv!.Id);
    const failed = (await mappingOf(b.paymentAttemptId))!;
    expect(failed).toMatchObject({ status: "failed", lastErrorCode: "invoice_not_found", qboInvoiceId: "" });
    expect(failed.lastError).toContain(`No QuickBooks invoice has the number ${missing.invoiceNumber}`);
    const [item] = await t.db.select().from(workItems).where(eq(workItems.subjectId, failed.id));
    expect(item).toMatchObject({ kind: "writeback_failed", status: "open" });

    double.addInvoices(c.realmId, [{ customerId: customer, totalCents: 100_000, DocNumber: missing.invoiceNumber }]);
    await requestWritebackRetry(t.db, { mappingId: failed.id, creditorId: c.creditorId }, { type: "user", id: "u1" });
    await runWritebackTick(t.db, deps, { now: new Date(clock) });
    expect(await mappingOf(b.paymentAttemptId)).toMatchObject({ status: "posted" });
  });

  it("records QBO's own message when it refuses the payment, and opens a work item", async () => {
    const c = await connectedCreditor(1, 10_000n);
    const p = c.placements[0]!;
    double.recordOutOfBandPayment(c.realmId, { invoiceId: p.invoiceId, amountCents: 9_000 });
    const payment = await pay(p.placementId, 5_000n);
    await tick();
    const m = (await mappingOf(payment.paymentAttemptId))!;
    expect(m).toMatchObject({ status: "failed", lastErrorCode: "6000", attempts: 1 });
    expect(m.lastError).toContain("exceeds its open balance");
    expect(await qboAudit(c.creditorId)).toContain("qbo.writeback.failed");
    const [item] = await t.db
      .select()
      .from(workItems)
      .where(eq(workItems.dedupeKey, `qbo-writeback-failed:${m.id}`));
    expect(item!.nextAction).toContain("Retry");
  });

  it("never posts twice when QBO applied the payment but the answer was lost", async () => {
    const c = await connectedCreditor();
    const payment = await pay(c.placements[0]!.placementId, 7_000n);
    double.setFault({ realmId: c.realmId, endpoint: "payment_create", kind: "server_error", phase: "after", count: 1 });
    await tick();
    expect(await mappingOf(payment.paymentAttemptId)).toMatchObject({ status: "failed", attempts: 1 });
    expect(double.listPayments(c.realmId)).toHaveLength(1); // it did land in QBO
    await tick();
    const m = (await mappingOf(payment.paymentAttemptId))!;
    expect(m).toMatchObject({ status: "posted", attempts: 2 });
    expect(double.listPayments(c.realmId).map((p) => p.Id)).toEqual([m.qboPaymentId]);
  });

  it("follows reversals: a partial refund shrinks the QBO Payment, a full one voids it", async () => {
    const c = await connectedCreditor(2);
    const [p1, p2] = c.placements;
    const a = await pay(p1!.placementId, 40_000n);
    const b = await pay(p2!.placementId, 30_000n);
    await tick();
    await recordReversal(
      t.db,
      {
        paymentExternalId: a.externalId,
        amount: 15_000n,
        currency: "USD",
        reason: "refund",
        externalRef: `re_${a.externalId}`,
        occurredAt: new Date(),
      },
      { type: "stripe_webhook", id: "evt_re" },
    );
    await recordReversal(
      t.db,
      {
        paymentExternalId: b.externalId,
        amount: 30_000n,
        currency: "USD",
        reason: "chargeback",
        externalRef: `du_${b.externalId}`,
        occurredAt: new Date(),
      },
      { type: "stripe_webhook", id: "evt_du" },
    );
    await tick();
    const ma = (await mappingOf(a.paymentAttemptId))!;
    const mb = (await mappingOf(b.paymentAttemptId))!;
    expect(ma.status).toBe("posted");
    expect(mb.status).toBe("posted");
    const qbo = new Map(double.listPayments(c.realmId).map((p) => [p.Id, p]));
    expect(qbo.get(ma.qboPaymentId!)!.TotalAmt).toBe(250);
    expect(qbo.get(mb.qboPaymentId!)).toMatchObject({ TotalAmt: 0, PrivateNote: expect.stringMatching(/^Voided/) });
    expect(double.getInvoice(c.realmId, p1!.invoiceId).Balance).toBe(750);
    expect(double.getInvoice(c.realmId, p2!.invoiceId).Balance).toBe(1000);
    expect(double.listPayments(c.realmId)).toHaveLength(2);
    expect(await qboAudit(c.creditorId)).toContain("qbo.writeback.synced");
  });

  it("follows a dispute won back: the QBO Payment returns to the reinstated amount", async () => {
    const c = await connectedCreditor();
    const p = c.placements[0]!;
    const a = await pay(p.placementId, 50_000n);
    await tick();
    const ref = `du_${a.externalId}:withdrawn`;
    await recordReversal(
      t.db,
      {
        paymentExternalId: a.externalId,
        amount: 20_000n,
        currency: "USD",
        reason: "chargeback",
        externalRef: ref,
        occurredAt: new Date(),
      },
      { type: "stripe_webhook", id: "evt_du_w" },
    );
    await tick();
    expect(double.getInvoice(c.realmId, p.invoiceId).Balance).toBe(700);
    await recordReinstatement(
      t.db,
      {
        reversalExternalRef: ref,
        amount: 20_000n,
        externalRef: `du_${a.externalId}:reinstated`,
        occurredAt: new Date(),
      },
      { type: "stripe_webhook", id: "evt_du_r" },
    );
    await tick();
    const m = (await mappingOf(a.paymentAttemptId))!;
    expect(m.status).toBe("posted");
    expect(double.listPayments(c.realmId).map((x) => x.TotalAmt)).toEqual([500]);
    expect(double.getInvoice(c.realmId, p.invoiceId).Balance).toBe(500);
  });

  it("an expired refresh token puts the connection in reconnect state and fails writebacks without a crash", async () => {
    const c = await connectedCreditor();
    double.expireTokens("all", c.realmId);
    const payment = await pay(c.placements[0]!.placementId, 1_000n);
    await expect(tick()).resolves.toBeDefined();
    const [conn] = await t.db.select().from(qboConnections).where(eq(qboConnections.creditorId, c.creditorId));
    expect(conn).toMatchObject({ status: "needs_reconnect", statusReason: "invalid_grant" });
    const m = (await mappingOf(payment.paymentAttemptId))!;
    expect(m.status).toBe("failed");
    expect(m.lastError).toMatch(/reconnect/i);
    expect(await qboAudit(c.creditorId)).toEqual(
      expect.arrayContaining(["qbo.connection.needs_reconnect", "qbo.writeback.failed"]),
    );
    // A connection problem is the settings page's business, not one work item per payment.
    expect(await t.db.select().from(workItems).where(eq(workItems.subjectId, m.id))).toHaveLength(0);
  });

  it("lets a creditor retry only its own writebacks", async () => {
    const c = await connectedCreditor();
    const other = await makeCreditor(t.db);
    const payment = await pay(c.placements[0]!.placementId, 1_000n);
    double.setFault({ realmId: c.realmId, endpoint: "payment_create", kind: "service_unavailable", count: 1 });
    await tick();
    const m = (await mappingOf(payment.paymentAttemptId))!;
    await expect(
      requestWritebackRetry(t.db, { mappingId: m.id, creditorId: other.id }, { type: "user", id: "x" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      requestWritebackRetry(t.db, { mappingId: m.id, creditorId: c.creditorId }, { type: "user", id: "x" }),
    ).resolves.toMatchObject({ queued: true });
  });
  it("finding 1: a retry after a definite refusal uses a new requestid, a retry after a lost answer keeps it; both in the sync log", async () => {
    const c = await connectedCreditor();
    const p = c.placements[0]!;
    // Someone books 950.00 against the invoice in QuickBooks itself: our 100.00 now exceeds its
    // open balance, a definite refusal (HTTP 400, code 6000) of request pay-{id}.
    double.recordOutOfBandPayment(c.realmId, { invoiceId: p.invoiceId, amountCents: 95_000 });
    const payment = await pay(p.placementId, 10_000n);
    await tick();
    const refused = (await mappingOf(payment.paymentAttemptId))!;
    expect(refused).toMatchObject({ status: "failed", lastErrorCode: "6000" });
    expect(refused.requestId).toBe(`pay-${payment.paymentAttemptId}-n1`);
    const failures = async () =>
      (
        await t.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.targetId, refused.id), eq(auditEvents.action, "qbo.writeback.failed")))
          .orderBy(auditEvents.occurredAt)
      ).map((e) => e.details as Record<string, unknown>);
    expect((await failures())[0]).toMatchObject({
      requestId: `pay-${payment.paymentAttemptId}`,
      nextRequestId: `pay-${payment.paymentAttemptId}-n1`,
      requestIdDecision: expect.stringMatching(/^renewed: QuickBooks refused request/),
    });
    expect(summarize("qbo.writeback.failed", (await failures())[0]!)).toMatch(
      /QuickBooks refused request pay-[0-9a-f-]+; the next try is a new request \(pay-[0-9a-f-]+-n1\)\.$/,
    );

    // The next attempt's answer is lost (a 500 before QuickBooks did anything): the id is kept.
    double.setFault({ realmId: c.realmId, endpoint: "payment_create", kind: "server_error", count: 1 });
    await requestWritebackRetry(t.db, { mappingId: refused.id }, { type: "user", id: "ops" });
    await tick();
    const lost = (await mappingOf(payment.paymentAttemptId))!;
    expect(lost.requestId).toBe(`pay-${payment.paymentAttemptId}-n1`);
    expect((await failures())[1]).toMatchObject({
      requestId: `pay-${payment.paymentAttemptId}-n1`,
      nextRequestId: `pay-${payment.paymentAttemptId}-n1`,
      requestIdDecision: expect.stringMatching(/^kept: /),
    });

    // The creditor fixes the cause (raises the invoice); the retry is a new request and posts.
    double.editInvoiceTotal(c.realmId, p.invoiceId, 110_000);
    await tick();
    const posted = (await mappingOf(payment.paymentAttemptId))!;
    expect(posted).toMatchObject({ status: "posted", requestId: `pay-${payment.paymentAttemptId}-n1` });
    const ours = double.listPayments(c.realmId).filter((x) => x.origin === "api");
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ requestId: `pay-${payment.paymentAttemptId}-n1`, TotalAmt: 100 });
  });
  it("finding 2: a EUR payment is never posted against a USD invoice of a USD company; the writeback fails visibly with the reason", async () => {
    const creditor = await makeCreditor(t.db);
    const realm = double.seedRealm({ companyName: "USD only (double)", currency: "USD" });
    const customer = double.addCustomer(realm.realmId, { DisplayName: "Euro debtor" });
    const placement = await makePlacement(t.db, creditor.id, { currency: "EUR", amount: 50_000n });
    const [inv] = double.addInvoices(realm.realmId, [
      { customerId: customer.Id, totalCents: 50_000, DocNumber: placement.invoiceNumber },
    ]);
    await t.db.update(placements).set({ qboInvoiceId: inv!.Id }).where(eq(placements.id, placement.id));
    await connectToDouble(t.db, double, { creditorId: creditor.id, realmId: realm.realmId, key });
    const r = await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: `pi_eur_${Math.random().toString(36).slice(2, 10)}`,
        placementId: placement.id,
        amount: 20_000n,
        currency: "EUR",
        receivedAt: new Date("2026-11-20T10:00:00Z"),
      },
      { type: "stripe_webhook", id: "evt_eur" },
    );
    if (r.outcome !== "applied") throw new Error("payment did not apply");
    await tick();
    const m = (await mappingOf(r.paymentAttemptId))!;
    expect(m).toMatchObject({ status: "failed", lastErrorCode: "currency_mismatch", currency: "EUR" });
    expect(m.lastError).toMatch(/is in USD, but the payment was received in EUR/);
    expect(double.listPayments(realm.realmId)).toHaveLength(0);
    expect(double.getInvoice(realm.realmId, inv!.Id).Balance).toBe(500);
    const [item] = await t.db
      .select()
      .from(workItems)
      .where(and(eq(workItems.subjectId, m.id), eq(workItems.kind, "writeback_failed")));
    expect(item!.evidence).toMatchObject({ code: "currency_mismatch" });
  });

  it("finding 2: in a multicurrency company a EUR payment posts as EUR against the EUR invoice", async () => {
    const creditor = await makeCreditor(t.db);
    const realm = double.seedRealm({ companyName: "Multi (double)", currency: "USD", multiCurrency: true });
    const customer = double.addCustomer(realm.realmId, { DisplayName: "Euro debtor" });
    const placement = await makePlacement(t.db, creditor.id, { currency: "EUR", amount: 50_000n });
    const [inv] = double.addInvoices(realm.realmId, [
      { customerId: customer.Id, totalCents: 50_000, DocNumber: placement.invoiceNumber, currency: "EUR" },
    ]);
    await t.db.update(placements).set({ qboInvoiceId: inv!.Id }).where(eq(placements.id, placement.id));
    await connectToDouble(t.db, double, { creditorId: creditor.id, realmId: realm.realmId, key });
    const r = await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: `pi_eur_${Math.random().toString(36).slice(2, 10)}`,
        placementId: placement.id,
        amount: 20_000n,
        currency: "EUR",
        receivedAt: new Date("2026-11-20T10:00:00Z"),
      },
      { type: "stripe_webhook", id: "evt_eur2" },
    );
    if (r.outcome !== "applied") throw new Error("payment did not apply");
    await tick();
    expect(await mappingOf(r.paymentAttemptId)).toMatchObject({ status: "posted" });
    expect(double.listPayments(realm.realmId)[0]).toMatchObject({ CurrencyRef: { value: "EUR" }, TotalAmt: 200 });
  });
});
