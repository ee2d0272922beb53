import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { useTestDb } from "@/db/testing/test-db";
import { creditors, disbursementItems, disbursements, journalEntries, outbox, workItems } from "@/db/schema";
import { paymentIntent, refund, stripeEvent, transfer } from "@/server/testing/stripe";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { disburseNow } from "@/server/testing/disburse";
import { verifyLedger } from "../ledger/verify";
import { receiveStripeEvent } from "../stripe-events/inbox";

describe("disbursements and transfers", () => {
  const t = useTestDb();
  const deliver = (type: string, object: Record<string, unknown>) =>
    receiveStripeEvent(t.db, stripeEvent(type, object) as unknown as Stripe.Event);

  async function creditorOwed(amount: number, opts: { connected?: boolean } = {}) {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    if (opts.connected !== false)
      await t.db
        .update(creditors)
        .set({ stripeAccountId: `acct_${c.id.slice(0, 8)}` })
        .where(eq(creditors.id, c.id));
    const p = await makePlacement(t.db, c.id, { amount: BigInt(amount) });
    const pi = paymentIntent({ amount, placementId: p.id });
    await deliver("payment_intent.succeeded", pi);
    return { c, p, pi };
  }

  describe("disbursements", () => {
    it("pays out the undisbursed net remit once, linked to its remittances, with a transfer request", async () => {
      const { c } = await creditorOwed(10_000);
      const first = await disburseNow(t.db, { creditorId: c.id, currency: "USD" });
      expect(first).toMatchObject({ outcome: "created", amount: 8_000n, method: "stripe_transfer" });
      expect(await disburseNow(t.db, { creditorId: c.id, currency: "USD" })).toMatchObject({
        outcome: "nothing_to_pay",
        balance: 0n,
      });
      if (first.outcome !== "created") throw new Error("unreachable");
      expect(
        await t.db.select().from(disbursementItems).where(eq(disbursementItems.disbursementId, first.disbursementId)),
      ).toHaveLength(1);
      const [effect] = await t.db
        .select()
        .from(outbox)
        .where(eq(outbox.idempotencyKey, `transfer:${first.disbursementId}`));
      expect(effect).toMatchObject({
        topic: "stripe.transfer",
        payload: expect.objectContaining({ amount: "8000", currency: "USD" }),
      });
    });

    it("nets a later clawback against the next payout", async () => {
      const { c, pi } = await creditorOwed(10_000);
      await disburseNow(t.db, { creditorId: c.id, currency: "USD" });
      await deliver("refund.created", refund({ amount: 5_000, paymentIntentId: pi.id, chargeId: pi.latest_charge }));
      expect(await disburseNow(t.db, { creditorId: c.id, currency: "USD" })).toMatchObject({
        outcome: "nothing_to_pay",
        balance: -4_000n,
      });
      expect(await verifyLedger(t.db)).toEqual([]);
    });

    it("a creditor without a connected account gets a manual disbursement and no transfer request", async () => {
      const { c } = await creditorOwed(1_000, { connected: false });
      const d = await disburseNow(t.db, { creditorId: c.id, currency: "USD" });
      expect(d).toMatchObject({ outcome: "created", method: "manual" });
    });
  });

  describe("transfer events", () => {
    it("created links and pays the disbursement; reversed books the money back to the creditor once", async () => {
      const { c } = await creditorOwed(10_000);
      const d = await disburseNow(t.db, { creditorId: c.id, currency: "USD" });
      if (d.outcome !== "created") throw new Error("expected a disbursement");
      const tr = transfer({ amount: 8_000, disbursementId: d.disbursementId });
      // Out of order and repeated: a partial reversal before the creation event, then again.
      await deliver("transfer.reversed", { ...tr, amount_reversed: 3_000 });
      await deliver("transfer.created", tr);
      await deliver("transfer.updated", { ...tr, amount_reversed: 3_000 });
      await deliver("transfer.reversed", { ...tr, amount_reversed: 3_000 });
      const [row] = await t.db.select().from(disbursements).where(eq(disbursements.id, d.disbursementId));
      expect(row).toMatchObject({ stripeTransferId: tr.id, status: "paid", reversedAmount: 3_000n });
      await deliver("transfer.reversed", { ...tr, amount_reversed: 8_000, reversed: true });
      const [after] = await t.db.select().from(disbursements).where(eq(disbursements.id, d.disbursementId));
      expect(after).toMatchObject({ status: "reversed", reversedAmount: 8_000n });
      const entries = await t.db.select().from(journalEntries).where(eq(journalEntries.kind, "disbursement_reversal"));
      expect(entries.filter((e) => e.creditorId === c.id)).toHaveLength(2);
      // The creditor is owed the reversed money again.
      expect(await disburseNow(t.db, { creditorId: c.id, currency: "USD" })).toMatchObject({
        outcome: "created",
        amount: 8_000n,
      });
      expect(await verifyLedger(t.db)).toEqual([]);
    });

    it("an unknown transfer is an operator's work item, never a crash", async () => {
      const tr = transfer({ amount: 123 });
      expect((await deliver("transfer.created", tr)).status).toBe("processed");
      const [item] = await t.db.select().from(workItems).where(eq(workItems.subjectId, tr.id));
      expect(item).toMatchObject({ kind: "unmatched_transfer", status: "open" });
    });
  });
});
