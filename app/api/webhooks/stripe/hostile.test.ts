import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { useTestDb } from "@/db/testing/test-db";
import { remittances, stripeEvents, workItems } from "@/db/schema";
import { resetEnvForTests } from "@/server/env";
import { verifyLedger } from "@/server/services/ledger/verify";
import { reprocessStoredEvent } from "@/server/services/stripe-events/inbox";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { paymentIntent, signedRequest, stripeEvent, TEST_WEBHOOK_SECRET } from "@/server/testing/stripe";

const ref = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => ref.db! }));

const { POST } = await import("./route");

/**
 * Issue 18, findings 4 and 5 on the Stripe webhook: NUL bytes, absurd `created` values and
 * future-dated signatures. Nothing answers 5xx (Stripe would retry for three days): what cannot be
 * an event from Stripe is a 400 and writes nothing; an authentic event that cannot be applied is
 * stored as failed, with a work item, and answered 200 so Stripe stops.
 */
describe("stripe webhook: hostile events", () => {
  const t = useTestDb();
  const stored = async () => Number((await t.db.select({ n: count() }).from(stripeEvents))[0]!.n);
  const post = async (body: string, opts: Parameters<typeof signedRequest>[1] = {}) => {
    const res = await POST(signedRequest(body, opts));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(() => {
    process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
    resetEnvForTests();
    ref.db = t.db;
  });

  it("refuses an event id or type with a NUL (or 500 KB long) as not from Stripe: 400, nothing stored", async () => {
    const before = await stored();
    for (const envelope of [{ id: "evt_\u0000x" }, { id: `evt_${"x".repeat(500_000 / 4)}` }]) {
      const event = { ...stripeEvent("customer.created", { id: "cus_1" }), ...envelope };
      const res = await post(JSON.stringify(event));
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/id or type has characters or a length Stripe never sends/);
    }
    const typed = { ...stripeEvent("customer.created", { id: "cus_2" }), type: "payment_intent.\u0000" };
    expect((await post(JSON.stringify(typed))).status).toBe(400);
    expect(await stored()).toBe(before);
  });

  it("stores a signed payment whose payload holds a NUL as failed with a work item, answers 200, and stays failed on redelivery and retry", async () => {
    const c = await makeCreditor(t.db);
    const p = await makePlacement(t.db, c.id, { amount: 10_000n });
    const event = stripeEvent(
      "payment_intent.succeeded",
      paymentIntent({ amount: 1_000, placementId: p.id, metadata: { note: "a\u0000b", ["k\ud800"]: "v" } }),
    );
    const body = JSON.stringify(event);
    const first = await post(body);
    expect(first).toMatchObject({ status: 200, body: { status: "failed" } });
    expect((await post(body)).body.status).toBe("duplicate");
    const [row] = await t.db.select().from(stripeEvents).where(eq(stripeEvents.eventId, event.id));
    expect(row).toMatchObject({ status: "failed", type: "payment_intent.succeeded" });
    expect(row!.error).toMatch(/payload cannot be stored: data\.object\.metadata\.note contains a NUL character/);
    // The payload is kept, the character written out where it was.
    expect(JSON.stringify(row!.payload)).toContain("a\\\\u0000b");
    const [item] = await t.db.select().from(workItems).where(eq(workItems.subjectId, event.id));
    expect(item).toMatchObject({ kind: "stripe_event_failed", status: "open" });
    // An operator's retry re-runs the stored payload: still unfit, nothing booked.
    expect((await reprocessStoredEvent(t.db, event.id)).status).not.toBe("processed");
    expect(await t.db.select().from(remittances).where(eq(remittances.placementId, p.id))).toEqual([]);
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("stores events whose created is 1e15, -1e13 or 1.5 as failed, visibly, instead of answering 500", async () => {
    for (const created of [1e15, -1e13, 1.5]) {
      const event = stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 500 }), { created });
      const res = await post(JSON.stringify(event));
      expect(res).toMatchObject({ status: 200, body: { status: "failed" } });
      const [row] = await t.db.select().from(stripeEvents).where(eq(stripeEvents.eventId, event.id));
      expect(row!.error).toMatch(/^created .* is not a time Stripe could have sent/);
      const [item] = await t.db.select().from(workItems).where(eq(workItems.subjectId, event.id));
      expect(item).toMatchObject({ kind: "stripe_event_failed" });
    }
  });

  it("refuses a signature dated beyond the clock skew, accepts one a few seconds ahead", async () => {
    const now = Math.floor(Date.now() / 1000);
    const ahead = stripeEvent("customer.created", { id: "cus_future" });
    const refused = await post(JSON.stringify(ahead), { timestamp: now + 3600 });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/in the future/);
    const skewed = stripeEvent("customer.created", { id: "cus_skew" });
    expect((await post(JSON.stringify(skewed), { timestamp: now + 10 })).status).toBe(200);
  });
});
