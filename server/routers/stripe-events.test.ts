import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db/rows";
import { useTestDb } from "@/db/testing/test-db";
import { auditEvents, remittances, stripeEvents } from "@/db/schema";
import type { SessionUser } from "@/server/auth/roles";
import { paymentIntent, refund, stripeEvent } from "@/server/testing/stripe";
import { systemActor } from "@/server/domain/actor";
import { receiveStripeEvent } from "@/server/services/stripe-events/inbox";
import { createUser } from "@/server/services/identity/users";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { createContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";

/** The back-office Stripe inbox through the tRPC router, on a real database. */
describe("stripeEvents router (back-office webhook inbox)", () => {
  const t = useTestDb();
  let operator: SessionUser;
  const finance: SessionUser = { id: randomUUID(), role: "finance", creditorId: null };
  const as = (user: SessionUser) => createCaller(createContext({ db: t.db, user }));
  const deliver = async (type: string, object: Record<string, unknown>) => {
    const e = stripeEvent(type, object);
    await receiveStripeEvent(t.db, e as unknown as Stripe.Event);
    return e.id;
  };
  const code = (p: Promise<unknown>) =>
    p.then(
      () => "OK",
      (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
    );

  beforeAll(async () => {
    const u = await createUser(
      t.db,
      { email: `ops-${randomUUID().slice(0, 8)}@agency.test`, name: "Olive Operator", role: "operator" },
      systemActor("test"),
    );
    operator = { id: u.id, role: "operator", creditorId: null };
  });

  it("lists the inbox newest first with keyset pages, filtered by status, type and id", async () => {
    const c = await makeCreditor(t.db);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const p = await makePlacement(t.db, c.id, { amount: 1_000n });
      ids.push(await deliver("payment_intent.succeeded", paymentIntent({ amount: 1_000, placementId: p.id })));
    }
    const ignored = await deliver("customer.created", { id: `cus_${randomUUID().slice(0, 8)}`, object: "customer" });
    const api = as(operator);
    const first = await api.stripeEvents.list({ limit: 2 });
    expect(first.items.map((e) => e.eventId)).toEqual([ignored, ids[4]]);
    expect(first.items[0]).toMatchObject({
      status: "ignored",
      type: "customer.created",
      attempts: 0,
      ageSeconds: expect.any(Number),
    });
    const second = await api.stripeEvents.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((e) => e.eventId)).toEqual([ids[3], ids[2]]);
    expect(first.items[0]).not.toHaveProperty("id");
    // A cursor in the inbox's earlier [received_at, event_id] form still reads: someone paging through a deploy keeps their place.
    const [at] = await queryRows<{ v: string }>(
      t.db,
      sql`select to_char(received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as v from stripe_events where event_id = ${ids[4]}`,
    );
    const earlierForm = Buffer.from(JSON.stringify([at!.v, ids[4]])).toString("base64url");
    expect((await api.stripeEvents.list({ limit: 2, cursor: earlierForm })).items.map((e) => e.eventId)).toEqual([
      ids[3],
      ids[2],
    ]);
    const byType = await api.stripeEvents.list({ type: "payment_intent.succeeded", status: "processed", limit: 200 });
    expect(byType.items.map((e) => e.eventId)).toEqual(expect.arrayContaining(ids));
    expect(byType.items.every((e) => e.type === "payment_intent.succeeded" && e.status === "processed")).toBe(true);
    expect((await api.stripeEvents.list({ search: ids[1] })).items.map((e) => e.eventId)).toEqual([ids[1]]);
    expect(await code(api.stripeEvents.list({ cursor: "not-a-cursor" }))).toBe("BAD_REQUEST");
  });

  it("shows an event's payload and its effects", async () => {
    const c = await makeCreditor(t.db);
    const p = await makePlacement(t.db, c.id, { amount: 2_000n });
    const id = await deliver("payment_intent.succeeded", paymentIntent({ amount: 2_000, placementId: p.id }));
    const d = await as(finance).stripeEvents.byId({ eventId: id });
    expect(d.event).toMatchObject({
      eventId: id,
      status: "processed",
      payload: expect.objectContaining({ id, type: "payment_intent.succeeded" }),
    });
    expect(d.isRetryable).toBe(false);
    expect(d.effects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: "payment.cleared",
          actorType: "stripe_webhook",
          actorId: id,
          creditorName: c.name,
        }),
      ]),
    );
    expect(await code(as(finance).stripeEvents.byId({ eventId: "evt_missing" }))).toBe("NOT_FOUND");
  });

  it("summarises what waits: parked and failed events with the oldest age", async () => {
    await deliver(
      "refund.created",
      refund({ amount: 10, paymentIntentId: `pi_${randomUUID().slice(0, 8)}`, chargeId: null }),
    );
    const s = await as(finance).stripeEvents.summary();
    expect(s.parked.count).toBeGreaterThanOrEqual(1);
    expect(s.parked.oldestAgeSeconds).toEqual(expect.any(Number));
    expect(s.handledTypes).toContain("payment_intent.succeeded");
  });

  it("retries a failed event once its cause is fixed: effects applied once, audited with the person", async () => {
    const c = await makeCreditor(t.db);
    const p = await makePlacement(t.db, c.id, { amount: 3_000n });
    const pi = paymentIntent({ amount: 3_000, placementId: p.id });
    const id = await deliver("payment_intent.succeeded", { ...pi, currency: "xyz" });
    const api = as(operator);
    expect((await api.stripeEvents.byId({ eventId: id })).event.status).toBe("failed");
    // Still broken: the retry fails again and says why.
    expect(await api.stripeEvents.retry({ eventId: id })).toMatchObject({
      previousStatus: "failed",
      status: "failed",
      detail: expect.stringMatching(/currency/),
    });
    await t.db
      .update(stripeEvents)
      .set({ payload: stripeEvent("payment_intent.succeeded", pi, { id }) })
      .where(eq(stripeEvents.eventId, id));
    const [a, b] = await Promise.all([
      api.stripeEvents.retry({ eventId: id }),
      api.stripeEvents.retry({ eventId: id }).catch((e: unknown) => e),
    ]);
    // Two clicks at once: either may win; the other found it being applied or already applied.
    const outcome = (x: unknown) => (x instanceof TRPCError ? x.code : (x as { status: string }).status);
    const [won, lost] = outcome(a) === "processed" ? [a, b] : [b, a];
    expect(won).toMatchObject({ previousStatus: "failed", status: "processed" });
    expect(outcome(lost)).toMatch(/PRECONDITION_FAILED|duplicate|in_progress/);
    expect(await t.db.select().from(remittances).where(eq(remittances.placementId, p.id))).toHaveLength(1);
    expect(await code(api.stripeEvents.retry({ eventId: id }))).toBe("PRECONDITION_FAILED");
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, id));
    expect(audits.filter((x) => x.action === "stripe.event_retried")).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actorType: "user",
          actorId: operator.id,
          details: expect.objectContaining({ previousStatus: "failed", outcome: "processed" }),
        }),
      ]),
    );
    const d = await api.stripeEvents.byId({ eventId: id });
    expect(d.effects.map((e) => e.action)).toEqual(
      expect.arrayContaining(["stripe.event_failed", "stripe.event_retried", "payment.cleared"]),
    );
    expect(d.effects.find((e) => e.action === "stripe.event_retried")?.actorName).toBe("Olive Operator");
    expect(d.workItems).toEqual([expect.objectContaining({ kind: "stripe_event_failed" })]);
  });

  it("a parked event retried before its payment stays parked; finance may look but not retry", async () => {
    const id = await deliver(
      "refund.created",
      refund({ amount: 10, paymentIntentId: `pi_${randomUUID().slice(0, 8)}`, chargeId: null }),
    );
    expect(await code(as(finance).stripeEvents.retry({ eventId: id }))).toBe("FORBIDDEN");
    expect(await as(operator).stripeEvents.retry({ eventId: id })).toMatchObject({
      previousStatus: "parked",
      status: "parked",
    });
    expect(await code(as(operator).stripeEvents.retry({ eventId: "evt_missing" }))).toBe("NOT_FOUND");
  });
});
