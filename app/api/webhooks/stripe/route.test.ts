import { beforeAll, describe, expect, it, vi } from "vitest";
import { count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { useTestDb } from "@/db/testing/test-db";
import { auditEvents, journalEntries, outbox, remittances, stripeEvents, workItems } from "@/db/schema";
import { resetEnvForTests } from "@/server/env";
import { verifyLedger } from "@/server/services/ledger/verify";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import {
  paymentIntent,
  signedRequest,
  stripeEvent,
  TEST_WEBHOOK_SECRET,
  TEST_WEBHOOK_SECRET_PREVIOUS,
} from "@/server/testing/stripe";
import { handleStripeWebhook, MAX_WEBHOOK_BYTES } from "@/server/integrations/stripe/webhook-http";
import { TransientDbError } from "@/server/lib/db-retry";

const ref = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => ref.db! }));

const { POST } = await import("./route");

describe("stripe webhook route", () => {
  const t = useTestDb();
  const rows = async (table: typeof stripeEvents | typeof journalEntries | typeof remittances) =>
    Number((await t.db.select({ n: count() }).from(table))[0]!.n);

  beforeAll(() => {
    process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
    process.env.STRIPE_WEBHOOK_SECRET_PREVIOUS = TEST_WEBHOOK_SECRET_PREVIOUS;
    resetEnvForTests();
    ref.db = t.db;
  });

  async function post(body: string, opts: Parameters<typeof signedRequest>[1] = {}) {
    const res = await POST(signedRequest(body, opts));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  describe("POST /api/webhooks/stripe", () => {
    it("books a cleared payment once, however often Stripe delivers it", async () => {
      const c = await makeCreditor(t.db, { rateBps: 2000 });
      const p = await makePlacement(t.db, c.id, { amount: 10_000n });
      const event = stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 4_000, placementId: p.id }));
      const body = JSON.stringify(event);
      const first = await post(body);
      const again = await post(body);
      expect(first).toEqual({ status: 200, body: expect.objectContaining({ received: true, status: "processed" }) });
      expect(again.body.status).toBe("duplicate");
      const rems = await t.db.select().from(remittances).where(eq(remittances.placementId, p.id));
      expect(rems).toMatchObject([
        { recoveredAmount: 4_000n, feeAmount: 800n, netRemitAmount: 3_200n, status: "cleared" },
      ]);
      const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "payment.cleared"));
      expect(audit.filter((a) => a.targetId === p.id)).toMatchObject([
        { actorType: "stripe_webhook", actorId: event.id },
      ]);
      const [row] = await t.db.select().from(stripeEvents).where(eq(stripeEvents.eventId, event.id));
      expect(row).toMatchObject({
        status: "processed",
        type: "payment_intent.succeeded",
        objectId: event.data.object.id,
      });
      expect(
        (await t.db.select().from(outbox).where(eq(outbox.topic, "qbo.writeback"))).filter(
          (o) => o.payload.placementId === p.id,
        ),
      ).toHaveLength(1);
    });

    it("accepts the previous secret during a rotation, and nothing else", async () => {
      const body = JSON.stringify(stripeEvent("customer.created", { id: "cus_rot", object: "customer" }));
      expect((await post(body, { secret: TEST_WEBHOOK_SECRET_PREVIOUS })).status).toBe(200);
      const bad = await post(JSON.stringify(stripeEvent("customer.created", { id: "cus_x" })), {
        secret: "whsec_someone_else",
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatch(/signature does not match/);
    });

    it("acknowledges and records event types it does not handle, without processing them", async () => {
      const event = stripeEvent("customer.created", { id: "cus_1", object: "customer" });
      expect((await post(JSON.stringify(event))).body.status).toBe("ignored");
      const [row] = await t.db.select().from(stripeEvents).where(eq(stripeEvents.eventId, event.id));
      expect(row?.status).toBe("ignored");
    });

    describe("bad input: a clear 4xx and nothing written", () => {
      const cases: Array<[string, () => Promise<{ status: number; body: Record<string, unknown> }>, number, RegExp]> = [
        [
          "wrong signature",
          () => post(JSON.stringify(stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 100 })))),
          400,
          /./,
        ],
        ["missing signature", () => post("{}", { signature: null }), 400, /missing Stripe-Signature/],
        ["malformed signature header", () => post("{}", { signature: "garbage" }), 400, /malformed Stripe-Signature/],
        [
          "stale timestamp",
          () =>
            post(JSON.stringify(stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 100 }))), {
              timestamp: Math.floor(Date.now() / 1000) - 301,
            }),
          400,
          /tolerance/,
        ],
        [
          "truncated JSON",
          () =>
            post(JSON.stringify(stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 100 }))).slice(0, 80)),
          400,
          /not valid JSON/,
        ],
        ["JSON that is not an event", () => post(JSON.stringify({ hello: "world" })), 400, /not a Stripe event/],
        [
          "wrong content type",
          () =>
            post(JSON.stringify(stripeEvent("customer.created", { id: "cus_ct" })), {
              contentType: "application/x-www-form-urlencoded",
            }),
          415,
          /application\/json/,
        ],
        [
          "oversized body",
          () =>
            post(
              JSON.stringify(stripeEvent("customer.created", { id: "cus_big", pad: "x".repeat(MAX_WEBHOOK_BYTES) })),
            ),
          413,
          /bytes/,
        ],
      ];
      it.each(cases)("%s", async (name, send, status, message) => {
        const before = [await rows(stripeEvents), await rows(journalEntries)];
        if (name === "wrong signature") {
          const req = signedRequest(
            JSON.stringify(stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 100 }))),
          );
          const tampered = new Request(req.url, {
            method: "POST",
            headers: req.headers,
            body: (await req.text()).replace('"amount":100', '"amount":900'),
          });
          const res = await POST(tampered);
          expect(res.status).toBe(400);
        } else {
          const res = await send();
          expect(res.status).toBe(status);
          expect(String(res.body.error)).toMatch(message);
        }
        expect([await rows(stripeEvents), await rows(journalEntries)]).toEqual(before);
      });

      it("refuses a body over the limit even when Content-Length is absent or lies", async () => {
        const big = "x".repeat(MAX_WEBHOOK_BYTES + 10);
        const stream = new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new TextEncoder().encode(big));
            c.close();
          },
        });
        const req = new Request("http://localhost/api/webhooks/stripe", {
          method: "POST",
          headers: { "content-type": "application/json", "content-length": "10", "stripe-signature": "t=1,v1=x" },
          body: stream,
          duplex: "half",
        } as RequestInit);
        expect((await POST(req)).status).toBe(413);
      });
    });

    describe("bad money: stored, answered 2xx, an operator work item, and no ledger row", () => {
      it("a payment that names no placement is an unmatched payment", async () => {
        const before = await rows(journalEntries);
        const event = stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 2_500 }));
        expect((await post(JSON.stringify(event))).body.status).toBe("processed");
        const items = await t.db.select().from(workItems).where(eq(workItems.kind, "unmatched_payment"));
        expect(items.some((i) => i.evidence.externalId === event.data.object.id)).toBe(true);
        expect(await rows(journalEntries)).toBe(before);
      });

      it.each([0, -500])("a payment of %i is refused with a work item", async (amount) => {
        const c = await makeCreditor(t.db);
        const p = await makePlacement(t.db, c.id);
        const before = await rows(journalEntries);
        const event = stripeEvent("payment_intent.succeeded", paymentIntent({ amount, placementId: p.id }));
        const res = await post(JSON.stringify(event));
        expect(res).toMatchObject({ status: 200, body: { status: "failed" } });
        const [row] = await t.db.select().from(stripeEvents).where(eq(stripeEvents.eventId, event.id));
        expect(row).toMatchObject({ status: "failed", error: expect.stringMatching(/non-positive/) });
        const [item] = await t.db
          .select()
          .from(workItems)
          .where(eq(workItems.dedupeKey, `stripe-event:${event.id}`));
        expect(item?.kind).toBe("stripe_event_failed");
        expect(await rows(journalEntries)).toBe(before);
      });

      it("a payment in a currency we do not book is refused with a work item", async () => {
        const event = stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 100, currency: "xxx" }));
        expect((await post(JSON.stringify(event))).body.status).toBe("failed");
      });
    });

    it("a database that keeps refusing answers 503, so Stripe delivers again later", async () => {
      const req = signedRequest(
        JSON.stringify(stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 100 }))),
      );
      const busy = async () => {
        throw new TransientDbError("deadlock detected, six times");
      };
      const res = await handleStripeWebhook(req, { secrets: [TEST_WEBHOOK_SECRET], receive: busy });
      expect(res.status).toBe(503);
    });

    it("leaves the books sound", async () => {
      expect(await verifyLedger(t.db)).toEqual([]);
    });
  });
});
