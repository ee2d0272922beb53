import { describe, expect, it } from "vitest";
import { and, eq, isNull, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { useTestDb } from "@/db/testing/test-db";
import { auditEvents, creditors, disbursementItems, disbursements, outbox } from "@/db/schema";
import { ACCOUNTS } from "@/server/domain/ledger-rules";
import { paymentIntent, refund, stripeEvent } from "@/server/testing/stripe";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { FINANCE_A, FINANCE_B } from "@/server/testing/disburse";
import { postJournalEntry } from "../ledger/post";
import { verifyLedger } from "../ledger/verify";
import { receiveStripeEvent } from "../stripe-events/inbox";
import { markDisbursementFailed, recordManualPayment } from "./lifecycle";
import { payableBalances } from "./payables";
import { approveRun, rejectRun } from "./runs-decide";
import { previewRun, proposeRun } from "./runs";

describe("disbursement runs", () => {
  const t = useTestDb();
  const soon = () => new Date(Date.now() + 1_000);
  const deliver = (type: string, object: Record<string, unknown>) =>
    receiveStripeEvent(t.db, stripeEvent(type, object) as unknown as Stripe.Event);

  /** A creditor at 20% with payments of `amounts` (minor units), each on its own placement. */
  async function creditorWith(amounts: number[], opts: { connected?: boolean } = {}) {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    if (opts.connected !== false)
      await t.db
        .update(creditors)
        .set({ stripeAccountId: `acct_${c.id.slice(0, 8)}` })
        .where(eq(creditors.id, c.id));
    const pis = [];
    for (const amount of amounts) {
      const p = await makePlacement(t.db, c.id, { amount: BigInt(amount) });
      const pi = paymentIntent({ amount, placementId: p.id });
      await deliver("payment_intent.succeeded", pi);
      pis.push(pi);
    }
    return { c, pis };
  }

  async function propose(creditorIds: string[], cutoff = soon()) {
    const preview = await previewRun(t.db, { creditorIds, cutoff });
    const run = await proposeRun(t.db, { creditorIds, cutoff, fingerprint: preview.fingerprint }, FINANCE_A);
    return { preview, run };
  }

  it("the proposal is exactly the preview: same creditors, amounts and rows", async () => {
    const a = await creditorWith([10_000, 5_000]);
    const b = await creditorWith([2_500], { connected: false });
    const { preview, run } = await propose([a.c.id, b.c.id]);
    expect(preview.lines.map((l) => [l.creditorId, l.plan.outcome === "pay" && l.plan.amount, l.method])).toEqual(
      expect.arrayContaining([
        [a.c.id, 12_000n, "stripe_transfer"],
        [b.c.id, 2_000n, "manual"],
      ]),
    );
    const drafts = await t.db.select().from(disbursements).where(eq(disbursements.runId, run.runId));
    for (const line of preview.lines) {
      if (line.plan.outcome !== "pay") continue;
      const d = drafts.find((x) => x.creditorId === line.creditorId)!;
      expect(d).toMatchObject({ status: "draft", amount: line.plan.amount, rowsAmount: line.plan.rowsAmount });
      const items = await t.db.select().from(disbursementItems).where(eq(disbursementItems.disbursementId, d.id));
      expect(items.map((i) => i.remittanceId).sort()).toEqual([...line.plan.rowIds].sort());
    }
    // Nothing is posted and nothing is sent before approval.
    expect(drafts.every((d) => d.journalEntryId === null)).toBe(true);
    expect(await t.db.select().from(outbox).where(eq(outbox.topic, "stripe.transfer"))).toHaveLength(0);
  });

  it("refuses a proposal when what is owed changed since the preview", async () => {
    const a = await creditorWith([10_000]);
    const cutoff = soon();
    const preview = await previewRun(t.db, { creditorIds: [a.c.id], cutoff });
    const p = await makePlacement(t.db, a.c.id, { amount: 1_000n });
    await deliver("payment_intent.succeeded", paymentIntent({ amount: 1_000, placementId: p.id }));
    await expect(
      proposeRun(t.db, { creditorIds: [a.c.id], cutoff: soon(), fingerprint: preview.fingerprint }, FINANCE_A),
    ).rejects.toThrow(/changed since your preview/);
    expect(await t.db.select().from(disbursements).where(eq(disbursements.creditorId, a.c.id))).toHaveLength(0);
  });

  it("four-eyes: the proposer can never approve (service and database both refuse); another person can", async () => {
    const a = await creditorWith([10_000]);
    const { run } = await propose([a.c.id]);
    await expect(approveRun(t.db, { runId: run.runId }, FINANCE_A)).rejects.toThrow(/second finance person/);
    // Even written around the service, the database refuses it.
    await expect(
      t.db.execute(
        sql`update disbursement_runs set status = 'approved', decided_by = proposed_by, decided_at = now() where id = ${run.runId}`,
      ),
    ).rejects.toThrow();
    await expect(approveRun(t.db, { runId: run.runId }, { type: "job", id: "x" })).rejects.toThrow(/by a person/);
    expect(await approveRun(t.db, { runId: run.runId }, FINANCE_B)).toMatchObject({ approved: 1 });
    await expect(approveRun(t.db, { runId: run.runId }, FINANCE_B)).rejects.toThrow(/already approved/);
    const [d] = await t.db.select().from(disbursements).where(eq(disbursements.runId, run.runId));
    expect(d).toMatchObject({ status: "approved", method: "stripe_transfer", amount: 8_000n });
    expect(d!.journalEntryId).not.toBeNull();
    expect(
      await t.db
        .select()
        .from(outbox)
        .where(eq(outbox.idempotencyKey, `transfer:${d!.id}`)),
    ).toHaveLength(1);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, run.runId));
    expect(audit.map((e) => [e.action, e.actorId])).toEqual(
      expect.arrayContaining([
        ["disbursement_run.proposed", FINANCE_A.id],
        ["disbursement_run.approved", FINANCE_B.id],
      ]),
    );
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("a rejected run moves no money and releases its rows to the next run", async () => {
    const a = await creditorWith([10_000]);
    const { run } = await propose([a.c.id]);
    expect((await previewRun(t.db, { creditorIds: [a.c.id], cutoff: soon() })).lines).toHaveLength(0);
    await expect(rejectRun(t.db, { runId: run.runId, reason: "" }, FINANCE_B)).rejects.toThrow(/Say why/);
    await rejectRun(t.db, { runId: run.runId, reason: "wrong cut-off" }, FINANCE_B);
    expect((await t.db.select().from(disbursements).where(eq(disbursements.runId, run.runId)))[0]!.status).toBe(
      "cancelled",
    );
    const again = await previewRun(t.db, { creditorIds: [a.c.id], cutoff: soon() });
    expect(again.lines[0]?.plan).toMatchObject({ outcome: "pay", amount: 8_000n });
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("nets clawbacks against positive rows, and carries a negative net forward without any transfer", async () => {
    const a = await creditorWith([10_000, 10_000]);
    const { run } = await propose([a.c.id]);
    await approveRun(t.db, { runId: run.runId }, FINANCE_B);
    // Both payments refunded in full after the payout: −16,000 owed back, nothing else due.
    for (const pi of a.pis)
      await deliver("refund.created", refund({ amount: 10_000, paymentIntentId: pi.id, chargeId: pi.latest_charge }));
    const next = await previewRun(t.db, { creditorIds: [a.c.id], cutoff: soon() });
    expect(next.lines[0]?.plan).toMatchObject({ outcome: "carry_forward", reason: "negative", net: -16_000n });
    const p = await makePlacement(t.db, a.c.id, { amount: 30_000n });
    await deliver("payment_intent.succeeded", paymentIntent({ amount: 30_000, placementId: p.id }));
    const later = await previewRun(t.db, { creditorIds: [a.c.id], cutoff: soon() });
    expect(later.lines[0]?.plan).toMatchObject({ outcome: "pay", amount: 24_000n - 16_000n });
    expect(later.lines[0]?.rows.map((r) => r.net).sort()).toEqual([-8_000n, -8_000n, 24_000n].sort());
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("nets fees the creditor owes on direct payments, read from the ledger", async () => {
    const a = await creditorWith([10_000], { connected: false });
    await t.db.transaction((tx) =>
      postJournalEntry(tx, {
        kind: "direct_payment_fee",
        description: "fee on a payment made to the creditor directly",
        creditorId: a.c.id,
        occurredAt: new Date(),
        postings: [
          { account: ACCOUNTS.creditorFeesOwed(a.c.id), amount: 1_500n, currency: "USD" },
          { account: ACCOUNTS.feeIncome, amount: -1_500n, currency: "USD" },
        ],
      }),
    );
    expect((await payableBalances(t.db, { creditorIds: [a.c.id] }))[0]).toMatchObject({
      feesOwed: 1_500n,
      due: 6_500n,
    });
    const { run } = await propose([a.c.id]);
    await approveRun(t.db, { runId: run.runId }, FINANCE_B);
    const [d] = await t.db.select().from(disbursements).where(eq(disbursements.runId, run.runId));
    expect(d).toMatchObject({
      amount: 6_500n,
      feesNetted: 1_500n,
      rowsAmount: 8_000n,
      status: "approved",
      method: null,
    });
    expect((await payableBalances(t.db, { creditorIds: [a.c.id] }))[0]).toMatchObject({ feesOwed: 0n, payable: 0n });
    await expect(
      recordManualPayment(t.db, { disbursementId: d!.id, method: "wire", reference: "" }, FINANCE_B),
    ).rejects.toThrow(/bank reference/);
    await recordManualPayment(
      t.db,
      { disbursementId: d!.id, method: "wire", reference: "WIRE-20260301-77" },
      FINANCE_B,
    );
    expect((await t.db.select().from(disbursements).where(eq(disbursements.id, d!.id)))[0]).toMatchObject({
      status: "paid",
      method: "wire",
      achReference: "WIRE-20260301-77",
    });
    expect(
      await t.db
        .select()
        .from(outbox)
        .where(eq(outbox.idempotencyKey, `qbo-journal:${d!.id}`)),
    ).toHaveLength(1);
    expect(await verifyLedger(t.db)).toEqual([]);
    // The wire came back: the entry is reversed and the rows and fees are owed again.
    await markDisbursementFailed(
      t.db,
      { disbursementId: d!.id, reason: "returned by the beneficiary bank" },
      FINANCE_B,
    );
    const live = await t.db
      .select()
      .from(disbursementItems)
      .where(and(eq(disbursementItems.disbursementId, d!.id), isNull(disbursementItems.releasedAt)));
    expect(live).toHaveLength(0);
    expect((await payableBalances(t.db, { creditorIds: [a.c.id] }))[0]).toMatchObject({
      feesOwed: 1_500n,
      due: 6_500n,
    });
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("a row is never in two live disbursements, even written around the service", async () => {
    const a = await creditorWith([10_000]);
    const { run } = await propose([a.c.id]);
    const [item] = await t.db
      .select()
      .from(disbursementItems)
      .where(eq(disbursementItems.disbursementId, run.disbursementIds[0]!));
    const [other] = await t.db
      .insert(disbursements)
      .values({ creditorId: a.c.id, currency: "USD", status: "draft", amount: 1n, rowsAmount: 1n })
      .returning();
    await expect(
      t.db.insert(disbursementItems).values({ disbursementId: other!.id, remittanceId: item!.remittanceId }),
    ).rejects.toThrow();
    await expect(t.db.delete(disbursementItems)).rejects.toThrow();
    expect(run.disbursementIds).toHaveLength(1);
  });
});
