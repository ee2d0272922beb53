import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { useTestDb } from "@/db/testing/test-db";
import {
  bankMatches,
  creditors,
  disbursements,
  outbox,
  stripePayoutItems,
  stripePayouts,
  workItems,
} from "@/db/schema";
import { createStripeClient } from "@/server/integrations/stripe/client";
import { type StripeDouble, startStripeDouble } from "@/server/integrations/stripe/double/double";
import { buildCamt053 } from "@/server/testing/camt053";
import { disburseNow } from "@/server/testing/disburse";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { paymentIntent, stripeEvent } from "@/server/testing/stripe";
import { drainStripeTransfers } from "../disbursements/stripe-transfers";
import { verifyLedger } from "../ledger/verify";
import { drainPayoutFetches } from "../payouts/payouts";
import { paymentCashStates } from "../queries/cash-truth";
import { placementTimeline } from "../queries/placement-timeline";
import { receiveStripeEvent } from "../stripe-events/inbox";
import { createBankAccount } from "./accounts";
import { importBankFile } from "./import";
import { runBankMatching } from "./matching";

describe("payouts, bank matching and cash truth", () => {
  const t = useTestDb();
  let double: StripeDouble;
  let stripe: Stripe;
  const actor = { type: "user" as const, id: "finance-bank" };
  const deliver = (type: string, object: Record<string, unknown>) =>
    receiveStripeEvent(t.db, stripeEvent(type, object) as unknown as Stripe.Event);
  let n = 0;
  const iban = () => `DE44500105175407324${String(++n).padStart(3, "0")}`;

  beforeAll(async () => {
    double = await startStripeDouble();
    stripe = createStripeClient({ secretKey: "sk_test_double", apiBase: double.url, maxNetworkRetries: 0 });
  });
  afterAll(() => double.close());

  async function paidPayments(amounts: number[]) {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    await t.db
      .update(creditors)
      .set({ stripeAccountId: `acct_${c.id.slice(0, 8)}` })
      .where(eq(creditors.id, c.id));
    const out = [];
    for (const amount of amounts) {
      const p = await makePlacement(t.db, c.id, { amount: BigInt(amount) });
      const pi = paymentIntent({ amount, placementId: p.id });
      await deliver("payment_intent.succeeded", pi);
      out.push({ placement: p, pi });
    }
    return { c, payments: out };
  }

  it("a payment goes matched → settled (payout.paid + balance transactions) → bank-confirmed (statement line), on the timeline", async () => {
    const { c, payments } = await paidPayments([10_000, 5_000]);
    const [first] = payments;
    const states = async () => (await paymentCashStates(t.db, { placementIds: [first!.placement.id] }))[0]!.state;
    expect(await states()).toBe("matched");
    const payout = double.payout({
      items: payments.map((x) => ({ source: String(x.pi.latest_charge), amount: x.pi.amount, fee: 59 })),
      arrivalDate: Math.floor(Date.parse("2026-03-04T00:00:00Z") / 1000),
    });
    await deliver("payout.paid", payout);
    await deliver("payout.paid", payout); // a repeat changes nothing
    expect(
      await t.db
        .select()
        .from(outbox)
        .where(eq(outbox.idempotencyKey, `payout-items:${payout.id}`)),
    ).toHaveLength(1);
    expect(await drainPayoutFetches(t.db, stripe)).toMatchObject({ claimed: 1, fetched: 1, linked: 2 });
    expect(
      await t.db
        .select()
        .from(stripePayoutItems)
        .where(eq(stripePayoutItems.payoutId, String(payout.id))),
    ).toHaveLength(3);
    expect(await states()).toBe("settled");
    // The disbursement of the same money goes out by transfer.
    const d = await disburseNow(t.db, { creditorId: c.id, currency: "USD" });
    if (d.outcome !== "created") throw new Error("expected a disbursement");
    await drainStripeTransfers(t.db, stripe);
    const [sent] = await t.db.select().from(disbursements).where(eq(disbursements.id, d.disbursementId));
    // The agency's bank statement: the payout arriving (named), the transfer leaving (named), and a stray fee.
    const account = await createBankAccount(t.db, { name: "Operating", identifier: iban(), currency: "USD" }, actor);
    const file = buildCamt053({
      iban: account.identifier,
      currency: "USD",
      opening: 100_000n,
      entries: [
        {
          amount: BigInt(String(payout.amount)),
          bookingDate: "2026-03-05",
          reference: "B1",
          text: `STRIPE PAYOUT ${String(payout.id)}`,
        },
        {
          amount: -sent!.amount,
          bookingDate: new Date().toISOString().slice(0, 10),
          reference: "B2",
          text: `CONNECT ${sent!.stripeTransferId}`,
        },
        { amount: -1_500n, bookingDate: "2026-03-06", reference: "B3", text: "ACCOUNT FEE" },
      ],
    });
    await importBankFile(t.db, { fileName: "march.xml", bytes: new TextEncoder().encode(file) }, actor);
    const summary = await runBankMatching(t.db, actor, { bankAccountId: account.id });
    expect(summary).toMatchObject({ lines: 3, matched: 2, unmatched: 1, byRule: { reference: 2 } });
    expect(await states()).toBe("bank_confirmed");
    expect((await t.db.select().from(disbursements).where(eq(disbursements.id, d.disbursementId)))[0]).toMatchObject({
      status: "bank_confirmed",
    });
    const timeline = await placementTimeline(t.db, {
      id: first!.placement.id,
      placedAt: first!.placement.placedAt,
      invoiceNumber: first!.placement.invoiceNumber,
      invoiceAmount: first!.placement.invoiceAmount,
      currency: "USD",
    });
    expect(timeline.filter((e) => e.kind === "cash").map((e) => (e.kind === "cash" ? e.state : ""))).toEqual([
      "settled",
      "bank_confirmed",
    ]);
    const items = await t.db.select().from(workItems).where(eq(workItems.kind, "bank_line_unmatched"));
    expect(items.some((w) => w.title.includes("15.00 USD"))).toBe(true);
    // Matching again changes nothing (append-only matches).
    expect(await runBankMatching(t.db, actor, { bankAccountId: account.id })).toMatchObject({ matched: 0 });
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("ambiguity: two payouts of the same amount in the window and a line naming neither → a work item, no match", async () => {
    const { payments } = await paidPayments([7_700, 7_700]);
    for (const x of payments) {
      const po = double.payout({
        items: [{ source: String(x.pi.latest_charge), amount: x.pi.amount }],
        arrivalDate: Math.floor(Date.parse("2026-04-01T00:00:00Z") / 1000),
      });
      await deliver("payout.paid", po);
    }
    const account = await createBankAccount(t.db, { name: "Second", identifier: iban(), currency: "USD" }, actor);
    const file = buildCamt053({
      iban: account.identifier,
      currency: "USD",
      opening: 0n,
      entries: [{ amount: 7_700n, bookingDate: "2026-04-02", reference: "X1", text: "STRIPE" }],
    });
    await importBankFile(t.db, { fileName: "april.xml", bytes: new TextEncoder().encode(file) }, actor);
    expect(await runBankMatching(t.db, actor, { bankAccountId: account.id })).toMatchObject({
      matched: 0,
      ambiguous: 1,
    });
    const [item] = await t.db.select().from(workItems).where(eq(workItems.kind, "bank_match_ambiguous"));
    expect((item!.evidence as { candidates: unknown[] }).candidates).toHaveLength(2);
    expect(await t.db.select().from(bankMatches).where(eq(bankMatches.rule, "amount_date"))).toHaveLength(0);
  });

  it("a payout that fails after it was paid reverses its cash entry and opens a work item; a manual payout is not listed", async () => {
    const { payments } = await paidPayments([3_000]);
    const po = double.payout({ items: [{ source: String(payments[0]!.pi.latest_charge), amount: 3_000 }] });
    await deliver("payout.paid", po);
    await deliver("payout.failed", {
      ...po,
      status: "failed",
      failure_code: "account_closed",
      failure_message: "The bank account has been closed.",
    });
    const [row] = await t.db
      .select()
      .from(stripePayouts)
      .where(eq(stripePayouts.id, String(po.id)));
    expect(row).toMatchObject({ status: "failed", failureCode: "account_closed" });
    expect(row!.reversalEntryId).not.toBeNull();
    expect(
      await t.db
        .select()
        .from(workItems)
        .where(eq(workItems.subjectId, String(po.id))),
    ).toHaveLength(1);
    const manual = double.payout({ items: [{ source: "ch_manual", amount: 100 }], automatic: false });
    await deliver("payout.paid", manual);
    expect(
      await t.db
        .select()
        .from(outbox)
        .where(eq(outbox.idempotencyKey, `payout-items:${String(manual.id)}`)),
    ).toHaveLength(0);
    await expect(stripe.balanceTransactions.list({ payout: String(manual.id) })).rejects.toThrow(
      /only be filtered on automatic/,
    );
    expect(await verifyLedger(t.db)).toEqual([]);
  });
});
