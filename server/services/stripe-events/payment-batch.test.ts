import { describe, expect, it } from "vitest";
import { Client } from "pg";
import type Stripe from "stripe";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { useTestDb } from "@/db/testing/test-db";
import { paymentAttempts, placements, remittances, stripeEvents } from "@/db/schema";
import { checkoutSession, paymentIntent, refund, stripeEvent } from "@/server/testing/stripe";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { sqlState } from "@/server/lib/db-retry";
import { verifyLedger } from "../ledger/verify";
import type { ClearedPayment } from "@/server/domain/payment-plan";
import { recordClearedPayment } from "../payments/record-cleared";
import { receiveStripeEvent } from "./inbox";
import { batchJob, batcherOf, recordStripePaymentBatched, recordStripePaymentBatch } from "./payment-batch";

const asEvent = (e: ReturnType<typeof stripeEvent>) => JSON.parse(JSON.stringify(e)) as Stripe.Event;
const actorOf = (e: Stripe.Event) => ({ type: "stripe_webhook" as const, id: e.id });

/** The cleared payment a payment_intent.succeeded event carries, as the handler builds it. */
function inputOf(e: Stripe.Event): ClearedPayment {
  const pi = e.data.object as Stripe.PaymentIntent;
  return {
    source: "stripe",
    externalId: pi.id,
    chargeId: pi.latest_charge as string,
    placementId: pi.metadata.placement_id ?? null,
    installmentId: null,
    amount: BigInt(pi.amount_received),
    currency: pi.currency.toUpperCase(),
    receivedAt: new Date(e.created * 1000),
    metadata: { stripeEventId: e.id },
  };
}

/**
 * `db` whose hand-built statements (queryStatement) call `between` once, after the first one
 * has run: what another request does between the fast path's read and its write.
 */
function withPause(db: Db, between: () => Promise<void>): Db {
  let calls = 0;
  const session = Object.create(db._.session) as typeof db._.session;
  session.prepareQuery = ((...args: Parameters<typeof session.prepareQuery>) => {
    const prepared = db._.session.prepareQuery(...args);
    const execute = prepared.execute.bind(prepared);
    prepared.execute = (async (...a: unknown[]) => {
      const result = await (execute as (...x: unknown[]) => Promise<unknown>)(...a);
      if (++calls === 1) await between();
      return result;
    }) as typeof prepared.execute;
    return prepared;
  }) as typeof session.prepareQuery;
  const handle = Object.create(db) as Db;
  Object.defineProperty(handle, "_", { value: { ...db._, session } });
  return handle;
}

describe("a new Stripe payment in one statement (payment-batch)", () => {
  const t = useTestDb();

  it("stores the event as processed with every row of the payment, and knows the event afterwards", async () => {
    const c = await makeCreditor(t.db, { rateBps: 2500 });
    const p = await makePlacement(t.db, c.id, { amount: 10_000n });
    const e = asEvent(stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 4_000, placementId: p.id })));
    const lock = {
      key: (e.data.object as Stripe.PaymentIntent).id,
      releases: [(e.data.object as Stripe.PaymentIntent).id],
    };
    const done = await recordStripePaymentBatched(t.db, e, inputOf(e), actorOf(e), lock);
    expect(done).toMatchObject({
      kind: "applied",
      hasWaiters: false,
      result: { outcome: "applied", placementStatus: "open" },
    });
    const [inbox] = await t.db.select().from(stripeEvents).where(eq(stripeEvents.eventId, e.id));
    expect(inbox).toMatchObject({ status: "processed", attempts: 1, type: "payment_intent.succeeded" });
    expect(inbox!.processedAt).toBeInstanceOf(Date);
    const [rem] = await t.db.select().from(remittances).where(eq(remittances.placementId, p.id));
    expect(rem).toMatchObject({
      recoveredAmount: 4_000n,
      feeAmount: 1_000n,
      netRemitAmount: 3_000n,
      rateBpsSnapshot: 2500,
    });
    const [pl] = await t.db.select().from(placements).where(eq(placements.id, p.id));
    expect(pl).toMatchObject({ recoveredAmount: 4_000n, feeAmount: 1_000n, status: "open" });
    expect(await verifyLedger(t.db)).toEqual([]);
    // The same event again: known, nothing written.
    expect(await recordStripePaymentBatched(t.db, e, inputOf(e), actorOf(e), lock)).toEqual({
      kind: "duplicate_event",
    });
    expect(await t.db.select().from(remittances).where(eq(remittances.placementId, p.id))).toHaveLength(1);
  });

  it("leaves to the transaction path what it does not handle: a payment already recorded, an unknown placement", async () => {
    const c = await makeCreditor(t.db);
    const p = await makePlacement(t.db, c.id, { amount: 10_000n });
    const pi = paymentIntent({ amount: 2_000, placementId: p.id });
    const session = asEvent(
      stripeEvent(
        "checkout.session.completed",
        checkoutSession({ paymentIntentId: pi.id, amount: 2_000, placementId: p.id }),
      ),
    );
    expect((await receiveStripeEvent(t.db, session)).status).toBe("processed");
    const e = asEvent(stripeEvent("payment_intent.succeeded", pi));
    expect(
      await recordStripePaymentBatched(t.db, e, inputOf(e), actorOf(e), { key: pi.id, releases: [pi.id] }),
    ).toBeNull();
    // Through the inbox it is processed by the transaction path, which fills in the charge id.
    expect((await receiveStripeEvent(t.db, e)).status).toBe("processed");
    const [attempt] = await t.db.select().from(paymentAttempts).where(eq(paymentAttempts.externalId, pi.id));
    expect(attempt!.chargeId).toBe(pi.latest_charge);
    const orphan = asEvent(
      stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 500, placementId: crypto.randomUUID() })),
    );
    expect(
      await recordStripePaymentBatched(t.db, orphan, inputOf(orphan), actorOf(orphan), { key: null, releases: [] }),
    ).toBeNull();
    expect(await t.db.select().from(stripeEvents).where(eq(stripeEvents.eventId, orphan.id))).toHaveLength(0);
  });

  it("writes nothing over a placement that changed since it was read (answers null), and the inbox then books the event once", async () => {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    const p = await makePlacement(t.db, c.id, { amount: 10_000n });
    const meanwhile = () =>
      recordClearedPayment(
        t.db,
        {
          source: "manual",
          externalId: `bank_${crypto.randomUUID()}`,
          placementId: p.id,
          amount: 3_000n,
          currency: "USD",
          receivedAt: new Date(),
        },
        { type: "user", id: "ops" },
      ).then(() => undefined);
    const e = asEvent(stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 4_000, placementId: p.id })));
    expect(
      await recordStripePaymentBatched(withPause(t.db, meanwhile), e, inputOf(e), actorOf(e), {
        key: null,
        releases: [],
      }),
    ).toBeNull();
    expect(await t.db.select().from(stripeEvents).where(eq(stripeEvents.eventId, e.id))).toHaveLength(0);
    expect(
      await t.db
        .select()
        .from(paymentAttempts)
        .where(eq(paymentAttempts.externalId, (e.data.object as Stripe.PaymentIntent).id)),
    ).toHaveLength(0);
    expect(await t.db.select().from(remittances).where(eq(remittances.placementId, p.id))).toHaveLength(1);

    const again = asEvent(stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 4_000, placementId: p.id })));
    expect((await receiveStripeEvent(withPause(t.db, meanwhile), again)).status).toBe("processed");
    const rows = await t.db.select().from(remittances).where(eq(remittances.placementId, p.id));
    expect(rows.map((r) => r.recoveredAmount).sort()).toEqual([3_000n, 3_000n, 4_000n]);
    const [pl] = await t.db.select().from(placements).where(eq(placements.id, p.id));
    expect(pl).toMatchObject({ recoveredAmount: 10_000n, feeAmount: 2_000n, status: "paid" });
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("aborts as a serialization failure (40001, nothing written) when another delivery stored the event between the read and the write", async () => {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    const p = await makePlacement(t.db, c.id, { amount: 10_000n });
    const e = asEvent(stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 4_000, placementId: p.id })));
    const meanwhile = () =>
      t.db
        .insert(stripeEvents)
        .values({
          eventId: e.id,
          type: e.type,
          livemode: false,
          created: new Date(),
          payload: {},
          status: "failed",
          error: "test",
        })
        .then(() => undefined);
    const err = await recordStripePaymentBatched(withPause(t.db, meanwhile), e, inputOf(e), actorOf(e), {
      key: null,
      releases: [],
    }).then(
      () => null,
      (x: unknown) => x,
    );
    expect(sqlState(err)).toBe("40001");
    const [pl] = await t.db.select().from(placements).where(eq(placements.id, p.id));
    expect(pl).toMatchObject({ recoveredAmount: 0n, feeAmount: 0n });
    expect(await t.db.select().from(paymentAttempts).where(eq(paymentAttempts.placementId, p.id))).toHaveLength(0);
    const [inbox] = await t.db.select().from(stripeEvents).where(eq(stripeEvents.eventId, e.id));
    expect(inbox!.status).toBe("failed");
  });

  it("writes payments that arrive together in shared batches: each exactly once, the same rows as alone", async () => {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    const ps = await Promise.all(Array.from({ length: 12 }, () => makePlacement(t.db, c.id, { amount: 10_000n })));
    const events = ps.flatMap((p, i) => {
      const first = asEvent(
        stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 1_000 + i, placementId: p.id })),
      );
      // Every third placement gets a second payment at the same moment (never in the same batch as the first).
      return i % 3 === 0
        ? [first, asEvent(stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 500, placementId: p.id })))]
        : [first];
    });
    const orphan = asEvent(
      stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 700, placementId: crypto.randomUUID() })),
    );
    const before = { ...batcherOf(t.db).stats };
    // Each event delivered twice at once, plus an unmatched payment: all through the inbox concurrently.
    const outcomes = await Promise.all([...events, ...events, orphan].map((e) => receiveStripeEvent(t.db, e)));
    const byEvent = new Map<string, string[]>();
    for (const o of outcomes) byEvent.set(o.eventId, [...(byEvent.get(o.eventId) ?? []), o.status]);
    for (const e of events) expect(byEvent.get(e.id)!.sort()).toEqual(["duplicate", "processed"]);
    expect(byEvent.get(orphan.id)).toEqual(["processed"]);
    const stats = batcherOf(t.db).stats;
    expect(stats.largest).toBeGreaterThan(1);
    expect(stats.batches - before.batches).toBeLessThan(stats.jobs - before.jobs);

    const rems = await t.db.select().from(remittances).where(eq(remittances.creditorId, c.id));
    expect(rems).toHaveLength(events.length);
    for (const [i, p] of ps.entries()) {
      const [pl] = await t.db.select().from(placements).where(eq(placements.id, p.id));
      const recovered = BigInt(1_000 + i) + (i % 3 === 0 ? 500n : 0n);
      expect(pl!.recoveredAmount).toBe(recovered);
      expect(pl!.feeAmount).toBe(rems.filter((r) => r.placementId === p.id).reduce((n, r) => n + r.feeAmount, 0n));
    }
    const ids = new Set([...events, orphan].map((e) => e.id));
    const inbox = (await t.db.select().from(stripeEvents)).filter((r) => ids.has(r.eventId));
    expect(inbox.filter((r) => r.status === "processed")).toHaveLength(events.length + 1);
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("answers null for every payment of a batch that fails, writing nothing, so each takes the transaction path alone", async () => {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    const ps = await Promise.all(Array.from({ length: 3 }, () => makePlacement(t.db, c.id, { amount: 10_000n })));
    const es = ps.map((p) =>
      asEvent(stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 2_000, placementId: p.id }))),
    );
    const jobs = es.map((e) =>
      batchJob(e, inputOf(e), actorOf(e), { key: (e.data.object as Stripe.PaymentIntent).id, releases: [] })!,
    );
    // The write of the batch fails (here: the statement is refused before it runs).
    const failing = withPause(t.db, async () => {
      throw Object.assign(new Error("refused"), { code: "22000" });
    });
    expect(await recordStripePaymentBatch(failing, jobs)).toEqual([null, null, null]);
    const ids = new Set(es.map((e) => e.id));
    expect((await t.db.select().from(stripeEvents)).filter((r) => ids.has(r.eventId))).toHaveLength(0);
    expect(await t.db.select().from(paymentAttempts).where(eq(paymentAttempts.creditorId, c.id))).toHaveLength(0);
    // Alone, the same failure is the payment's own.
    await expect(
      recordStripePaymentBatch(
        withPause(t.db, async () => {
          throw new Error("refused");
        }),
        jobs.slice(0, 1),
      ),
    ).rejects.toThrow("refused");
    // The batch as it should be: all three applied in one go.
    const done = await recordStripePaymentBatch(t.db, jobs);
    expect(done.map((d) => d?.kind)).toEqual(["applied", "applied", "applied"]);
    expect(await t.db.select().from(remittances).where(eq(remittances.creditorId, c.id))).toHaveLength(3);
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("re-drives a refund that parked before its payment, after the payment commits", async () => {
    const c = await makeCreditor(t.db);
    const p = await makePlacement(t.db, c.id, { amount: 10_000n });
    const pi = paymentIntent({ amount: 6_000, placementId: p.id });
    const early = asEvent(
      stripeEvent("refund.created", refund({ amount: 1_500, paymentIntentId: pi.id, chargeId: pi.latest_charge })),
    );
    expect((await receiveStripeEvent(t.db, early)).status).toBe("parked");
    expect((await receiveStripeEvent(t.db, asEvent(stripeEvent("payment_intent.succeeded", pi)))).status).toBe(
      "processed",
    );
    const [refundRow] = await t.db.select().from(stripeEvents).where(eq(stripeEvents.eventId, early.id));
    expect(refundRow!.status).toBe("processed");
    const rows = await t.db.select().from(remittances).where(eq(remittances.placementId, p.id));
    expect(rows.map((r) => r.recoveredAmount).sort()).toEqual([-1_500n, 6_000n]);
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  // Two connections: PostgreSQL only.
  it.runIf(process.env.DATABASE_URL)(
    "sees, once it holds the payment's lock, a refund that parked while it waited",
    async () => {
      const holder = new Client({ connectionString: t.handle.url });
      const waiter = new Client({ connectionString: t.handle.url });
      await Promise.all([holder.connect(), waiter.connect()]);
      try {
        await holder.query("begin");
        await holder.query("select clearbook_lock_payment($1, $2::text[])", ["pi_lock_test", []]);
        await holder.query(
          `insert into stripe_events (event_id, type, livemode, created, payload, status, wait_keys) values ('evt_parked_lock_test', 'refund.created', false, now(), '{}', 'parked', array['pi_lock_test'])`,
        );
        // The waiter's statement starts (and takes its snapshot) before the refund commits.
        const asked = waiter.query<{ waiters: boolean }>("select clearbook_lock_payment($1, $2::text[]) as waiters", [
          "pi_lock_test",
          ["pi_lock_test", "ch_lock_test"],
        ]);
        await new Promise((r) => setTimeout(r, 200));
        await holder.query("commit");
        expect((await asked).rows[0]!.waiters).toBe(true);
        const none = await waiter.query<{ waiters: boolean }>(
          "select clearbook_lock_payment($1, $2::text[]) as waiters",
          ["pi_other", ["pi_other"]],
        );
        expect(none.rows[0]!.waiters).toBe(false);
      } finally {
        await Promise.all([holder.end(), waiter.end()]);
      }
    },
  );
});
