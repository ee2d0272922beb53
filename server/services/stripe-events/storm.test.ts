import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Pool } from "pg";
import { count, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { useTestDb } from "@/db/testing/test-db";
import {
  auditEvents,
  creditors,
  journalEntries,
  outbox,
  paymentAttempts,
  remittances,
  stripeEvents,
} from "@/db/schema";
import { resetEnvForTests } from "@/server/env";
import { disburseNow } from "@/server/testing/disburse";
import { verifyLedger } from "@/server/services/ledger/verify";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { createPaymentPlan } from "@/server/services/placements/placements";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import {
  charge,
  checkoutSession,
  dispute,
  paymentIntent,
  refund,
  signedRequest,
  stripeEvent,
  TEST_WEBHOOK_SECRET,
  transfer,
} from "@/server/testing/stripe";

const ref = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => ref.db! }));
const { POST } = await import("@/app/api/webhooks/stripe/route");

type Ev = ReturnType<typeof stripeEvent>;
const CONCURRENCY = 16;
const COPIES = 3;

/**
 * The storm: ≥ 2,000 distinct events, each delivered three times, shuffled, 16 at a time through
 * the real route handler against PostgreSQL. PostgreSQL only: PGlite has a single connection.
 */
describe.runIf(process.env.DATABASE_URL)("webhook storm", () => {
  const t = useTestDb({ poolSize: 16 });
  const events: Ev[] = [];
  const expected = { cleared: 0, reversed: 0, reinstated: 0, transferReversals: 0, unmatched: 0, payments: 0 };

  beforeAll(async () => {
    process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
    resetEnvForTests();
    ref.db = t.db;
    const creds: Array<Awaited<ReturnType<typeof makeCreditor>>> = [];
    for (let i = 0; i < 20; i++) {
      const c = await makeCreditor(t.db, { rateBps: 1500 + i * 50 });
      await t.db
        .update(creditors)
        .set({ stripeAccountId: `acct_storm_${i}` })
        .where(eq(creditors.id, c.id));
      creds.push(c);
    }
    const place = async (i: number, amount: number) =>
      makePlacement(t.db, creds[i % creds.length]!.id, { amount: BigInt(amount) });
    const pay = (placementId: string | undefined, amount: number, extra: { installmentId?: string } = {}) => {
      const pi = paymentIntent({ amount, placementId, ...extra });
      events.push(stripeEvent("payment_intent.succeeded", pi));
      expected.payments += 1;
      if (placementId) expected.cleared += 1;
      else expected.unmatched += 1;
      return pi;
    };
    let n = 0;
    for (let i = 0; i < 150; i++) pay((await place(n++, 10_000)).id, 10_000); // paid in full
    for (let i = 0; i < 100; i++) {
      const p = await place(n++, 9_000);
      for (const a of [2_000, 3_000, 3_999]) pay(p.id, a);
    } // partials
    for (let i = 0; i < 100; i++) {
      // plan installments
      const p = await place(n++, 6_000);
      const plan = await createPaymentPlan(
        t.db,
        p.creditorId,
        p.id,
        [1, 2, 3].map((m) => ({ dueDate: `2026-0${m}-01`, amount: 2_000n })),
        { type: "user", id: "ops" },
      );
      for (const inst of plan.installments) pay(p.id, 2_000, { installmentId: inst.id });
    }
    for (let i = 0; i < 150; i++) {
      // partial refund, told three ways
      const pi = pay((await place(n++, 10_000)).id, 10_000);
      const re = refund({ amount: 2_501, paymentIntentId: pi.id, chargeId: pi.latest_charge });
      events.push(
        stripeEvent("refund.created", re),
        stripeEvent("refund.updated", re),
        stripeEvent(
          "charge.refunded",
          charge({ id: pi.latest_charge!, paymentIntentId: pi.id, amount: 10_000, amountRefunded: 2_501 }),
        ),
      );
      expected.reversed += 1;
    }
    for (let i = 0; i < 150; i++) {
      // disputes: half lost, half won
      const pi = pay((await place(n++, 7_000)).id, 7_000);
      const du = dispute({ amount: 7_000, paymentIntentId: pi.id, chargeId: pi.latest_charge });
      events.push(stripeEvent("charge.dispute.funds_withdrawn", du));
      expected.reversed += 1;
      if (i % 2) events.push(stripeEvent("charge.dispute.closed", { ...du, status: "lost" }));
      else {
        events.push(
          stripeEvent("charge.dispute.funds_reinstated", du),
          stripeEvent("charge.dispute.closed", { ...du, status: "won" }),
        );
        expected.reinstated += 1;
      }
    }
    for (let i = 0; i < 50; i++) pay((await place(n++, 4_000)).id, 5_000); // overpaid → credit
    for (let i = 0; i < 50; i++) pay(undefined, 1_234); // names no placement → unmatched
    for (let i = 0; i < 50; i++) {
      // a checkout session and its PaymentIntent: one payment
      const p = await place(n++, 3_000);
      const pi = pay(p.id, 3_000);
      events.push(
        stripeEvent(
          "checkout.session.completed",
          checkoutSession({ paymentIntentId: pi.id, amount: 3_000, placementId: p.id }),
        ),
      );
    }
    for (const c of creds) {
      // Connect transfers of disbursements made before the storm
      const p = await place(creds.indexOf(c), 5_000);
      await recordClearedPayment(
        t.db,
        {
          source: "stripe",
          externalId: `pi_pre_${p.id}`,
          placementId: p.id,
          amount: 5_000n,
          currency: "USD",
          receivedAt: new Date(),
        },
        { type: "system", id: "seed" },
      );
      const d = await disburseNow(t.db, { creditorId: c.id, currency: "USD" });
      if (d.outcome !== "created") throw new Error("seed disbursement missing");
      const tr = transfer({ amount: Number(d.amount), disbursementId: d.disbursementId });
      events.push(
        stripeEvent("transfer.created", tr),
        stripeEvent("transfer.updated", tr),
        stripeEvent("transfer.reversed", { ...tr, amount_reversed: 1_000 }),
      );
      expected.transferReversals += 1;
    }
  }, 120_000);

  // Runs before useTestDb's drop (hooks unwind in reverse): close our 16 connections and wait until
  // the server has let them go, so DROP DATABASE … WITH (FORCE) has no live backend to kill.
  afterAll(async () => {
    const pool = (t.db as unknown as { $client: Pool }).$client;
    const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
    await Promise.all(
      clients.map(
        (c) =>
          new Promise<void>((resolve) => {
            c.once("end", () => resolve());
            c.release(true);
          }),
      ),
    );
  });

  it("applies every event exactly once, answers no 5xx, and leaves the books sound", async () => {
    expect(events.length).toBeGreaterThanOrEqual(2_000);
    const before = Number((await t.db.select({ n: count() }).from(remittances))[0]!.n);
    const deliveries = shuffle(events.flatMap((e) => Array.from({ length: COPIES }, () => JSON.stringify(e))));
    const statuses = new Map<number, number>();
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < deliveries.length) {
          const body = deliveries[next++]!;
          const res = await POST(signedRequest(body));
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          await res.arrayBuffer();
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    console.info(
      `storm: ${deliveries.length} deliveries of ${events.length} events in ${seconds.toFixed(1)} s (${Math.round(deliveries.length / seconds)}/s)`,
    );
    expect(Object.fromEntries(statuses)).toEqual({ 200: deliveries.length });

    const inbox = await t.db
      .select({ status: stripeEvents.status, n: count() })
      .from(stripeEvents)
      .groupBy(stripeEvents.status);
    expect(Object.fromEntries(inbox.map((r) => [r.status, Number(r.n)]))).toEqual({ processed: events.length });
    const byStatus = await t.db
      .select({ status: remittances.status, n: count() })
      .from(remittances)
      .groupBy(remittances.status);
    const rem = Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)]));
    expect({ ...rem, cleared: rem.cleared! - before }).toEqual({
      cleared: expected.cleared,
      reversed: expected.reversed,
      reinstated: expected.reinstated,
    });
    const attempts = await t.db
      .select({ status: paymentAttempts.status, n: count() })
      .from(paymentAttempts)
      .where(sql`${paymentAttempts.externalId} not like 'pi_pre_%'`)
      .groupBy(paymentAttempts.status);
    expect(attempts.reduce((s, r) => s + Number(r.n), 0)).toBe(expected.payments);
    expect(Number(attempts.find((r) => r.status === "unmatched")?.n)).toBe(expected.unmatched);
    const cleared = await t.db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.action, "payment.cleared"));
    expect(Number(cleared[0]!.n)).toBe(expected.cleared + before);
    const writebacks = await t.db.select({ n: count() }).from(outbox).where(eq(outbox.topic, "qbo.writeback"));
    expect(Number(writebacks[0]!.n)).toBe(expected.cleared + before + expected.reinstated);
    const trr = await t.db
      .select({ n: count() })
      .from(journalEntries)
      .where(eq(journalEntries.kind, "disbursement_reversal"));
    expect(Number(trr[0]!.n)).toBe(expected.transferReversals);
    expect(await verifyLedger(t.db)).toEqual([]);
  }, 180_000);
});

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}
