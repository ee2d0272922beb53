import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customerCredits, placements, workItems } from "@/db/schema";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { makeCreditor, makePlacement } from "./factories";

/**
 * A debtor with two open placements (10,000 and 8,000) of a creditor at `rateBps`, and a Stripe
 * payment of 13,000 on the first: 10,000 booked, 3,000 customer credit and its overpayment item.
 */
export async function makeOverpayment(db: Db, opts: { rateBps: number }) {
  const c = await makeCreditor(db, { rateBps: opts.rateBps });
  const first = await makePlacement(db, c.id, { amount: 10_000n });
  const [p] = await db.select().from(placements).where(eq(placements.id, first.id));
  const [second] = await db
    .insert(placements)
    .values({
      creditorId: c.id,
      debtorId: p!.debtorId,
      invoiceNumber: `INV-2-${Math.random()}`,
      invoiceAmount: 8_000n,
      currency: "USD",
      dueDate: "2026-02-01",
    })
    .returning();
  const pi = `pi_over_${Math.random().toString(36).slice(2)}`;
  const paid = await recordClearedPayment(
    db,
    {
      source: "stripe",
      externalId: pi,
      placementId: first.id,
      amount: 13_000n,
      currency: "USD",
      receivedAt: new Date("2026-03-01T09:00:00Z"),
    },
    { type: "stripe_webhook", id: "evt_overpayment" },
  );
  const [credit] = await db.select().from(customerCredits).where(eq(customerCredits.placementId, first.id));
  const [item] = await db
    .select()
    .from(workItems)
    .where(and(eq(workItems.kind, "overpayment"), eq(workItems.subjectId, credit!.id)));
  return {
    c,
    first,
    second: second!,
    credit: credit!,
    item: item!,
    pi,
    debtorId: p!.debtorId,
    paymentAttemptId: paid.paymentAttemptId,
  };
}
