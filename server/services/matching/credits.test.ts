import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { useTestDb } from "@/db/testing/test-db";
import { accountingDocuments, customerCredits, outbox, placements, remittances, workItems } from "@/db/schema";
import { systemActor, type Actor } from "@/server/domain/actor";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { makeOverpayment } from "@/server/testing/overpayment";
import { createUser } from "../identity/users";
import { verifyLedger } from "../ledger/verify";
import { recordClearedPayment } from "../payments/record-cleared";
import { applyCredit, keepCredit, previewCredit, refundCredit } from "./credits";
import { openPossibleDuplicates } from "./duplicates";

const webhook = { type: "stripe_webhook" as const, id: "evt_credit" };

describe("customer credit and possible duplicates", () => {
  const t = useTestDb();
  const operator = async (): Promise<Actor> => {
    const u = await createUser(
      t.db,
      { email: `op.${Math.random().toString(36).slice(2)}@agency.test`, name: "Opal", role: "operator" },
      systemActor("test"),
    );
    return { type: "user", id: u.id };
  };

  const arrange = () => makeOverpayment(t.db, { rateBps: 2500 });

  it("applies a credit to the debtor's other open placement: REALLOCATION, remittance at the payment-date rate, credit applied", async () => {
    const { second, credit, item } = await arrange();
    const preview = await previewCredit(t.db, { workItemId: item.id });
    expect(preview.targets).toEqual([
      expect.objectContaining({ placementId: second.id, applied: 3_000n, fee: 750n, net: 2_250n, creditLeft: 0n }),
    ]);
    await applyCredit(
      t.db,
      { workItemId: item.id, expectedVersion: item.version, placementId: second.id },
      await operator(),
    );
    const [rem] = await t.db.select().from(remittances).where(eq(remittances.placementId, second.id));
    expect(rem).toMatchObject({ recoveredAmount: 3_000n, feeAmount: 750n, rateBpsSnapshot: 2500 });
    const [doc] = await t.db.select().from(accountingDocuments).where(eq(accountingDocuments.placementId, second.id));
    expect(doc).toMatchObject({ type: "REALLOCATION", originalType: "AGENCY_PAYMENT" });
    const [after] = await t.db.select().from(customerCredits).where(eq(customerCredits.id, credit.id));
    expect(after!.status).toBe("applied");
    expect((await t.db.select().from(workItems).where(eq(workItems.id, item.id)))[0]!.status).toBe("resolved");
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("refuses a placement of another debtor, and writes nothing", async () => {
    const { c, item } = await arrange();
    const stranger = await makePlacement(t.db, c.id);
    await expect(
      applyCredit(
        t.db,
        { workItemId: item.id, expectedVersion: item.version, placementId: stranger.id },
        await operator(),
      ),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await t.db.select().from(remittances).where(eq(remittances.placementId, stranger.id))).toEqual([]);
  });

  it("refunds a credit: out of customer credit through a balanced entry, a Stripe refund queued once", async () => {
    const { credit, item, pi } = await arrange();
    await refundCredit(
      t.db,
      { workItemId: item.id, expectedVersion: item.version, reason: "debtor asked" },
      await operator(),
    );
    const [row] = await t.db
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `credit-refund:${credit.id}`));
    expect(row!.payload).toMatchObject({ paymentIntentId: pi, amount: "3000" });
    expect((await t.db.select().from(customerCredits).where(eq(customerCredits.id, credit.id)))[0]!.status).toBe(
      "refunded",
    );
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("keeps a credit with a note; a second action is told the item is resolved", async () => {
    const { credit, item } = await arrange();
    const op = await operator();
    await keepCredit(t.db, { workItemId: item.id, expectedVersion: item.version, note: "payment plan continues" }, op);
    expect((await t.db.select().from(customerCredits).where(eq(customerCredits.id, credit.id)))[0]!.status).toBe(
      "open",
    );
    await expect(
      refundCredit(t.db, { workItemId: item.id, expectedVersion: item.version, reason: "late" }, op),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/already resolved by Opal/),
    });
  });

  it("opens one possible-duplicate item for two same-debtor, same-amount payments within the window, and never refunds", async () => {
    const c = await makeCreditor(t.db);
    const p = await makePlacement(t.db, c.id, { amount: 50_000n });
    const [d] = await t.db.select({ id: placements.debtorId }).from(placements).where(eq(placements.id, p.id));
    const at = (h: number) => new Date(Date.UTC(2026, 2, 10, h));
    for (const [id, h] of [
      ["pi_dup_a", 1],
      ["pi_dup_b", 20],
      ["pi_dup_c", 200],
    ] as const)
      await recordClearedPayment(
        t.db,
        {
          source: "stripe",
          externalId: `${id}_${p.id}`,
          placementId: p.id,
          amount: 2_500n,
          currency: "USD",
          receivedAt: at(h),
        },
        webhook,
      );
    const since = new Date(Date.UTC(2026, 2, 1));
    expect(await openPossibleDuplicates(t.db, { since, windowHours: 72 })).toMatchObject({ opened: 1 });
    expect(await openPossibleDuplicates(t.db, { since, windowHours: 72 })).toMatchObject({ opened: 0 });
    const items = await t.db
      .select()
      .from(workItems)
      .where(and(eq(workItems.kind, "possible_duplicate"), eq(workItems.creditorId, c.id)));
    expect(items).toHaveLength(1);
    expect(items[0]!.evidence).toMatchObject({ debtorId: d!.id, amount: "2500" });
    // Never refunded automatically: no refund is queued for any of the three payments.
    const refunds = await t.db.select().from(outbox).where(eq(outbox.topic, "stripe.refund"));
    const ids = (items[0]!.evidence.payments as Array<{ paymentAttemptId: string }>).map((x) => x.paymentAttemptId);
    expect(ids).toHaveLength(2);
    expect(refunds.filter((r) => ids.includes(String(r.payload.paymentAttemptId)))).toEqual([]);
  });
});
