import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { useTestDb } from "@/db/testing/test-db";
import { auditEvents, outbox, paymentAttempts, remittances } from "@/db/schema";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { recordClearedPayment } from "./record-cleared";
import { verifyLedger } from "../ledger/verify";
import { createPaymentPlan } from "../placements/placements";

const actor = { type: "stripe_webhook" as const, id: "evt_writes" };

// recordClearedPayment reads in one statement and writes in one (payment-writes.ts); these pin
// the parts of that statement pair the payments tests do not reach.
describe("recordClearedPayment's one-statement read and write", () => {
  const t = useTestDb();

  it("takes the earliest rate for a payment dated before it, ignores another placement's installment, and keeps money in jsonb as strings", async () => {
    const c = await makeCreditor(t.db, { rateBps: 1234, effectiveFrom: new Date("2025-06-01T00:00:00Z") });
    const p = await makePlacement(t.db, c.id, { amount: 50_000n });
    const other = await makePlacement(t.db, c.id, { amount: 50_000n });
    const plan = await createPaymentPlan(t.db, c.id, other.id, [{ dueDate: "2026-01-01", amount: 50_000n }], {
      type: "user",
      id: "ops",
    });
    const r = await recordClearedPayment(
      t.db,
      {
        source: "manual",
        externalId: "early_1",
        placementId: p.id,
        installmentId: plan.installments[0]!.id,
        amount: 10_000n,
        currency: "USD",
        receivedAt: new Date("2024-01-01T00:00:00Z"),
      },
      actor,
    );
    expect(r.outcome).toBe("applied");
    const [row] = await t.db.select().from(remittances).where(eq(remittances.placementId, p.id));
    expect(row).toMatchObject({ rateBpsSnapshot: 1234, feeAmount: 1_234n, installmentId: null });
    const [attempt] = await t.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, r.paymentAttemptId));
    expect(attempt).toMatchObject({ status: "succeeded", creditorId: c.id, placementId: p.id, installmentId: null });
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "payment.cleared"));
    expect(audit!.details).toMatchObject({
      amount: "10000",
      fee: "1234",
      net: "8766",
      rateBps: 1234,
      placementStatus: "open",
    });
    const effects = await t.db
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `qbo-payment:${r.paymentAttemptId}`));
    expect(effects[0]!.payload).toMatchObject({ amount: "10000", remittanceId: row!.id });
  });

  it("records a payment delivered several times at once exactly once", async () => {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    const p = await makePlacement(t.db, c.id, { amount: 10_000n });
    const input = {
      source: "stripe" as const,
      externalId: "pi_race",
      placementId: p.id,
      amount: 12_000n,
      currency: "USD",
      receivedAt: new Date(),
    };
    const results = await Promise.all(Array.from({ length: 4 }, () => recordClearedPayment(t.db, input, actor)));
    expect(results.filter((x) => x.outcome === "applied")).toHaveLength(1);
    expect(new Set(results.map((x) => x.paymentAttemptId)).size).toBe(1);
    expect(await t.db.select().from(remittances).where(eq(remittances.placementId, p.id))).toHaveLength(1);
    expect(await verifyLedger(t.db)).toEqual([]);
  });
});
