import fc from "fast-check";
import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { useTestDb } from "@/db/testing/test-db";
import { paymentAttempts, stripeEvents } from "@/db/schema";
import { resetEnvForTests } from "@/server/env";
import { verifyLedger } from "@/server/services/ledger/verify";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { hostileVariant } from "@/server/testing/hostile";
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

const { POST } = await import("./route");

/**
 * Fuzz suite of the Stripe webhook (issue 18): correctly signed events of every handled type with
 * one field made hostile (amounts, currencies, ids, metadata, created, the envelope), unknown
 * fields, duplicated ids. Never a 5xx (Stripe would retry for days); a 4xx stores nothing; every
 * 2xx leaves the event stored; the ledger stays sound.
 */
describe("fuzz: Stripe webhook", () => {
  const t = useTestDb();
  let placementIds: string[] = [];
  const stored = async () => ({
    events: Number((await t.db.select({ n: count() }).from(stripeEvents))[0]!.n),
    payments: Number((await t.db.select({ n: count() }).from(paymentAttempts))[0]!.n),
  });

  beforeAll(async () => {
    process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
    resetEnvForTests();
    ref.db = t.db;
    const c = await makeCreditor(t.db);
    placementIds = await Promise.all(
      [1, 2, 3].map(async () => (await makePlacement(t.db, c.id, { amount: 50_000n })).id),
    );
  });

  it("signed events with hostile fields: no 5xx, refusals store nothing, the ledger stays sound", async () => {
    // A small pool of ids so events collide: the same payment twice, refunds of known payments.
    const pi = fc.constantFrom("pi_fuzz_a", "pi_fuzz_b", "pi_fuzz_c");
    const validEvent = fc
      .tuple(pi, fc.constantFrom(...placementIds), fc.integer({ min: 1, max: 80_000 }), fc.nat(9))
      .map(([id, placementId, amount, which]) => {
        const ch = `ch_${id.slice(3)}`;
        const objects: Array<[string, Record<string, unknown>]> = [
          ["payment_intent.succeeded", paymentIntent({ id, amount, placementId, chargeId: ch })],
          ["checkout.session.completed", checkoutSession({ paymentIntentId: id, amount, placementId })],
          ["charge.refunded", charge({ id: ch, paymentIntentId: id, amount, amountRefunded: Math.ceil(amount / 3) })],
          ["refund.created", refund({ amount: Math.ceil(amount / 4), paymentIntentId: id, chargeId: ch })],
          ["charge.dispute.created", dispute({ amount, paymentIntentId: id, chargeId: ch })],
          ["charge.dispute.funds_withdrawn", dispute({ amount, paymentIntentId: id, chargeId: ch })],
          ["transfer.created", transfer({ id: `tr_${id}`, amount })],
          ["customer.created", { id: "cus_fuzz", object: "customer" }],
        ];
        const [type, object] = objects[which % objects.length]!;
        return stripeEvent(type, object, { id: `evt_fz_${which}_${id}` });
      });
    const hostile = validEvent.chain((e) => hostileVariant(e, { unknownFields: true }));
    await fc.assert(
      fc.asyncProperty(hostile, async (event) => {
        const before = await stored();
        const res = await POST(signedRequest(JSON.stringify(event)));
        const text = await res.text();
        expect(res.status, `${text} ← ${JSON.stringify(event).slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400) expect(await stored()).toEqual(before);
      }),
      { numRuns: 200, seed: 18 },
    );
    expect(await verifyLedger(t.db)).toEqual([]);
  }, 180_000);
});
