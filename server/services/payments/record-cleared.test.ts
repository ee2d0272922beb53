import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { useTestDb } from "@/db/testing/test-db";
import { accountingDocuments, customerCredits, outbox, placements, remittances, workItems } from "@/db/schema";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { recordClearedPayment } from "./record-cleared";
import { recordReinstatement, recordReversal } from "../reversals/reversals";
import { changeContingencyRate } from "../creditors/creditors";
import { verifyLedger } from "../ledger/verify";
import { createPaymentPlan } from "../placements/placements";

const actor = { type: "stripe_webhook" as const, id: "evt_test" };
const at = (d: string) => new Date(`${d}T12:00:00Z`);

describe("recordClearedPayment", () => {
  const t = useTestDb();

  it("mints a remittance at the snapshotted rate, updates the placement, requests the writeback — once", async () => {
    const c = await makeCreditor(t.db, { rateBps: 2500 });
    const p = await makePlacement(t.db, c.id, { amount: 100_000n });
    const input = {
      source: "stripe" as const,
      externalId: "pi_1",
      placementId: p.id,
      amount: 50_000n,
      currency: "usd",
      receivedAt: at("2026-03-01"),
    };
    const first = await recordClearedPayment(t.db, input, actor);
    const again = await recordClearedPayment(t.db, input, actor);
    expect(first.outcome).toBe("applied");
    expect(again.outcome).toBe("duplicate");
    const rows = await t.db.select().from(remittances).where(eq(remittances.placementId, p.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      recoveredAmount: 50_000n,
      feeAmount: 12_500n,
      netRemitAmount: 37_500n,
      rateBpsSnapshot: 2500,
      status: "cleared",
    });
    const [pl] = await t.db.select().from(placements).where(eq(placements.id, p.id));
    expect(pl).toMatchObject({ recoveredAmount: 50_000n, feeAmount: 12_500n, status: "open" });
    const effects = await t.db.select().from(outbox).where(eq(outbox.topic, "qbo.writeback"));
    expect(effects.filter((e) => e.payload.placementId === p.id)).toHaveLength(1);
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("keeps each partial's own rate, flips to paid at the invoice amount, and turns excess into credit, not fee", async () => {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    const p = await makePlacement(t.db, c.id, { amount: 10_000n });
    await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: "pi_a",
        placementId: p.id,
        amount: 4_000n,
        currency: "USD",
        receivedAt: new Date(),
      },
      actor,
    );
    await changeContingencyRate(
      t.db,
      { creditorId: c.id, rateBps: 3000, reason: "renegotiated" },
      { type: "system", id: "test" },
    );
    const r = await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: "pi_b",
        placementId: p.id,
        amount: 7_000n,
        currency: "USD",
        receivedAt: new Date(Date.now() + 5000),
      },
      actor,
    );
    expect(r).toMatchObject({ outcome: "applied", placementStatus: "paid" });
    const rows = await t.db.select().from(remittances).where(eq(remittances.placementId, p.id));
    expect(rows.map((x) => [x.recoveredAmount, x.feeAmount, x.rateBpsSnapshot]).sort()).toEqual(
      [
        [4_000n, 800n, 2000],
        [6_000n, 1_800n, 3000],
      ].sort(),
    );
    const credits = await t.db.select().from(customerCredits).where(eq(customerCredits.placementId, p.id));
    expect(credits.map((x) => x.amount)).toEqual([1_000n]);
    const items = await t.db.select().from(workItems).where(eq(workItems.kind, "overpayment"));
    expect(items.find((i) => i.subjectId === credits[0]!.id)?.title).toBe(
      `Overpayment of 10.00 USD on invoice ${p.invoiceNumber}`,
    );
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("records unknown placements and currency mismatches as unmatched work, with no ledger row", async () => {
    const c = await makeCreditor(t.db);
    const p = await makePlacement(t.db, c.id, { currency: "EUR" });
    const before = (await t.db.select().from(remittances)).length;
    const a = await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: "pi_unk",
        placementId: "00000000-0000-4000-8000-000000000000",
        amount: 100n,
        currency: "EUR",
        receivedAt: new Date(),
      },
      actor,
    );
    const b = await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: "pi_cur",
        placementId: p.id,
        amount: 100n,
        currency: "USD",
        receivedAt: new Date(),
      },
      actor,
    );
    const d = await recordClearedPayment(
      t.db,
      { source: "stripe", externalId: "pi_none", amount: 100n, currency: "USD", receivedAt: new Date() },
      actor,
    );
    expect([a.outcome, b.outcome, d.outcome]).toEqual(["unmatched", "unmatched", "unmatched"]);
    expect((await t.db.select().from(remittances)).length).toBe(before);
    const items = await t.db.select().from(workItems).where(eq(workItems.kind, "unmatched_payment"));
    expect(items.map((i) => i.evidence.externalId)).toEqual(expect.arrayContaining(["pi_unk", "pi_cur", "pi_none"]));
    await expect(
      recordClearedPayment(
        t.db,
        {
          source: "stripe",
          externalId: "pi_zero",
          placementId: p.id,
          amount: 0n,
          currency: "EUR",
          receivedAt: new Date(),
        },
        actor,
      ),
    ).rejects.toThrow(/positive/);
  });

  it("links one remittance per installment", async () => {
    const c = await makeCreditor(t.db);
    const p = await makePlacement(t.db, c.id, { amount: 30_000n });
    const plan = await createPaymentPlan(
      t.db,
      c.id,
      p.id,
      [
        { dueDate: "2026-01-01", amount: 10_000n },
        { dueDate: "2026-02-01", amount: 10_000n },
        { dueDate: "2026-03-01", amount: 10_000n },
      ],
      { type: "user", id: "ops" },
    );
    for (const [i, inst] of plan.installments.entries()) {
      await recordClearedPayment(
        t.db,
        {
          source: "stripe",
          externalId: `pi_inst_${i}`,
          placementId: p.id,
          installmentId: inst.id,
          amount: inst.amount,
          currency: "USD",
          receivedAt: new Date(),
        },
        actor,
      );
    }
    const rows = await t.db.select().from(remittances).where(eq(remittances.placementId, p.id));
    expect(new Set(rows.map((r) => r.installmentId))).toEqual(new Set(plan.installments.map((i) => i.id)));
    const [pl] = await t.db.select().from(placements).where(eq(placements.id, p.id));
    expect(pl!.status).toBe("paid");
  });
});

describe("reversals", () => {
  const t = useTestDb();

  it("mints negative rows linked to the parent, never more fee than taken, and leaves the placement's status to an operator", async () => {
    const c = await makeCreditor(t.db, { rateBps: 3333 });
    const p = await makePlacement(t.db, c.id, { amount: 10_001n });
    await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: "pi_r",
        chargeId: "ch_r",
        placementId: p.id,
        amount: 10_001n,
        currency: "USD",
        receivedAt: new Date(),
      },
      actor,
    );
    const [parent] = await t.db.select().from(remittances).where(eq(remittances.placementId, p.id));
    const r1 = await recordReversal(
      t.db,
      {
        chargeId: "ch_r",
        amount: 3_333n,
        currency: "USD",
        reason: "refund",
        externalRef: "re_1",
        occurredAt: new Date(),
      },
      actor,
    );
    const dup = await recordReversal(
      t.db,
      {
        chargeId: "ch_r",
        amount: 3_333n,
        currency: "USD",
        reason: "refund",
        externalRef: "re_1",
        occurredAt: new Date(),
      },
      actor,
    );
    const r2 = await recordReversal(
      t.db,
      {
        paymentExternalId: "pi_r",
        amount: 6_668n,
        currency: "USD",
        reason: "chargeback",
        externalRef: "du_1:withdrawn",
        occurredAt: new Date(),
      },
      actor,
    );
    expect([r1.outcome, dup.outcome, r2.outcome]).toEqual(["applied", "duplicate", "applied"]);
    const rows = await t.db.select().from(remittances).where(eq(remittances.parentRemittanceId, parent!.id));
    expect(rows.every((r) => r.status === "reversed" && r.recoveredAmount < 0n)).toBe(true);
    expect(rows.reduce((s, r) => s + r.feeAmount, 0n)).toBe(-parent!.feeAmount);
    expect(rows.reduce((s, r) => s + r.recoveredAmount, 0n)).toBe(-parent!.recoveredAmount);
    const [pl] = await t.db.select().from(placements).where(eq(placements.id, p.id));
    expect(pl).toMatchObject({ recoveredAmount: 0n, feeAmount: 0n, status: "paid" });
    await expect(
      recordReversal(
        t.db,
        {
          chargeId: "ch_r",
          amount: 1n,
          currency: "USD",
          reason: "refund",
          externalRef: "re_2",
          occurredAt: new Date(),
        },
        actor,
      ),
    ).rejects.toThrow(/exceeds/);
    const decisions = await t.db.select().from(workItems).where(eq(workItems.kind, "reversal_decision"));
    expect(
      decisions
        .filter((d) => d.subjectId === p.id)
        .map((d) => d.title)
        .sort(),
    ).toEqual([
      `Chargeback of 66.68 USD on invoice ${p.invoiceNumber}`,
      `Refund of 33.33 USD on invoice ${p.invoiceNumber}`,
    ]);
    const docs = await t.db.select().from(accountingDocuments).where(eq(accountingDocuments.placementId, p.id));
    expect(docs.map((d) => d.type).sort()).toEqual(["AGENCY_PAYMENT", "CANCELLATION", "CANCELLATION"]);

    const back = await recordReinstatement(
      t.db,
      { reversalExternalRef: "du_1:withdrawn", amount: 6_668n, externalRef: "du_1:reinstated", occurredAt: new Date() },
      actor,
    );
    expect(back.outcome).toBe("applied");
    const [after] = await t.db.select().from(placements).where(eq(placements.id, p.id));
    expect(after!.recoveredAmount).toBe(6_668n);
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("refunds an overpayment from customer credit first", async () => {
    const c = await makeCreditor(t.db, { rateBps: 1000 });
    const p = await makePlacement(t.db, c.id, { amount: 1_000n });
    await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: "pi_over",
        chargeId: "ch_over",
        placementId: p.id,
        amount: 1_500n,
        currency: "USD",
        receivedAt: new Date(),
      },
      actor,
    );
    const r = await recordReversal(
      t.db,
      {
        chargeId: "ch_over",
        amount: 300n,
        currency: "USD",
        reason: "refund",
        externalRef: "re_over",
        occurredAt: new Date(),
      },
      actor,
    );
    expect(r).toMatchObject({ outcome: "applied", fromCredit: 300n, fromRemittance: 0n });
    const open = await t.db.select().from(customerCredits).where(eq(customerCredits.placementId, p.id));
    expect(open.filter((x) => x.status === "open").map((x) => x.amount)).toEqual([200n]);
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("says when the payment is not known yet (out of order)", async () => {
    const r = await recordReversal(
      t.db,
      {
        chargeId: "ch_future",
        amount: 5n,
        currency: "USD",
        reason: "refund",
        externalRef: "re_future",
        occurredAt: new Date(),
      },
      actor,
    );
    expect(r.outcome).toBe("payment_not_found");
  });
});
