import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import { type QboDouble, startQboDouble } from "@/server/integrations/qbo/double";
import { connectToDouble, doubleDeps, linkedPlacements, testTokenKey } from "@/server/testing/jobs";
import { makeCreditor } from "@/server/testing/factories";
import { jobsBacklog } from "../queries/jobs-backlog";
import { recordClearedPayment } from "../payments/record-cleared";
import type { QboDeps } from "./connections";
import { sweepDrift } from "./drift";
import { recordAudit } from "../audit/record";
import {
  creditorsWithDueWritebacks,
  describeWriteback,
  listSyncEvents,
  listWritebacks,
  qboOverview,
  summarize,
} from "./sync-log";
import { runWritebackTick } from "./writeback";

describe("QBO sync log", () => {
  const t = useTestDb();
  let double: QboDouble;
  let deps: QboDeps;
  const key = testTokenKey();
  let creditorId: string;
  let otherId: string;

  beforeAll(async () => {
    double = await startQboDouble();
    deps = doubleDeps(double, { key, maxAttempts: 1 });
    const creditor = await makeCreditor(t.db);
    creditorId = creditor.id;
    const c = await linkedPlacements(t.db, double, { creditorId, count: 5, amount: 10_000n });
    await connectToDouble(t.db, double, { creditorId, realmId: c.realmId, key });
    for (const [i, p] of c.placements.entries()) {
      await recordClearedPayment(
        t.db,
        {
          source: "stripe",
          externalId: `pi_log_${i}_${creditorId}`,
          placementId: p.placementId,
          amount: 1_000n + BigInt(i),
          currency: "USD",
          receivedAt: new Date(),
        },
        { type: "stripe_webhook", id: `evt_log_${i}` },
      );
    }
    // The first two posts are refused (429 as XML), the rest go through.
    double.setFault({ realmId: c.realmId, endpoint: "payment_create", kind: "throttle", count: 2 });
    await runWritebackTick(t.db, deps);
    double.editInvoiceTotal(c.realmId, c.placements[4]!.invoiceId, 20_000);
    await sweepDrift(t.db, { creditorId }, deps);
    const other = await makeCreditor(t.db);
    otherId = other.id;
  });
  afterAll(() => double.close());

  it("lists one creditor's writebacks newest first, by status and invoice number, a page at a time", async () => {
    const all = await listWritebacks(t.db, { creditorId });
    expect(all.items).toHaveLength(5);
    const failed = await listWritebacks(t.db, { creditorId, status: "failed" });
    expect(failed.items).toHaveLength(2);
    expect(failed.items[0]!.lastError).toContain("ThrottleExceeded");
    const one = await listWritebacks(t.db, { creditorId, search: all.items[3]!.invoiceNumber });
    expect(one.items.map((w) => w.id)).toEqual([all.items[3]!.id]);
    const p1 = await listWritebacks(t.db, { creditorId, limit: 2 });
    const p2 = await listWritebacks(t.db, { creditorId, limit: 2, cursor: p1.nextCursor! });
    const p3 = await listWritebacks(t.db, { creditorId, limit: 2, cursor: p2.nextCursor! });
    expect([...p1.items, ...p2.items, ...p3.items].map((w) => w.id)).toEqual(all.items.map((w) => w.id));
    expect(p3.nextCursor).toBeNull();
    expect((await listWritebacks(t.db, { creditorId: otherId })).items).toEqual([]);
  });

  it("lists QuickBooks events by kind with a sentence each", async () => {
    const failures = await listSyncEvents(t.db, { creditorId, kind: "failures" });
    expect(failures.items).toHaveLength(2);
    expect(failures.items[0]!.summary).toMatch(
      /^Writeback of 10\.0\d USD failed \(attempt 1\): message=ThrottleExceeded/,
    );
    const drift = await listSyncEvents(t.db, { creditorId, kind: "drift" });
    expect(drift.items.map((e) => e.summary)).toEqual([expect.stringContaining("invoice total was edited")]);
    const posted = await listSyncEvents(t.db, { creditorId, kind: "writebacks" });
    expect(posted.items).toHaveLength(3);
    expect(posted.items[0]!.summary).toMatch(/^Posted 10\.0\d USD to invoice \d+ as QuickBooks payment \d+\.$/);
    await expect(listSyncEvents(t.db, { creditorId, cursor: "not-a-cursor" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("sums up the connection for the settings page, and the backlog for the jobs panel", async () => {
    expect(await qboOverview(t.db, creditorId)).toMatchObject({
      connection: { status: "connected" },
      writebacks: { posted: 3, failed: 2, pending: 0 },
      openExceptions: { drift: 1, directPayments: 0, failedWritebacks: 0 },
    });
    expect(await qboOverview(t.db, otherId)).toMatchObject({
      connection: null,
      writebacks: { posted: 0, failed: 0, pending: 0 },
    });
    expect(await jobsBacklog(t.db)).toContainEqual(
      expect.objectContaining({
        key: "mapping:qbo.mapping:failed",
        label: "QuickBooks payments: failed",
        count: 2,
        attention: true,
      }),
    );
    expect(await creditorsWithDueWritebacks(t.db, new Date(Date.now() + 86_400_000))).toEqual([creditorId]);
  });

  it("says what happened to each writeback in words, not its time", async () => {
    const all = await listWritebacks(t.db, { creditorId });
    for (const w of all.items) {
      expect(w.summary).not.toMatch(/\d{1,2}:\d{2}/);
      if (w.status === "posted")
        expect(w.summary).toBe(
          `Recorded in QuickBooks as payment ${w.qboPaymentId} against QuickBooks invoice ${w.qboInvoiceId} (${w.invoiceNumber}).`,
        );
      else expect(w.summary).toContain("ThrottleExceeded");
    }
    expect(
      describeWriteback({
        status: "failed",
        invoiceNumber: "INV-9",
        qboInvoiceId: null,
        qboPaymentId: null,
        lastError: "No QuickBooks invoice has the number INV-9.",
        attempts: 3,
      }),
    ).toBe(
      "Not recorded in QuickBooks after 3 attempts: No QuickBooks invoice has the number INV-9. Waiting for a retry.",
    );
  });

  it("leaves out per-payment 'not connected' skips recorded before they stopped", async () => {
    await recordAudit(t.db, {
      actor: { type: "job", id: "qbo-writebacks" },
      action: "qbo.writeback.skipped",
      category: "qbo",
      creditorId: otherId,
      details: { reason: "QuickBooks is not connected", amount: "100", currency: "USD" },
    });
    expect((await listSyncEvents(t.db, { creditorId: otherId })).items).toEqual([]);
  });

  it.each([
    [
      "qbo.writeback.skipped",
      { reason: "QuickBooks is not connected" },
      "Not written back: QuickBooks is not connected.",
    ],
    [
      "qbo.writeback.synced",
      { qboPaymentId: "7", amountChange: "voided" },
      "QuickBooks payment 7 voided after a full reversal.",
    ],
    [
      "qbo.direct_payment.found",
      { amount: "25000", currency: "USD", qboPaymentId: "9" },
      "A payment of 250.00 USD was entered directly in QuickBooks (payment 9); an operator will confirm it.",
    ],
  ])("summarize(%s)", (action, details, sentence) => {
    expect(summarize(action, details)).toBe(sentence);
  });
});
