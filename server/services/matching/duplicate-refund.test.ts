import { beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { useTestDb } from "@/db/testing/test-db";
import { auditEvents, outbox, paymentAttempts, remittances, workItems } from "@/db/schema";
import { systemActor, type Actor } from "@/server/domain/actor";
import { resetEnvForTests } from "@/server/env";
import { createStripeClient } from "@/server/integrations/stripe/client";
import { startStripeDouble } from "@/server/integrations/stripe/double/double";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { paymentIntent, refund, signedRequest, stripeEvent, TEST_WEBHOOK_SECRET } from "@/server/testing/stripe";
import { createUser } from "../identity/users";
import { verifyLedger } from "../ledger/verify";
import { recordClearedPayment } from "../payments/record-cleared";
import { openPossibleDuplicates } from "./duplicates";
import { drainStripeRefunds, previewDuplicateRefund, refundDuplicatePayment } from "./refunds";

const ref = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => ref.db! }));
const { POST } = await import("@/app/api/webhooks/stripe/route");

describe("refunding one payment of a possible duplicate", () => {
  const t = useTestDb();
  beforeAll(() => {
    process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
    resetEnvForTests();
    ref.db = t.db;
  });

  const send = async (event: ReturnType<typeof stripeEvent>) => {
    const res = await POST(signedRequest(JSON.stringify(event)));
    expect(res.status).toBe(200);
  };
  const operator = async (): Promise<Actor> => {
    const u = await createUser(
      t.db,
      { email: `op.${Math.random().toString(36).slice(2)}@agency.test`, name: "Ola", role: "operator" },
      systemActor("test"),
    );
    return { type: "user", id: u.id };
  };

  /** Two Stripe payments of 2,000 by one debtor on one placement, an hour apart, and the item the scan opens. */
  async function arrange() {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    const p = await makePlacement(t.db, c.id, { amount: 10_000n });
    const intents = [0, 1].map(() => paymentIntent({ amount: 2_000, placementId: p.id }));
    for (const pi of intents) await send(stripeEvent("payment_intent.succeeded", pi));
    await openPossibleDuplicates(t.db, { since: new Date(0) });
    const attempts = await t.db.select().from(paymentAttempts).where(eq(paymentAttempts.placementId, p.id));
    const [item] = await t.db
      .select()
      .from(workItems)
      .where(and(eq(workItems.kind, "possible_duplicate"), eq(workItems.creditorId, c.id)));
    expect(item, "the scan opened a possible-duplicate item").toBeDefined();
    const second = attempts.find((a) => a.id === item!.subjectId)!;
    return { p, item: item!, second, intents, attempts };
  }

  it("previews what the refund reverses, requests it once through the outbox, and closes the item; Stripe's refund event then reverses the payment", async () => {
    const { p, item, second, intents } = await arrange();
    const preview = await previewDuplicateRefund(t.db, { workItemId: item.id });
    expect(preview).toHaveLength(2);
    for (const x of preview)
      expect(x).toMatchObject({
        amount: 2_000n,
        currency: "USD",
        blocked: null,
        booked: [{ invoiceNumber: p.invoiceNumber, recovered: 2_000n, fee: 400n, net: 1_600n }],
      });

    const actor = await operator();
    const done = await refundDuplicatePayment(
      t.db,
      { workItemId: item.id, expectedVersion: item.version, paymentAttemptId: second.id, reason: "debtor paid twice" },
      actor,
    );
    expect(done).toMatchObject({ action: "refunded", amount: 2_000n, outboxKey: `refund:${second.id}` });
    const [row] = await t.db
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `refund:${second.id}`));
    expect(row).toMatchObject({ topic: "stripe.refund", status: "pending" });
    const [closed] = await t.db.select().from(workItems).where(eq(workItems.id, item.id));
    expect(closed).toMatchObject({ status: "resolved", closeReason: "debtor paid twice" });
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "payment.refund_requested"), eq(auditEvents.targetId, second.id)));
    expect(audit!.details).toMatchObject({ workItemId: item.id, duplicate: true });
    // Still booked until Stripe confirms; the other payment is untouched.
    expect((await t.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, second.id)))[0]!.status).toBe(
      "succeeded",
    );

    // The closed item refuses a second refund; the outbox row is sent to Stripe once.
    await expect(
      refundDuplicatePayment(
        t.db,
        { workItemId: item.id, expectedVersion: item.version, paymentAttemptId: second.id, reason: "again" },
        actor,
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const double = await startStripeDouble();
    try {
      const stripe = createStripeClient({ secretKey: "sk_test_double", apiBase: double.url, maxNetworkRetries: 0 });
      expect(await drainStripeRefunds(t.db, stripe)).toMatchObject({ sent: 1 });
      expect(await drainStripeRefunds(t.db, stripe)).toMatchObject({ claimed: 0 });
      const pi = intents.find((x) => x.id === second.externalId)!;
      expect(double.refunds()).toEqual([expect.objectContaining({ payment_intent: pi.id, amount: 2_000 })]);
      // Stripe's refund event reverses the payment as any refund does.
      await send(
        stripeEvent("refund.created", refund({ amount: 2_000, paymentIntentId: pi.id, chargeId: pi.latest_charge })),
      );
    } finally {
      await double.close();
    }
    const rows = await t.db.select().from(remittances).where(eq(remittances.paymentAttemptId, second.id));
    expect(rows.map((r) => [r.status, r.recoveredAmount, r.feeAmount]).sort()).toEqual(
      [
        ["cleared", 2_000n, 400n],
        ["reversed", -2_000n, -400n],
      ].sort(),
    );
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("names only the item's own payments, and refuses a payment that cannot go back through Stripe", async () => {
    const { item, attempts } = await arrange();
    const actor = await operator();
    const other = await recordClearedPayment(
      t.db,
      {
        source: "manual",
        externalId: `manual-${Math.random()}`,
        placementId: attempts[0]!.placementId!,
        amount: 2_000n,
        currency: "USD",
        receivedAt: new Date(attempts[0]!.receivedAt.getTime() + 60_000),
      },
      actor,
    );
    await expect(
      refundDuplicatePayment(
        t.db,
        {
          workItemId: item.id,
          expectedVersion: item.version,
          paymentAttemptId: other.paymentAttemptId,
          reason: "x y z",
        },
        actor,
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A manual payment in a pair: the preview says why, the action refuses, nothing is written.
    const [manualItem] = await openManualPair(other.paymentAttemptId);
    const preview = await previewDuplicateRefund(t.db, { workItemId: manualItem! });
    expect(preview.find((x) => x.paymentAttemptId === other.paymentAttemptId)!.blocked).toMatch(/sent back by bank/);
    await expect(
      refundDuplicatePayment(
        t.db,
        { workItemId: manualItem!, expectedVersion: 1, paymentAttemptId: other.paymentAttemptId, reason: "x y z" },
        actor,
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(
      await t.db
        .select()
        .from(outbox)
        .where(eq(outbox.idempotencyKey, `refund:${other.paymentAttemptId}`)),
    ).toEqual([]);
    await expect(previewDuplicateRefund(t.db, { workItemId: "not-a-uuid" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  /** The scan's item for the pair (the Stripe payment and the manual one just recorded). */
  async function openManualPair(manualId: string) {
    await openPossibleDuplicates(t.db, { since: new Date(0) });
    const items = await t.db.select().from(workItems).where(eq(workItems.kind, "possible_duplicate"));
    return items.filter((i) => JSON.stringify(i.evidence).includes(manualId) && i.status === "open").map((i) => i.id);
  }
});
