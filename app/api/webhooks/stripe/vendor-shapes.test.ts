import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { useTestDb } from "@/db/testing/test-db";
import { paymentAttempts, remittances, stripeEvents, workItems } from "@/db/schema";
import { resetEnvForTests } from "@/server/env";
import { resolveStaleParked } from "@/server/services/stripe-events/parked";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { signedRequest, TEST_WEBHOOK_SECRET } from "@/server/testing/stripe";
import {
  hasStripeSamples,
  sampleEvent,
  sampleId,
  sampleObject,
  samplePaymentIntent,
  STRIPE_SAMPLES_MISSING,
} from "@/server/testing/stripe-samples";

const ref = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => ref.db! }));

const { POST } = await import("./route");
if (!hasStripeSamples) console.warn(`skipped: ${STRIPE_SAMPLES_MISSING}`);

/**
 * Issue 22, findings 5, 7 and 8: Stripe's own published fixtures (fixtures3.json), signed with the
 * real stripe package, posted to the webhook route.
 */
describe.skipIf(!hasStripeSamples)("stripe webhook with Stripe's published shapes", () => {
  const t = useTestDb();
  beforeAll(() => {
    process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
    delete process.env.STRIPE_ACCOUNT_ID;
    resetEnvForTests();
    ref.db = t.db;
  });
  afterEach(() => {
    delete process.env.STRIPE_ACCOUNT_ID;
    resetEnvForTests();
  });

  async function post(event: unknown) {
    const res = await POST(signedRequest(JSON.stringify(event)));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const inbox = async (eventId: string) =>
    (await t.db.select().from(stripeEvents).where(eq(stripeEvents.eventId, eventId)))[0];
  const booked = async (placementId: string) =>
    t.db.select().from(remittances).where(eq(remittances.placementId, placementId));
  const attemptOf = async (pi: string) =>
    (
      await t.db
        .select()
        .from(paymentAttempts)
        .where(and(eq(paymentAttempts.source, "stripe"), eq(paymentAttempts.externalId, pi)))
    )[0];
  const placement = async () => makePlacement(t.db, (await makeCreditor(t.db)).id, { amount: 10_000n });

  describe("finding 5: only the agency's own account is booked", () => {
    it("ignores, visibly, an event of another account of a Stripe Organization (context set)", async () => {
      const p = await placement();
      const event = sampleEvent("payment_intent.succeeded", samplePaymentIntent({ amount: 2_500, placementId: p.id }), {
        extra: { context: "acct_1OtherOrgAccount" },
      });
      const r = await post(event);
      expect(r).toMatchObject({ status: 200, body: { status: "ignored" } });
      expect(await inbox(event.id as string)).toMatchObject({
        status: "ignored",
        error: expect.stringMatching(/Stripe Organization account context acct_1OtherOrgAccount/),
      });
      expect(await booked(p.id)).toHaveLength(0);
    });

    it("with STRIPE_ACCOUNT_ID set, books its own context and ignores a sibling's (org_…/acct_…)", async () => {
      process.env.STRIPE_ACCOUNT_ID = "acct_1AgencyOwn";
      resetEnvForTests();
      const p = await placement();
      const sibling = sampleEvent(
        "payment_intent.succeeded",
        samplePaymentIntent({ amount: 1_000, placementId: p.id }),
        {
          extra: { context: "org_1Group/acct_1Sibling" },
        },
      );
      expect((await post(sibling)).body.status).toBe("ignored");
      expect((await inbox(sibling.id as string))!.error).toMatch(
        /acct_1Sibling.*not the agency's own account acct_1AgencyOwn/,
      );
      const own = sampleEvent("payment_intent.succeeded", samplePaymentIntent({ amount: 1_500, placementId: p.id }), {
        extra: { context: "acct_1AgencyOwn" },
      });
      expect((await post(own)).body.status).toBe("processed");
      expect((await booked(p.id)).map((x) => x.recoveredAmount)).toEqual([1_500n]);
    });

    it("still ignores Connect events (account set)", async () => {
      const p = await placement();
      const event = sampleEvent("payment_intent.succeeded", samplePaymentIntent({ amount: 900, placementId: p.id }), {
        extra: { account: "acct_1Connected" },
      });
      expect((await post(event)).body.status).toBe("ignored");
      expect((await inbox(event.id as string))!.error).toMatch(/connected account acct_1Connected/);
      expect(await booked(p.id)).toHaveLength(0);
    });
  });

  describe("finding 7: API versions", () => {
    it("books a pre-2022-11-15 payment_intent (charges list, no latest_charge) with its charge id", async () => {
      const p = await placement();
      const pi = samplePaymentIntent({ amount: 3_000, placementId: p.id });
      const ch = sampleId("ch");
      delete pi.latest_charge;
      pi.charges = { object: "list", data: [{ id: ch, object: "charge", status: "succeeded", amount: 3_000 }] };
      const event = sampleEvent("payment_intent.succeeded", pi, { apiVersion: "2020-08-27" });
      expect((await post(event)).body.status).toBe("processed");
      expect(await attemptOf(pi.id as string)).toMatchObject({ chargeId: ch, amount: 3_000n });
    });

    it("records an event of a newer API version than ours as failed with the reason, books nothing", async () => {
      const p = await placement();
      const event = sampleEvent("payment_intent.succeeded", samplePaymentIntent({ amount: 700, placementId: p.id }), {
        apiVersion: "2027-04-30.future",
      });
      expect((await post(event)).body.status).toBe("failed");
      expect((await inbox(event.id as string))!.error).toMatch(
        /rendered at API version 2027-04-30\.future, newer than 2026-10-28\.endive/,
      );
      const [item] = await t.db
        .select()
        .from(workItems)
        .where(eq(workItems.subjectId, event.id as string));
      expect(item).toMatchObject({ kind: "stripe_event_failed" });
      expect(await booked(p.id)).toHaveLength(0);
    });

    it("answers a thin (v2) event notification 200 with a log line, not a 400 Stripe retries for days", async () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const thin = {
        id: sampleId("evt_test"),
        object: "v2.core.event",
        type: "v1.payment_intent.succeeded",
        livemode: false,
        created: new Date().toISOString(),
        related_object: { id: sampleId("pi"), type: "payment_intent", url: "/v1/payment_intents/pi_x" },
      };
      const r = await post(thin);
      expect(r).toMatchObject({ status: 200, body: { received: true, status: "ignored" } });
      expect(warn.mock.calls.flat().join(" ")).toMatch(/thin event notification .* not processed/);
      expect(await inbox(thin.id)).toBeUndefined();
      warn.mockRestore();
    });

    it("pins the client to the version the webhook endpoint must use, and README says which", async () => {
      const { createStripeClient } = await import("@/server/integrations/stripe/client");
      const { STRIPE_API_VERSION } = await import("@/server/integrations/stripe/api-version");
      const client = createStripeClient({ secretKey: "sk_test_x" });
      expect(client.getApiField("version")).toBe(STRIPE_API_VERSION);
      const { readFileSync } = await import("node:fs");
      expect(readFileSync("server/integrations/stripe/README.md", "utf8")).toContain(
        `api_version ${STRIPE_API_VERSION}`,
      );
    });
  });

  describe("finding 6: no parked event waits forever", () => {
    const paid = async (amount: number) => {
      const p = await placement();
      const ch = sampleId("ch");
      const pi = samplePaymentIntent({ amount, placementId: p.id, latestCharge: ch });
      expect((await post(sampleEvent("payment_intent.succeeded", pi))).body.status).toBe("processed");
      return { p, pi: pi.id as string, ch };
    };
    const chargeRefunded = (x: { pi: string; ch: string }, amount: number, refunded: number) =>
      sampleEvent(
        "charge.refunded",
        sampleObject("charge", {
          id: x.ch,
          amount,
          amount_captured: amount,
          amount_refunded: refunded,
          refunded: refunded >= amount,
          captured: true,
          payment_intent: x.pi,
          currency: "usd",
        }),
      );
    const refundOf = (
      x: { pi: string | null; ch: string | null },
      amount: number,
      status: string,
      id = sampleId("re"),
    ) => sampleObject("refund", { id, amount, status, charge: x.ch, payment_intent: x.pi, currency: "usd" });
    const later = (hours: number) => new Date(Date.now() + hours * 3_600_000);

    it("a parked charge.refunded whose refund then fails is settled, not parked forever", async () => {
      const x = await paid(5_000);
      const summary = chargeRefunded(x, 5_000, 2_000);
      expect((await post(summary)).body.status).toBe("parked");
      const refund = refundOf(x, 2_000, "pending");
      expect((await post(sampleEvent("refund.created", refund))).body.status).toBe("ignored");
      expect((await post(sampleEvent("refund.failed", { ...refund, status: "failed" }))).body.status).toBe("processed");
      expect(await inbox(summary.id as string)).toMatchObject({
        status: "processed",
        error: null,
      });
      expect(await booked(x.p.id)).toHaveLength(1); // the payment only: nothing left the creditor
    });

    it("counts refunds by their link to the charge, whatever their id looks like", async () => {
      const x = await paid(5_000);
      // Stripe promises no id prefix: a refund of a payment record is `pyr_…`, for one.
      const refund = refundOf(x, 1_500, "succeeded", sampleId("pyr"));
      expect((await post(sampleEvent("refund.created", refund))).body.status).toBe("processed");
      const summary = chargeRefunded(x, 5_000, 1_500);
      expect((await post(summary)).body).toMatchObject({ status: "processed" });
      expect((await booked(x.p.id)).map((r) => r.recoveredAmount).sort()).toEqual([-1_500n, 5_000n]);
    });

    it("a refund naming neither charge nor payment intent becomes a work item with the reason after the bounded wait", async () => {
      const orphan = sampleEvent("refund.created", refundOf({ pi: null, ch: null }, 700, "succeeded"));
      expect((await post(orphan)).body.status).toBe("parked");
      expect((await inbox(orphan.id as string))!.error).toMatch(/names neither a charge nor a payment intent/);
      // Within the wait it stays parked…
      await resolveStaleParked(t.db, null, { olderThanMs: 0, now: later(1) });
      expect((await inbox(orphan.id as string))!.status).toBe("parked");
      // …after it, a person is asked, with the reason.
      const r = await resolveStaleParked(t.db, null, { olderThanMs: 0, now: later(25) });
      expect(r.surfaced).toBeGreaterThanOrEqual(1);
      expect(await inbox(orphan.id as string)).toMatchObject({
        status: "failed",
        error: expect.stringMatching(/^parked for 25 h without being settled: refund .* names neither/),
      });
      const [item] = await t.db
        .select()
        .from(workItems)
        .where(eq(workItems.subjectId, orphan.id as string));
      expect(item).toMatchObject({ kind: "stripe_event_failed", status: "open" });
      expect(item!.evidence).toMatchObject({ reason: expect.stringMatching(/names neither/) });
    });

    it("a charge.refunded whose refunds never come is surfaced after the bounded wait too", async () => {
      const x = await paid(3_000);
      const summary = chargeRefunded(x, 3_000, 3_000);
      expect((await post(summary)).body.status).toBe("parked");
      await resolveStaleParked(t.db, null, { olderThanMs: 0, now: later(25) });
      expect((await inbox(summary.id as string))!.status).toBe("failed");
      const [item] = await t.db
        .select()
        .from(workItems)
        .where(eq(workItems.subjectId, summary.id as string));
      expect(item!.evidence).toMatchObject({ reason: expect.stringMatching(/amount_refunded 3000 but only 0 booked/) });
    });
  });

  describe("finding 8: latest_charge", () => {
    it("records latest_charge as the payment's charge id, and a null one as none", async () => {
      const p = await placement();
      const ch = sampleId("ch");
      const withCharge = samplePaymentIntent({ amount: 1_200, placementId: p.id, latestCharge: ch });
      expect((await post(sampleEvent("payment_intent.succeeded", withCharge))).body.status).toBe("processed");
      expect((await attemptOf(withCharge.id as string))!.chargeId).toBe(ch);
      const expanded = samplePaymentIntent({ amount: 800, placementId: p.id, latestCharge: { id: sampleId("ch") } });
      expect((await post(sampleEvent("payment_intent.succeeded", expanded))).body.status).toBe("processed");
      expect((await attemptOf(expanded.id as string))!.chargeId).toBe((expanded.latest_charge as { id: string }).id);
      const none = samplePaymentIntent({ amount: 500, placementId: p.id, latestCharge: null });
      expect((await post(sampleEvent("payment_intent.succeeded", none))).body.status).toBe("processed");
      expect(await attemptOf(none.id as string)).toMatchObject({ chargeId: null, amount: 500n });
    });

    it("fills the charge id in when the Checkout Session (no charge) booked the payment first", async () => {
      const p = await placement();
      const pi = samplePaymentIntent({ amount: 2_000, placementId: p.id });
      const session = sampleObject("checkout.session", {
        id: sampleId("cs"),
        mode: "payment",
        status: "complete",
        payment_status: "paid",
        amount_total: 2_000,
        currency: "usd",
        payment_intent: pi.id,
        metadata: { placement_id: p.id },
      });
      expect((await post(sampleEvent("checkout.session.completed", session))).body.status).toBe("processed");
      expect((await attemptOf(pi.id as string))!.chargeId).toBeNull();
      expect((await post(sampleEvent("payment_intent.succeeded", pi))).body.status).toBe("processed");
      expect((await attemptOf(pi.id as string))!.chargeId).toBe(pi.latest_charge);
      expect(await booked(p.id)).toHaveLength(1);
    });

    it("records latest_charge from a Checkout Session whose payment_intent is expanded", async () => {
      const p = await placement();
      const pi = samplePaymentIntent({ amount: 1_100, placementId: p.id });
      const session = sampleObject("checkout.session", {
        id: sampleId("cs"),
        mode: "payment",
        status: "complete",
        payment_status: "paid",
        amount_total: 1_100,
        currency: "usd",
        payment_intent: pi,
        metadata: { placement_id: p.id },
      });
      expect((await post(sampleEvent("checkout.session.completed", session))).body.status).toBe("processed");
      expect((await attemptOf(pi.id as string))!.chargeId).toBe(pi.latest_charge);
    });

    it("a refund naming only the charge finds a payment booked from a pre-2022 payment_intent", async () => {
      const p = await placement();
      const pi = samplePaymentIntent({ amount: 4_000, placementId: p.id });
      const ch = sampleId("ch");
      delete pi.latest_charge;
      pi.charges = { object: "list", data: [{ id: ch, object: "charge", status: "succeeded", amount: 4_000 }] };
      expect((await post(sampleEvent("payment_intent.succeeded", pi, { apiVersion: "2022-08-01" }))).body.status).toBe(
        "processed",
      );
      const refund = sampleObject("refund", { id: sampleId("re"), amount: 1_000, charge: ch, payment_intent: null });
      expect((await post(sampleEvent("refund.created", refund))).body.status).toBe("processed");
      expect((await booked(p.id)).map((x) => x.recoveredAmount).sort()).toEqual([-1_000n, 4_000n]);
    });
  });
});
