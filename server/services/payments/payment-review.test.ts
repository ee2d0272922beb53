import type Stripe from "stripe";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { customerCredits, workItems } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { paymentIntent, stripeEvent } from "@/server/testing/stripe";
import { verifyLedger } from "../ledger/verify";
import { receiveStripeEvent } from "../stripe-events/inbox";
import { recordClearedPayment } from "./record-cleared";

/**
 * Issue 18, finding 12: a payment far beyond its placement's balance (over OVERPAYMENT_REVIEW_MULTIPLE,
 * default 10×) is booked with its excess as credit, and opens a `payment_review` work item; an
 * ordinary overpayment does not. Both writers (the Stripe fast path and the transaction) do it.
 */
describe("payments far beyond the balance", () => {
  const t = useTestDb();
  let creditorId = "";
  const reviews = async (creditor: string) =>
    t.db
      .select()
      .from(workItems)
      .where(and(eq(workItems.kind, "payment_review"), eq(workItems.creditorId, creditor)));

  beforeAll(async () => {
    creditorId = (await makeCreditor(t.db)).id;
  });

  it("the Stripe fast path books 1,000× the balance and opens a payment review", async () => {
    const p = await makePlacement(t.db, creditorId, { amount: 1_000n });
    const event = stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 1_000_000, placementId: p.id }));
    expect(await receiveStripeEvent(t.db, event as unknown as Stripe.Event)).toMatchObject({ status: "processed" });
    const [credit] = await t.db.select().from(customerCredits).where(eq(customerCredits.placementId, p.id));
    expect(credit).toMatchObject({ amount: 999_000n });
    const items = (await reviews(creditorId)).filter((w) => w.title.includes(p.invoiceNumber));
    expect(items).toHaveLength(1);
    expect(items[0]!.title).toMatch(/of 10000\.00 USD is over 10× the open balance of 10\.00 USD/);
  });

  it("the transaction path does the same; an overpayment of twice the balance, or a second full payment, is not reviewed", async () => {
    const far = await makePlacement(t.db, creditorId, { amount: 500n });
    const r = await recordClearedPayment(
      t.db,
      {
        source: "manual",
        externalId: `far-${far.id}`,
        placementId: far.id,
        amount: 50_000n,
        currency: "USD",
        receivedAt: new Date(),
      },
      { type: "system", id: "test" },
    );
    expect(r).toMatchObject({ outcome: "applied" });
    const near = await makePlacement(t.db, creditorId, { amount: 500n });
    for (const [ref, amount] of [
      ["a", 1_000n],
      ["b", 500n],
    ] as const)
      await recordClearedPayment(
        t.db,
        {
          source: "manual",
          externalId: `near-${ref}-${near.id}`,
          placementId: near.id,
          amount,
          currency: "USD",
          receivedAt: new Date(),
        },
        { type: "system", id: "test" },
      );
    const titles = (await reviews(creditorId)).map((w) => w.title);
    expect(titles.filter((x) => x.includes(far.invoiceNumber))).toHaveLength(1);
    expect(titles.filter((x) => x.includes(near.invoiceNumber))).toHaveLength(0);
    expect(await verifyLedger(t.db)).toEqual([]);
  });
});
