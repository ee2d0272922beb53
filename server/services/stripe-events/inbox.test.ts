import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { useTestDb } from "@/db/testing/test-db";
import { remittances, stripeEvents, workItems } from "@/db/schema";
import { createStripeClient } from "@/server/integrations/stripe/client";
import { stripeObjectSource } from "@/server/integrations/stripe/objects";
import { charge, dispute, paymentIntent, refund, stripeEvent } from "@/server/testing/stripe";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { verifyLedger } from "../ledger/verify";
import { recordClearedPayment } from "../payments/record-cleared";
import { receiveStripeEvent, reprocessStoredEvent } from "./inbox";
import { resolveStaleParked } from "./parked";

describe("stripe inbox service", () => {
  const t = useTestDb();
  const asEvent = (e: ReturnType<typeof stripeEvent>) => e as unknown as Stripe.Event;
  const rowsOf = (placementId: string) =>
    t.db.select().from(remittances).where(eq(remittances.placementId, placementId));
  const statusOf = async (id: string) =>
    (await t.db.select().from(stripeEvents).where(eq(stripeEvents.eventId, id)))[0]?.status;

  describe("stripe inbox", () => {
    it("effects written through a service inside an outer transaction roll back with it (savepoints)", async () => {
      const c = await makeCreditor(t.db);
      const p = await makePlacement(t.db, c.id);
      await expect(
        t.db.transaction(async (tx) => {
          await recordClearedPayment(
            tx,
            {
              source: "stripe",
              externalId: "pi_rolled_back",
              placementId: p.id,
              amount: 100n,
              currency: "USD",
              receivedAt: new Date(),
            },
            { type: "stripe_webhook", id: "evt_x" },
          );
          throw new Error("the inbox mark failed");
        }),
      ).rejects.toThrow(/inbox mark/);
      expect(await rowsOf(p.id)).toEqual([]);
    });

    it("concurrent deliveries of one event apply it once", async () => {
      const c = await makeCreditor(t.db);
      const p = await makePlacement(t.db, c.id, { amount: 1_000n });
      const event = asEvent(
        stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 1_000, placementId: p.id })),
      );
      const outcomes = await Promise.all(Array.from({ length: 6 }, () => receiveStripeEvent(t.db, event)));
      expect(outcomes.filter((o) => o.status === "processed")).toHaveLength(1);
      expect(await rowsOf(p.id)).toHaveLength(1);
    });

    it("a parked event that cannot be applied is marked failed without undoing the payment that released it", async () => {
      const c = await makeCreditor(t.db);
      const p = await makePlacement(t.db, c.id, { amount: 1_000n });
      const pi = paymentIntent({ amount: 1_000, placementId: p.id });
      const tooBig = asEvent(
        stripeEvent("refund.created", refund({ amount: 5_000, paymentIntentId: pi.id, chargeId: pi.latest_charge })),
      );
      const fine = asEvent(
        stripeEvent("refund.created", refund({ amount: 400, paymentIntentId: pi.id, chargeId: pi.latest_charge })),
      );
      expect((await receiveStripeEvent(t.db, tooBig)).status).toBe("parked");
      expect((await receiveStripeEvent(t.db, fine)).status).toBe("parked");
      expect((await receiveStripeEvent(t.db, asEvent(stripeEvent("payment_intent.succeeded", pi)))).status).toBe(
        "processed",
      );
      expect(await statusOf(tooBig.id)).toBe("failed");
      expect(await statusOf(fine.id)).toBe("processed");
      expect((await rowsOf(p.id)).map((r) => r.recoveredAmount).sort()).toEqual([-400n, 1_000n]);
      const [item] = await t.db
        .select()
        .from(workItems)
        .where(eq(workItems.dedupeKey, `stripe-event:${tooBig.id}`));
      expect(item?.kind).toBe("stripe_event_failed");
    });

    it("an operator can re-run a stored event once its cause is fixed", async () => {
      const c = await makeCreditor(t.db);
      const p = await makePlacement(t.db, c.id, { amount: 1_000n });
      const pi = paymentIntent({ amount: 1_000, placementId: p.id });
      const ev = asEvent(stripeEvent("payment_intent.succeeded", { ...pi, currency: "xyz" }));
      expect((await receiveStripeEvent(t.db, ev)).status).toBe("failed");
      // The operator corrects the stored payload (e.g. after Stripe support confirms the currency).
      await t.db
        .update(stripeEvents)
        .set({ payload: { ...ev, data: { object: pi } } as unknown as Record<string, unknown> })
        .where(eq(stripeEvents.eventId, ev.id));
      expect((await reprocessStoredEvent(t.db, ev.id)).status).toBe("processed");
      expect(await rowsOf(p.id)).toHaveLength(1);
    });
  });

  describe("parked too long: look the payment up at Stripe", () => {
    // TEST DOUBLE: a tiny local stand-in for the two Stripe API reads the resolver makes.
    const objects = new Map<string, unknown>();
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      const url = new URL(req.url ?? "/", "http://double");
      const send = (status: number, body: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      const pi = url.pathname.match(/^\/v1\/payment_intents\/([^/]+)$/);
      if (pi && objects.has(pi[1]!)) return send(200, objects.get(pi[1]!));
      if (pi)
        return send(404, {
          error: { type: "invalid_request_error", code: "resource_missing", message: "No such payment_intent" },
        });
      if (url.pathname === "/v1/refunds") {
        const list = [...objects.values()].filter(
          (o) =>
            (o as { object: string; charge?: string }).object === "refund" &&
            (o as { charge: string }).charge === url.searchParams.get("charge"),
        );
        return send(200, { object: "list", data: list, has_more: false, url: "/v1/refunds" });
      }
      send(404, { error: { type: "invalid_request_error", message: "not in the double" } });
    });
    let source: ReturnType<typeof stripeObjectSource>;
    beforeAll(async () => {
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const { port } = server.address() as AddressInfo;
      source = stripeObjectSource(
        createStripeClient({
          secretKey: "sk_test_double",
          apiBase: `http://127.0.0.1:${port}`,
          maxNetworkRetries: 0,
          timeoutMs: 5_000,
        }),
      );
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it("books the fetched payment and re-drives what waited for it; the real webhook later is a no-op", async () => {
      const c = await makeCreditor(t.db);
      const p = await makePlacement(t.db, c.id, { amount: 9_000n });
      const pi = paymentIntent({ amount: 9_000, placementId: p.id });
      objects.set(pi.id, pi);
      const du = asEvent(
        stripeEvent(
          "charge.dispute.funds_withdrawn",
          dispute({ amount: 9_000, paymentIntentId: pi.id, chargeId: pi.latest_charge }),
        ),
      );
      const orphan = asEvent(
        stripeEvent(
          "refund.created",
          refund({ amount: 10, paymentIntentId: "pi_never_existed", chargeId: "ch_never" }),
        ),
      );
      await receiveStripeEvent(t.db, du);
      await receiveStripeEvent(t.db, orphan);
      expect(await resolveStaleParked(t.db, null)).toMatchObject({
        looked: 0,
        skipped: expect.stringMatching(/STRIPE_SECRET_KEY/),
      });
      const result = await resolveStaleParked(t.db, source, { olderThanMs: 0, now: new Date(Date.now() + 1000) });
      expect(result).toMatchObject({ resolved: 1 });
      expect(requests).toEqual(
        expect.arrayContaining([`GET /v1/payment_intents/${pi.id}`, "GET /v1/payment_intents/pi_never_existed"]),
      );
      expect(await statusOf(du.id)).toBe("processed");
      expect(await statusOf(`fetched:${pi.id}`)).toBe("processed");
      const [still] = await t.db.select().from(stripeEvents).where(eq(stripeEvents.eventId, orphan.id));
      expect(still).toMatchObject({ status: "parked", error: expect.stringMatching(/unknown to Stripe/) });
      expect((await receiveStripeEvent(t.db, asEvent(stripeEvent("payment_intent.succeeded", pi)))).status).toBe(
        "processed",
      );
      expect((await rowsOf(p.id)).map((r) => r.recoveredAmount).sort()).toEqual([-9_000n, 9_000n]);
    });

    it("re-runs a parked event whose payment was recorded without re-driving it, with no Stripe key needed", async () => {
      const c = await makeCreditor(t.db);
      const p = await makePlacement(t.db, c.id, { amount: 5_000n });
      const pi = paymentIntent({ amount: 5_000, placementId: p.id });
      const early = asEvent(
        stripeEvent("refund.created", refund({ amount: 1_200, paymentIntentId: pi.id, chargeId: pi.latest_charge })),
      );
      expect((await receiveStripeEvent(t.db, early)).status).toBe("parked");
      // The payment is booked but the re-drive that should follow never ran (a crash after commit).
      await recordClearedPayment(
        t.db,
        {
          source: "stripe",
          externalId: pi.id,
          chargeId: pi.latest_charge,
          placementId: p.id,
          amount: 5_000n,
          currency: "USD",
          receivedAt: new Date(),
        },
        { type: "stripe_webhook", id: "evt_lost" },
      );
      const result = await resolveStaleParked(t.db, null, { olderThanMs: 0, now: new Date(Date.now() + 1000) });
      expect(result).toMatchObject({ resolved: 1, skipped: expect.stringMatching(/STRIPE_SECRET_KEY/) });
      expect(await statusOf(early.id)).toBe("processed");
      expect((await rowsOf(p.id)).map((r) => r.recoveredAmount).sort()).toEqual([-1_200n, 5_000n]);
      expect(await verifyLedger(t.db)).toEqual([]);
    });

    it("lists a charge's refunds when only charge.refunded arrived", async () => {
      const c = await makeCreditor(t.db);
      const p = await makePlacement(t.db, c.id, { amount: 2_000n });
      const pi = paymentIntent({ amount: 2_000, placementId: p.id });
      await receiveStripeEvent(t.db, asEvent(stripeEvent("payment_intent.succeeded", pi)));
      const re = refund({ amount: 700, paymentIntentId: pi.id, chargeId: pi.latest_charge });
      objects.set(re.id, re);
      const summary = asEvent(
        stripeEvent(
          "charge.refunded",
          charge({ id: pi.latest_charge!, paymentIntentId: pi.id, amount: 2_000, amountRefunded: 700 }),
        ),
      );
      expect((await receiveStripeEvent(t.db, summary)).status).toBe("parked");
      objects.set(pi.id, pi);
      await resolveStaleParked(t.db, source, { olderThanMs: 0, now: new Date(Date.now() + 1000) });
      expect(await statusOf(summary.id)).toBe("processed");
      expect((await rowsOf(p.id)).map((r) => r.recoveredAmount).sort()).toEqual([-700n, 2_000n]);
      expect(await verifyLedger(t.db)).toEqual([]);
    });
  });
});
