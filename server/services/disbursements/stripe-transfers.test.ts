import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import type Stripe from "stripe";
import { useTestDb } from "@/db/testing/test-db";
import { auditEvents, creditors, disbursementItems, disbursements, outbox, workItems } from "@/db/schema";
import { verifyLedger } from "../ledger/verify";
import { previewRun } from "./runs";
import { createStripeClient } from "@/server/integrations/stripe/client";
import { type StripeDouble, startStripeDouble } from "@/server/integrations/stripe/double/double";
import { stripeEvent } from "@/server/testing/stripe";
import { createTransfer } from "@/server/integrations/stripe/transfers";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { disburseNow } from "@/server/testing/disburse";
import { claimDueEffects } from "../outbox/outbox";
import { recordClearedPayment } from "../payments/record-cleared";
import { receiveStripeEvent } from "../stripe-events/inbox";
import { drainStripeTransfers, TRANSFER_ALERT_AFTER } from "./stripe-transfers";

/** The transfer worker against the local Stripe TEST DOUBLE (server/integrations/stripe/double.ts), on a real database. */
describe("stripe.transfer outbox worker", () => {
  const t = useTestDb();
  let double: StripeDouble;
  let stripe: Stripe;
  const later = (ms: number) => new Date(Date.now() + ms);

  beforeAll(async () => {
    double = await startStripeDouble();
    // No stripe-node retries: the worker's own retry path is what is under test.
    stripe = createStripeClient({
      secretKey: "sk_test_double",
      apiBase: double.url,
      maxNetworkRetries: 0,
      timeoutMs: 5_000,
    });
  });
  afterAll(() => double.close());

  let n = 0;
  /** A creditor with a connected account, owed 8,000 (10,000 collected at 20%), and its disbursement queued. */
  async function queuedTransfer() {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    const account = `acct_${c.id.slice(0, 8)}`;
    await t.db.update(creditors).set({ stripeAccountId: account }).where(eq(creditors.id, c.id));
    const p = await makePlacement(t.db, c.id, { amount: 10_000n });
    await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: `pi_tr_${++n}_${Date.now()}`,
        placementId: p.id,
        amount: 10_000n,
        currency: "USD",
        receivedAt: new Date(),
      },
      { type: "system", id: "test" },
    );
    const d = await disburseNow(t.db, { creditorId: c.id, currency: "USD" });
    if (d.outcome !== "created") throw new Error("expected a disbursement");
    return { creditorId: c.id, account, disbursementId: d.disbursementId, key: `transfer:${d.disbursementId}` };
  }
  const disbursement = async (id: string) =>
    (await t.db.select().from(disbursements).where(eq(disbursements.id, id)))[0]!;
  const outboxRow = async (key: string) => (await t.db.select().from(outbox).where(eq(outbox.idempotencyKey, key)))[0]!;
  const transfersFor = (id: string) =>
    double.transfers().filter((x) => (x.metadata as Record<string, string>).disbursement_id === id);
  const postsWith = (key: string) => double.requests().filter((r) => r.method === "POST" && r.idempotencyKey === key);

  it("sends the transfer with the outbox key as idempotency key and records its id; the transfer.created webhook then pays it", async () => {
    const q = await queuedTransfer();
    expect(await drainStripeTransfers(t.db, stripe)).toMatchObject({ claimed: 1, sent: 1, failed: 0 });
    const [sent] = transfersFor(q.disbursementId);
    expect(sent).toMatchObject({
      amount: 8_000,
      currency: "usd",
      destination: q.account,
      transfer_group: `disbursement:${q.disbursementId}`,
      metadata: { disbursement_id: q.disbursementId },
    });
    expect(postsWith(q.key)).toHaveLength(1);
    expect(await disbursement(q.disbursementId)).toMatchObject({ stripeTransferId: sent!.id, status: "sent" });
    // The same request again (same key) is answered with the same transfer: Stripe moves the money once.
    const again = await createTransfer(stripe, {
      disbursementId: q.disbursementId,
      destination: q.account,
      amount: 8_000n,
      currency: "USD",
      idempotencyKey: q.key,
    });
    expect(again.id).toBe(sent!.id);
    expect(postsWith(q.key).map((r) => r.replayed)).toEqual([false, true]);
    expect(transfersFor(q.disbursementId)).toHaveLength(1);
    expect(await outboxRow(q.key)).toMatchObject({ status: "done", attempts: 1 });
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, q.disbursementId), eq(auditEvents.action, "disbursement.transfer_sent")));
    expect(audit).toMatchObject({
      actorType: "job",
      details: expect.objectContaining({ transferId: sent!.id, amount: "8000", foundAtStripe: false }),
    });
    // The webhook finds the disbursement by the recorded id (its metadata aside).
    await receiveStripeEvent(
      t.db,
      stripeEvent("transfer.created", { ...sent!, metadata: {} }) as unknown as Stripe.Event,
    );
    expect(await disbursement(q.disbursementId)).toMatchObject({ stripeTransferId: sent!.id, status: "paid" });
  });

  it("a retry after a 500 (refused before Stripe executed it) creates exactly one transfer", async () => {
    const q = await queuedTransfer();
    double.failNext(1, "before");
    expect(await drainStripeTransfers(t.db, stripe)).toMatchObject({ claimed: 1, failed: 1 });
    const failed = await outboxRow(q.key);
    expect(failed).toMatchObject({ status: "failed", attempts: 1, lastError: expect.stringMatching(/500/) });
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    expect(await drainStripeTransfers(t.db, stripe)).toMatchObject({ claimed: 0 }); // not due yet: backoff
    expect(await drainStripeTransfers(t.db, stripe, { now: later(31_000) })).toMatchObject({ claimed: 1, sent: 1 });
    expect(transfersFor(q.disbursementId)).toHaveLength(1);
    expect(postsWith(q.key)).toHaveLength(2);
    expect((await disbursement(q.disbursementId)).stripeTransferId).toBe(transfersFor(q.disbursementId)[0]!.id);
  });

  it("a 500 after Stripe created the transfer (and replays that 500 for the key): the retry finds it instead of sending again", async () => {
    const q = await queuedTransfer();
    double.failNext(1, "after");
    expect(await drainStripeTransfers(t.db, stripe)).toMatchObject({ failed: 1 });
    expect(await drainStripeTransfers(t.db, stripe, { now: later(31_000) })).toMatchObject({
      claimed: 1,
      found: 1,
      sent: 0,
    });
    const [only] = transfersFor(q.disbursementId);
    expect(transfersFor(q.disbursementId)).toHaveLength(1);
    expect(postsWith(q.key)).toHaveLength(1);
    expect(await disbursement(q.disbursementId)).toMatchObject({ stripeTransferId: only!.id, status: "sent" });
    // Sent again with the same key anyway, Stripe (the double) only replays its first answer.
    await expect(
      createTransfer(stripe, {
        disbursementId: q.disbursementId,
        destination: q.account,
        amount: 8_000n,
        currency: "USD",
        idempotencyKey: q.key,
      }),
    ).rejects.toThrow(/after the transfer was created/);
    expect(transfersFor(q.disbursementId)).toHaveLength(1);
  });

  it("duplicate drains never double-send: concurrent drains share the rows, a drain after a crashed worker finds what it sent", async () => {
    const a = await queuedTransfer();
    const b = await queuedTransfer();
    const runs = await Promise.all([
      drainStripeTransfers(t.db, stripe),
      drainStripeTransfers(t.db, stripe),
      drainStripeTransfers(t.db, stripe),
    ]);
    expect(runs.reduce((s, r) => s + r.sent, 0)).toBe(2);
    expect(await drainStripeTransfers(t.db, stripe, { now: later(3_600_000) })).toMatchObject({ claimed: 0 });
    expect([transfersFor(a.disbursementId).length, transfersFor(b.disbursementId).length]).toEqual([1, 1]);

    // A worker claims a row, sends it, and dies before recording the answer.
    const c = await queuedTransfer();
    const [claimed] = await claimDueEffects(t.db, "stripe.transfer", 10);
    expect(claimed!.idempotencyKey).toBe(c.key);
    await createTransfer(stripe, {
      disbursementId: c.disbursementId,
      destination: c.account,
      amount: 8_000n,
      currency: "USD",
      idempotencyKey: c.key,
    });
    expect(await drainStripeTransfers(t.db, stripe)).toMatchObject({ claimed: 0 }); // still leased
    expect(await drainStripeTransfers(t.db, stripe, { now: later(5 * 60_000 + 1_000) })).toMatchObject({
      claimed: 1,
      found: 1,
    });
    expect(transfersFor(c.disbursementId)).toHaveLength(1);
    expect((await disbursement(c.disbursementId)).stripeTransferId).toBe(transfersFor(c.disbursementId)[0]!.id);
  });

  it("keeps retrying a transfer Stripe could not answer (500s) with backoff, audits each failure, and opens one work item after a few", async () => {
    const q = await queuedTransfer();
    double.failNext(TRANSFER_ALERT_AFTER + 1, "before");
    let at = Date.now();
    for (let i = 1; i <= TRANSFER_ALERT_AFTER + 1; i++) {
      expect(await drainStripeTransfers(t.db, stripe, { now: new Date(at) })).toMatchObject({ claimed: 1, failed: 1 });
      at = (await outboxRow(q.key)).nextAttemptAt.getTime() + 1_000;
    }
    const row = await outboxRow(q.key);
    expect(row).toMatchObject({ status: "failed", attempts: TRANSFER_ALERT_AFTER + 1 });
    const failures = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, q.disbursementId), eq(auditEvents.action, "disbursement.transfer_failed")));
    expect(failures).toHaveLength(TRANSFER_ALERT_AFTER + 1);
    const items = await t.db.select().from(workItems).where(eq(workItems.subjectId, q.disbursementId));
    expect(items).toEqual([
      expect.objectContaining({ kind: "transfer_failed", status: "open", creditorId: q.creditorId }),
    ]);
    expect(transfersFor(q.disbursementId)).toHaveLength(0);
    expect((await disbursement(q.disbursementId)).status).toBe("approved");
  });

  it("a transfer Stripe refuses (unknown destination) fails the disbursement: entry reversed, rows payable again, one work item", async () => {
    const q = await queuedTransfer();
    double.refuseDestination(q.account);
    expect(await drainStripeTransfers(t.db, stripe)).toMatchObject({ claimed: 1, abandoned: 1 });
    expect(await disbursement(q.disbursementId)).toMatchObject({
      status: "failed",
      failureReason: expect.stringMatching(/No such destination/),
    });
    expect(await outboxRow(q.key)).toMatchObject({ status: "dead" });
    const items = await t.db.select().from(workItems).where(eq(workItems.subjectId, q.disbursementId));
    expect(items).toEqual([expect.objectContaining({ kind: "transfer_failed", status: "open" })]);
    const live = await t.db
      .select()
      .from(disbursementItems)
      .where(and(eq(disbursementItems.disbursementId, q.disbursementId), isNull(disbursementItems.releasedAt)));
    expect(live).toHaveLength(0);
    expect(await verifyLedger(t.db)).toEqual([]);
    // The rows are owed again: the next run would pay them.
    const next = await previewRun(t.db, { creditorIds: [q.creditorId], cutoff: new Date(Date.now() + 1_000) });
    expect(next.lines[0]?.plan).toMatchObject({ outcome: "pay", amount: 8_000n, rowsAmount: 8_000n });
  });

  it("gives up (dead row, work item) when Stripe says the key was used with other parameters", async () => {
    const q = await queuedTransfer();
    await createTransfer(stripe, {
      disbursementId: q.disbursementId,
      destination: q.account,
      amount: 1n,
      currency: "USD",
      idempotencyKey: q.key,
    });
    expect(await drainStripeTransfers(t.db, stripe)).toMatchObject({ abandoned: 1 });
    expect(await outboxRow(q.key)).toMatchObject({
      status: "dead",
      lastError: expect.stringMatching(/idempotency_error/),
    });
    const [item] = await t.db
      .select()
      .from(workItems)
      .where(eq(workItems.dedupeKey, `transfer-failed:${q.disbursementId}`));
    expect(item).toMatchObject({ kind: "transfer_failed", title: expect.stringMatching(/will not be retried/) });
    await drainStripeTransfers(t.db, stripe, { now: later(86_400_000) });
    expect(await outboxRow(q.key)).toMatchObject({ status: "dead", attempts: 1 });
  });

  it("a transfer the webhook already linked is finished without calling Stripe again", async () => {
    const q = await queuedTransfer();
    double.failNext(1, "after");
    await drainStripeTransfers(t.db, stripe);
    const [created] = transfersFor(q.disbursementId);
    await receiveStripeEvent(t.db, stripeEvent("transfer.created", created!) as unknown as Stripe.Event);
    expect(await disbursement(q.disbursementId)).toMatchObject({ stripeTransferId: created!.id, status: "paid" });
    const before = double.requests().length;
    expect(await drainStripeTransfers(t.db, stripe, { now: later(31_000) })).toMatchObject({ alreadyLinked: 1 });
    expect(double.requests()).toHaveLength(before);
    expect(await disbursement(q.disbursementId)).toMatchObject({ status: "paid" });
    expect(await outboxRow(q.key)).toMatchObject({ status: "done" });
  });

  it("without a Stripe key nothing is claimed and the job says why", async () => {
    const q = await queuedTransfer();
    expect(await drainStripeTransfers(t.db, null)).toMatchObject({
      claimed: 0,
      skipped: expect.stringMatching(/STRIPE_SECRET_KEY/),
    });
    expect(await outboxRow(q.key)).toMatchObject({ status: "pending", attempts: 0 });
    await drainStripeTransfers(t.db, stripe); // leave nothing queued for the other tests
  });
});
