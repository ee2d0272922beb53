import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customerCredits, placements, workItems } from "@/db/schema";
import { systemActor } from "@/server/domain/actor";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { createPlacement } from "@/server/services/placements/placements";
import { openWorkItem } from "@/server/services/work-items/open";

/** Items of creditor B for the matching procedures' own calls: one per action, so no call finds another's change. */
export type MatchingFixture = {
  /** Unmatched payments of 1,000 (USD). */
  unmatched: { apply: string; refund: string; notOurs: string; preview: string };
  /** Overpayment items (a 500 credit) and, for each, another open placement of the same debtor. */
  credit: Record<"apply" | "refund" | "keep" | "preview", { workItemId: string; targetPlacementId: string }>;
  /** An open placement of B that a 1,000 payment can be applied to. */
  placementId: string;
  /** Possible-duplicate items (two 1,000 Stripe payments booked to one placement), one per action. */
  duplicate: Record<"refund" | "preview", { workItemId: string; paymentAttemptId: string }>;
};

const actor = systemActor("isolation-fixture");

/** Unmatched payments and customer credits on creditor B (staff-only queues). */
export async function buildMatchingFixture(db: Db, creditorId: string): Promise<MatchingFixture> {
  const unmatched = async () => {
    const r = await recordClearedPayment(
      db,
      {
        source: "stripe",
        externalId: `pi_iso_${randomUUID()}`,
        amount: 1_000n,
        currency: "USD",
        receivedAt: new Date(),
      },
      actor,
    );
    const [item] = await db
      .select({ id: workItems.id })
      .from(workItems)
      .where(eq(workItems.subjectId, r.paymentAttemptId));
    return item!.id;
  };
  const place = (amount: bigint) =>
    createPlacement(
      db,
      creditorId,
      {
        invoiceNumber: `ISO-M-${randomUUID().slice(0, 10)}`,
        invoiceAmount: amount,
        currency: "USD",
        dueDate: "2026-01-20",
        debtor: { name: "Isolation Debtor" },
      },
      actor,
    );
  const credit = async () => {
    const paid = await place(1_000n);
    const [row] = await db.select().from(placements).where(eq(placements.id, paid.id));
    const [target] = await db
      .insert(placements)
      .values({
        creditorId,
        debtorId: row!.debtorId,
        invoiceNumber: `ISO-M-${randomUUID().slice(0, 10)}`,
        invoiceAmount: 4_000n,
        currency: "USD",
        dueDate: "2026-02-20",
      })
      .returning({ id: placements.id });
    await recordClearedPayment(
      db,
      {
        source: "stripe",
        externalId: `pi_iso_${randomUUID()}`,
        placementId: paid.id,
        amount: 1_500n,
        currency: "USD",
        receivedAt: new Date(),
      },
      actor,
    );
    const [c] = await db.select().from(customerCredits).where(eq(customerCredits.placementId, paid.id));
    const [item] = await db
      .select({ id: workItems.id })
      .from(workItems)
      .where(and(eq(workItems.kind, "overpayment"), eq(workItems.subjectId, c!.id)));
    return { workItemId: item!.id, targetPlacementId: target!.id };
  };
  // The pair the duplicate scan would find, opened directly (a scan would also pair other fixtures' payments).
  const duplicate = async () => {
    const p = await place(5_000n);
    const paid = [];
    for (const hoursAgo of [3, 1]) {
      const r = await recordClearedPayment(
        db,
        {
          source: "stripe",
          externalId: `pi_iso_dup_${randomUUID()}`,
          placementId: p.id,
          amount: 1_000n,
          currency: "USD",
          receivedAt: new Date(Date.now() - hoursAgo * 3_600_000),
        },
        actor,
      );
      paid.push(r.paymentAttemptId);
    }
    const workItemId = await openWorkItem(db, {
      kind: "possible_duplicate",
      creditorId,
      subjectType: "payment_attempt",
      subjectId: paid[1]!,
      title: "Possible duplicate: Isolation Debtor paid 10.00 USD twice within 72 h",
      nextAction: "Check with the debtor whether both payments were meant.",
      evidence: {
        amount: "1000",
        currency: "USD",
        payments: paid.map((paymentAttemptId) => ({ paymentAttemptId })),
      },
      dedupeKey: `duplicate:${paid[0]}:${paid[1]}`,
      causedAt: new Date(),
    });
    return { workItemId: workItemId!, paymentAttemptId: paid[1]! };
  };
  return {
    duplicate: { refund: await duplicate(), preview: await duplicate() },
    unmatched: {
      apply: await unmatched(),
      refund: await unmatched(),
      notOurs: await unmatched(),
      preview: await unmatched(),
    },
    credit: { apply: await credit(), refund: await credit(), keep: await credit(), preview: await credit() },
    placementId: (await place(5_000n)).id,
  };
}
