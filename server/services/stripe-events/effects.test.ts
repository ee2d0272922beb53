import { beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { useTestDb } from "@/db/testing/test-db";
import {
  auditEvents,
  customerCredits,
  paymentAttempts,
  placements,
  remittances,
  stripeEvents,
  workItems,
} from "@/db/schema";
import { resetEnvForTests } from "@/server/env";
import { verifyLedger } from "@/server/services/ledger/verify";
import { createPaymentPlan } from "@/server/services/placements/placements";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import {
  charge,
  checkoutSession,
  dispute,
  newId,
  paymentIntent,
  refund,
  signedRequest,
  stripeEvent,
  TEST_WEBHOOK_SECRET,
} from "@/server/testing/stripe";

const ref = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => ref.db! }));
const { POST } = await import("@/app/api/webhooks/stripe/route");

describe("Stripe webhook effects", () => {
  const t = useTestDb();
  beforeAll(() => {
    process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
    resetEnvForTests();
    ref.db = t.db;
  });

  type Ev = ReturnType<typeof stripeEvent>;
  async function send(event: Ev): Promise<string> {
    const res = await POST(signedRequest(JSON.stringify(event)));
    expect(res.status).toBe(200);
    return ((await res.json()) as { status: string }).status;
  }
  const rowsOf = (placementId: string) =>
    t.db.select().from(remittances).where(eq(remittances.placementId, placementId));
  const statusOf = async (event: Ev) =>
    (await t.db.select().from(stripeEvents).where(eq(stripeEvents.eventId, event.id)))[0]?.status;

  /** A placement and a cleared payment of `amount` on it, through the webhook. */
  async function paid(amount: number, opts: { invoice?: bigint; rateBps?: number } = {}) {
    const c = await makeCreditor(t.db, { rateBps: opts.rateBps ?? 2500 });
    const p = await makePlacement(t.db, c.id, { amount: opts.invoice ?? BigInt(amount) });
    const pi = paymentIntent({ amount, placementId: p.id });
    return { c, p, pi, ch: pi.latest_charge!, event: stripeEvent("payment_intent.succeeded", pi) };
  }

  describe("payments", () => {
    it("one remittance per plan installment, linked to it", async () => {
      const c = await makeCreditor(t.db);
      const p = await makePlacement(t.db, c.id, { amount: 20_000n });
      const plan = await createPaymentPlan(
        t.db,
        c.id,
        p.id,
        [
          { dueDate: "2026-01-01", amount: 10_000n },
          { dueDate: "2026-02-01", amount: 10_000n },
        ],
        { type: "user", id: "ops" },
      );
      for (const inst of plan.installments)
        await send(
          stripeEvent(
            "payment_intent.succeeded",
            paymentIntent({ amount: 10_000, placementId: p.id, installmentId: inst.id }),
          ),
        );
      const rows = await rowsOf(p.id);
      expect(rows.map((r) => r.installmentId).sort()).toEqual(plan.installments.map((i) => i.id).sort());
      expect((await t.db.select().from(placements).where(eq(placements.id, p.id)))[0]!.status).toBe("paid");
    });

    it("excess over the balance becomes customer credit, never fee", async () => {
      const { p, event } = await paid(12_000, { invoice: 10_000n, rateBps: 3000 });
      await send(event);
      expect(await rowsOf(p.id)).toMatchObject([{ recoveredAmount: 10_000n, feeAmount: 3_000n }]);
      expect(
        (await t.db.select().from(customerCredits).where(eq(customerCredits.placementId, p.id))).map((x) => x.amount),
      ).toEqual([2_000n]);
    });

    it("a paid Checkout Session and its PaymentIntent are one payment; an unpaid session is not money", async () => {
      const c = await makeCreditor(t.db);
      const p = await makePlacement(t.db, c.id, { amount: 5_000n });
      const pi = paymentIntent({ amount: 5_000, placementId: p.id });
      expect(
        await send(
          stripeEvent(
            "checkout.session.completed",
            checkoutSession({ paymentIntentId: null, amount: 5_000, placementId: p.id, paymentStatus: "unpaid" }),
          ),
        ),
      ).toBe("ignored");
      expect(
        await send(
          stripeEvent(
            "checkout.session.completed",
            checkoutSession({ paymentIntentId: pi.id, amount: 5_000, placementId: p.id }),
          ),
        ),
      ).toBe("processed");
      expect(await send(stripeEvent("payment_intent.succeeded", pi))).toBe("processed");
      expect(await rowsOf(p.id)).toHaveLength(1);
      const [attempt] = await t.db.select().from(paymentAttempts).where(eq(paymentAttempts.externalId, pi.id));
      expect(attempt!.chargeId).toBe(pi.latest_charge); // filled in by the PaymentIntent event
    });

    it("an event from a connected account is recorded but books nothing", async () => {
      const c = await makeCreditor(t.db);
      const p = await makePlacement(t.db, c.id, { amount: 5_000n });
      expect(
        await send(
          stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 5_000, placementId: p.id }), {
            account: "acct_creditor",
          }),
        ),
      ).toBe("ignored");
      expect(await rowsOf(p.id)).toEqual([]);
    });

    it("a payment in another currency than the placement's is an unmatched payment, not a guess", async () => {
      const c = await makeCreditor(t.db);
      const p = await makePlacement(t.db, c.id, { currency: "EUR" });
      const pi = paymentIntent({ amount: 700, placementId: p.id, currency: "usd" });
      await send(stripeEvent("payment_intent.succeeded", pi));
      expect(await rowsOf(p.id)).toEqual([]);
      const items = await t.db.select().from(workItems).where(eq(workItems.kind, "unmatched_payment"));
      expect(items.some((i) => i.evidence.externalId === pi.id)).toBe(true);
    });
  });

  describe("refunds", () => {
    it("a refund is one negative reversed row linked to its parent, however many events describe it", async () => {
      const { p, pi, ch, event } = await paid(10_000);
      await send(event);
      const re = refund({ amount: 2_501, paymentIntentId: pi.id, chargeId: ch });
      expect(await send(stripeEvent("refund.created", re))).toBe("processed");
      expect(await send(stripeEvent("refund.updated", re))).toBe("processed");
      expect(
        await send(
          stripeEvent(
            "charge.refunded",
            charge({ id: ch, paymentIntentId: pi.id, amount: 10_000, amountRefunded: 2_501 }),
          ),
        ),
      ).toBe("processed");
      const rows = await rowsOf(p.id);
      const parent = rows.find((r) => r.status === "cleared")!;
      expect(rows.filter((r) => r.status === "reversed")).toMatchObject([
        { parentRemittanceId: parent.id, recoveredAmount: -2_501n, externalRef: re.id },
      ]);
      expect(parent.recoveredAmount).toBe(10_000n);
      const decisions = await t.db
        .select()
        .from(workItems)
        .where(and(eq(workItems.kind, "reversal_decision"), eq(workItems.subjectId, p.id)));
      expect(decisions).toHaveLength(1);
      expect((await t.db.select().from(placements).where(eq(placements.id, p.id)))[0]).toMatchObject({
        status: "paid",
        recoveredAmount: 7_499n,
      });
    });

    it("a pending refund waits; a refund that fails after succeeding gives the money back", async () => {
      const { p, pi, ch, event } = await paid(8_000);
      await send(event);
      const re = refund({ amount: 3_000, paymentIntentId: pi.id, chargeId: ch, status: "pending" });
      expect(await send(stripeEvent("refund.created", re))).toBe("ignored");
      expect(await rowsOf(p.id)).toHaveLength(1);
      await send(stripeEvent("refund.updated", { ...re, status: "succeeded" }));
      await send(stripeEvent("refund.failed", { ...re, status: "failed" }));
      const rows = await rowsOf(p.id);
      expect(rows.map((r) => [r.status, r.recoveredAmount]).sort()).toEqual(
        [
          ["cleared", 8_000n],
          ["reinstated", 3_000n],
          ["reversed", -3_000n],
        ].sort(),
      );
    });

    it("a refund whose failure arrives before its success is never booked", async () => {
      const { p, pi, ch, event } = await paid(8_000);
      await send(event);
      const re = refund({ amount: 1_000, paymentIntentId: pi.id, chargeId: ch, status: "failed" });
      await send(stripeEvent("refund.failed", re, { created: 1_780_000_100 }));
      await send(stripeEvent("refund.updated", { ...re, status: "succeeded" }, { created: 1_780_000_000 }));
      expect(await rowsOf(p.id)).toHaveLength(1);
    });
  });

  describe("disputes", () => {
    it("withdrawn → chargeback row; lost close books nothing more; reinstated and won close → one re-reversal", async () => {
      const { p, pi, ch, event } = await paid(6_000);
      await send(event);
      const du = dispute({ amount: 6_000, paymentIntentId: pi.id, chargeId: ch });
      await send(stripeEvent("charge.dispute.funds_withdrawn", du));
      await send(stripeEvent("charge.dispute.closed", { ...du, status: "lost" }));
      expect((await rowsOf(p.id)).filter((r) => r.status === "reversed")).toMatchObject([
        { reason: "chargeback", recoveredAmount: -6_000n, externalRef: `dispute:${du.id}:withdrawn` },
      ]);
      await send(stripeEvent("charge.dispute.funds_reinstated", du));
      await send(stripeEvent("charge.dispute.closed", { ...du, status: "won" }));
      expect((await rowsOf(p.id)).filter((r) => r.status === "reinstated")).toMatchObject([
        { recoveredAmount: 6_000n, externalRef: `dispute:${du.id}:reinstated` },
      ]);
    });

    it("an inquiry closed without funds moving books nothing", async () => {
      const { p, pi, ch, event } = await paid(1_000);
      await send(event);
      expect(
        await send(
          stripeEvent(
            "charge.dispute.closed",
            dispute({
              amount: 1_000,
              paymentIntentId: pi.id,
              chargeId: ch,
              status: "warning_closed",
              balanceTransactions: 0,
            }),
          ),
        ),
      ).toBe("ignored");
      expect(
        await send(
          stripeEvent(
            "charge.dispute.closed",
            dispute({ amount: 1_000, paymentIntentId: pi.id, chargeId: ch, status: "won", balanceTransactions: 0 }),
          ),
        ),
      ).toBe("ignored");
      expect(await rowsOf(p.id)).toHaveLength(1);
    });
  });

  describe("out of order", () => {
    it("refunds and disputes before their payment park, then apply exactly once when it arrives", async () => {
      const { p, pi, ch, event } = await paid(10_000);
      const re = refund({ amount: 1_500, paymentIntentId: pi.id, chargeId: ch });
      const du = dispute({ amount: 4_000, paymentIntentId: pi.id, chargeId: ch });
      const early = [
        stripeEvent("refund.created", re),
        stripeEvent(
          "charge.refunded",
          charge({ id: ch, paymentIntentId: pi.id, amount: 10_000, amountRefunded: 1_500 }),
        ),
        stripeEvent("charge.dispute.funds_reinstated", du, { created: 1_781_000_000 }),
        stripeEvent("charge.dispute.funds_withdrawn", du, { created: 1_780_000_000 }),
      ];
      for (const e of early) expect(await send(e)).toBe("parked");
      expect(await rowsOf(p.id)).toEqual([]);
      for (const e of early) expect(await send(e)).toBe("parked"); // redelivered while still waiting
      expect(await send(event)).toBe("processed");
      for (const e of early) expect(await statusOf(e)).toBe("processed");
      for (const e of [...early, event]) expect(await send(e)).toBe("duplicate");
      const rows = await rowsOf(p.id);
      expect(rows.map((r) => [r.status, r.recoveredAmount]).sort()).toEqual(
        [
          ["cleared", 10_000n],
          ["reversed", -1_500n],
          ["reversed", -4_000n],
          ["reinstated", 4_000n],
        ].sort(),
      );
      const audit = await t.db
        .select()
        .from(auditEvents)
        .where(
          inArray(
            auditEvents.actorId,
            early.map((e) => e.id),
          ),
        );
      expect(
        audit.filter(
          (a) =>
            a.action === "payment.refund" || a.action === "payment.chargeback" || a.action === "payment.reinstated",
        ),
      ).toHaveLength(3);
    });

    it("charge.refunded waits for the refund events it summarises", async () => {
      const { pi, ch, event } = await paid(3_000);
      await send(event);
      const summary = stripeEvent(
        "charge.refunded",
        charge({ id: ch, paymentIntentId: pi.id, amount: 3_000, amountRefunded: 3_000 }),
      );
      expect(await send(summary)).toBe("parked");
      await send(stripeEvent("refund.created", refund({ amount: 1_000, paymentIntentId: pi.id, chargeId: ch })));
      expect(await statusOf(summary)).toBe("parked");
      await send(stripeEvent("refund.created", refund({ amount: 2_000, paymentIntentId: pi.id, chargeId: ch })));
      expect(await statusOf(summary)).toBe("processed");
    });

    it("a refund larger than what is left fails with a work item, and the payment stays booked", async () => {
      const { p, pi, ch, event } = await paid(1_000);
      await send(event);
      const big = stripeEvent(
        "refund.created",
        refund({ amount: 1_001, paymentIntentId: pi.id, chargeId: ch, id: newId("re") }),
      );
      expect(await send(big)).toBe("failed");
      expect(await rowsOf(p.id)).toHaveLength(1);
      const [item] = await t.db
        .select()
        .from(workItems)
        .where(eq(workItems.dedupeKey, `stripe-event:${big.id}`));
      expect(item).toMatchObject({ kind: "stripe_event_failed", title: expect.stringMatching(/exceeds/) });
    });
  });

  it("leaves the books sound", async () => {
    expect(await verifyLedger(t.db)).toEqual([]);
  });
});
