import { describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { useTestDb } from "@/db/testing/test-db";
import {
  accountingDocuments,
  customerCredits,
  outbox,
  paymentAttempts,
  placements,
  remittances,
  workItems,
} from "@/db/schema";
import { systemActor, type Actor } from "@/server/domain/actor";
import { createStripeClient } from "@/server/integrations/stripe/client";
import { startStripeDouble } from "@/server/integrations/stripe/double/double";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { changeContingencyRate } from "../creditors/creditors";
import { createUser } from "../identity/users";
import { verifyLedger } from "../ledger/verify";
import { recordClearedPayment } from "../payments/record-cleared";
import { applyUnmatchedPayment, previewApplyUnmatched } from "./resolve";
import { drainStripeRefunds, markPaymentNotOurs, refundUnmatchedPayment } from "./refunds";

const webhook = { type: "stripe_webhook" as const, id: "evt_unmatched" };

describe("resolving an unmatched payment", () => {
  const t = useTestDb({ poolSize: 4 });

  const operator = async (name: string): Promise<Actor> => {
    const u = await createUser(
      t.db,
      { email: `${name.toLowerCase()}.${Math.random().toString(36).slice(2)}@agency.test`, name, role: "operator" },
      systemActor("test"),
    );
    return { type: "user", id: u.id };
  };

  /** A creditor at 20% from 2020 and 30% from 2026-03-10, two open placements, and an unmatched payment of 2026-03-05. */
  async function arrange(amount: bigint, externalId = `pi_un_${Math.random().toString(36).slice(2)}`) {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    await changeContingencyRate(t.db, { creditorId: c.id, rateBps: 3000, reason: "renegotiated" }, systemActor("test"));
    const older = await makePlacement(t.db, c.id, { amount: 6_000n, dueDate: "2025-11-01" });
    const newer = await makePlacement(t.db, c.id, { amount: 10_000n, dueDate: "2026-01-15" });
    const r = await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId,
        amount,
        currency: "USD",
        receivedAt: new Date("2026-03-05T10:00:00Z"),
        metadata: { description: "thanks" },
      },
      webhook,
    );
    const [item] = await t.db.select().from(workItems).where(eq(workItems.subjectId, r.paymentAttemptId));
    return { c, older, newer, attemptId: r.paymentAttemptId, item: item!, externalId };
  }

  it("splits a payment across two placements: FIFO preview, then two remittances at the payment-date rate, documents and writebacks", async () => {
    const { older, newer, attemptId, item } = await arrange(9_000n);
    const actor = await operator("Olive");
    const preview = await previewApplyUnmatched(t.db, { workItemId: item.id, placementIds: [newer.id, older.id] });
    expect(preview.parts.map((p) => [p.placementId, p.amount, p.fee, p.credit])).toEqual([
      [older.id, 6_000n, 1_200n, 0n],
      [newer.id, 3_000n, 600n, 0n],
    ]);
    expect(preview.totals).toMatchObject({ amount: 9_000n, applied: 9_000n, fee: 1_800n, net: 7_200n, credit: 0n });

    const out = await applyUnmatchedPayment(
      t.db,
      {
        workItemId: item.id,
        expectedVersion: item.version,
        parts: preview.parts.map((p) => ({ placementId: p.placementId, amount: p.amount })),
      },
      actor,
    );
    expect(out.action).toBe("split");
    const rows = await t.db
      .select()
      .from(remittances)
      .where(inArray(remittances.placementId, [older.id, newer.id]));
    expect(rows.map((r) => [r.placementId, r.recoveredAmount, r.feeAmount, r.rateBpsSnapshot]).sort()).toEqual(
      [
        [older.id, 6_000n, 1_200n, 2000],
        [newer.id, 3_000n, 600n, 2000],
      ].sort(),
    );
    const docs = await t.db
      .select()
      .from(accountingDocuments)
      .where(inArray(accountingDocuments.placementId, [older.id, newer.id]));
    expect(docs.map((d) => d.type)).toEqual(["AGENCY_PAYMENT", "AGENCY_PAYMENT"]);
    const parts = await t.db
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.parentPaymentAttemptId, attemptId));
    expect(parts).toHaveLength(2);
    const writebacks = await t.db
      .select()
      .from(outbox)
      .where(
        inArray(
          outbox.idempotencyKey,
          parts.map((p) => `qbo-payment:${p.id}`),
        ),
      );
    expect(writebacks).toHaveLength(2);
    const [parent] = await t.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attemptId));
    expect(parent!.status).toBe("resolved");
    const [closed] = await t.db.select().from(workItems).where(eq(workItems.id, item.id));
    expect(closed).toMatchObject({ status: "resolved", resolvedBy: "Olive" });
    const [pl] = await t.db.select().from(placements).where(eq(placements.id, older.id));
    expect(pl).toMatchObject({ status: "paid", recoveredAmount: 6_000n });
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("keeps what a part pays beyond its placement's balance as customer credit, never fee", async () => {
    const { older, item } = await arrange(7_000n);
    await applyUnmatchedPayment(
      t.db,
      { workItemId: item.id, expectedVersion: item.version, parts: [{ placementId: older.id, amount: 7_000n }] },
      await operator("Ada"),
    );
    const [credit] = await t.db.select().from(customerCredits).where(eq(customerCredits.placementId, older.id));
    expect(credit).toMatchObject({ amount: 1_000n, status: "open" });
    const [rem] = await t.db.select().from(remittances).where(eq(remittances.placementId, older.id));
    expect(rem).toMatchObject({ recoveredAmount: 6_000n, feeAmount: 1_200n });
    expect(
      await t.db
        .select()
        .from(workItems)
        .where(and(eq(workItems.kind, "overpayment"), eq(workItems.subjectId, credit!.id))),
    ).toHaveLength(1);
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("refuses a split whose parts do not sum to the payment, and writes nothing", async () => {
    const { older, newer, attemptId, item } = await arrange(9_000n);
    await expect(
      applyUnmatchedPayment(
        t.db,
        {
          workItemId: item.id,
          expectedVersion: item.version,
          parts: [
            { placementId: older.id, amount: 5_000n },
            { placementId: newer.id, amount: 3_999n },
          ],
        },
        await operator("Bo"),
      ),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/sum to 8999 but the payment is 9000/),
    });
    expect(
      await t.db.select().from(paymentAttempts).where(eq(paymentAttempts.parentPaymentAttemptId, attemptId)),
    ).toEqual([]);
    const [still] = await t.db.select().from(workItems).where(eq(workItems.id, item.id));
    expect(still!.status).toBe("open");
  });

  it("two resolvers at once: one effect, the other is told who resolved it", async () => {
    const { older, newer, attemptId, item } = await arrange(5_000n);
    const [a, b] = [await operator("Ana"), await operator("Ben")];
    const results = await Promise.allSettled([
      applyUnmatchedPayment(
        t.db,
        { workItemId: item.id, expectedVersion: item.version, parts: [{ placementId: older.id, amount: 5_000n }] },
        a,
      ),
      applyUnmatchedPayment(
        t.db,
        { workItemId: item.id, expectedVersion: item.version, parts: [{ placementId: newer.id, amount: 5_000n }] },
        b,
      ),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/already resolved by (Ana|Ben)/),
    });
    expect(
      await t.db.select().from(paymentAttempts).where(eq(paymentAttempts.parentPaymentAttemptId, attemptId)),
    ).toHaveLength(1);
    expect(
      await t.db
        .select()
        .from(remittances)
        .where(inArray(remittances.placementId, [older.id, newer.id])),
    ).toHaveLength(1);
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("refunds through Stripe once (outbox key from our ids, the Stripe TEST DOUBLE), with no ledger effect", async () => {
    const { item, attemptId, externalId } = await arrange(4_200n);
    await refundUnmatchedPayment(
      t.db,
      { workItemId: item.id, expectedVersion: item.version, reason: "debtor asked" },
      await operator("Cy"),
    );
    const [row] = await t.db
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `refund:${attemptId}`));
    expect(row).toMatchObject({ topic: "stripe.refund", status: "pending" });
    const double = await startStripeDouble();
    try {
      const stripe = createStripeClient({ secretKey: "sk_test_double", apiBase: double.url, maxNetworkRetries: 0 });
      expect(await drainStripeRefunds(t.db, stripe)).toMatchObject({ sent: 1 });
      expect(await drainStripeRefunds(t.db, stripe)).toMatchObject({ claimed: 0 });
      expect(double.refunds()).toEqual([expect.objectContaining({ payment_intent: externalId, amount: 4200 })]);
    } finally {
      await double.close();
    }
    const [parent] = await t.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attemptId));
    expect(parent!.status).toBe("resolved");
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("marks a payment not ours with its reason (the item is dismissed), and refuses without one", async () => {
    const { item } = await arrange(1_000n);
    const actor = await operator("Dee");
    await expect(
      markPaymentNotOurs(t.db, { workItemId: item.id, expectedVersion: item.version, reason: "" }, actor),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await markPaymentNotOurs(
      t.db,
      { workItemId: item.id, expectedVersion: item.version, reason: "paid to our sister agency" },
      actor,
    );
    const [closed] = await t.db.select().from(workItems).where(eq(workItems.id, item.id));
    expect(closed).toMatchObject({ status: "dismissed", closeReason: "paid to our sister agency" });
  });
});
