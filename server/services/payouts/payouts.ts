import type Stripe from "stripe";
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { paymentAttempts, stripePayoutItems, stripePayouts, type outbox } from "@/db/schema";
import { ACCOUNTS } from "@/server/domain/ledger-rules";
import { fromStripeAmount } from "@/server/integrations/stripe/amounts";
import { listPayoutTransactions } from "@/server/integrations/stripe/payouts";
import { describeTransferError } from "@/server/integrations/stripe/transfers";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { postJournalEntry } from "../ledger/post";
import { abandonEffect, claimDueEffects, completeEffect, enqueueEffect, failEffect } from "../outbox/outbox";
import { openWorkItem } from "../work-items/open";

/**
 * Stripe payouts: the agency's Stripe balance paid to its bank. `payout.paid` records the payout,
 * posts Dr operating cash / Cr Stripe clearing once, and queues the fetch of its balance
 * transactions (outbox `stripe.payout`): the job lists them through the API and links each charge
 * to our payment, so every payment knows the payout that settled it. `payout.failed` after it was
 * paid reverses that entry; a failed payout is an operator's work item.
 */
export type PayoutFacts = {
  id: string;
  amount: bigint;
  currency: string;
  status: string;
  automatic: boolean;
  arrivalDate: string;
  failureCode: string | null;
  failureMessage: string | null;
  occurredAt: Date;
};

/** Apply a payout event in the webhook's transaction. Idempotent: a repeat changes nothing. */
export async function applyPayoutEvent(tx: Db, p: PayoutFacts, actor: Actor): Promise<string> {
  await tx
    .insert(stripePayouts)
    .values({
      id: p.id,
      amount: p.amount,
      currency: p.currency,
      status: p.status,
      automatic: p.automatic,
      arrivalDate: p.arrivalDate,
    })
    .onConflictDoNothing();
  const [row] = await tx.select().from(stripePayouts).where(eq(stripePayouts.id, p.id)).for("update");
  if (!row) throw new Error(`payout ${p.id} vanished`);
  const changes: Partial<typeof stripePayouts.$inferInsert> = { updatedAt: new Date() };
  const done: string[] = [];
  if (p.status === "paid" && !row.journalEntryId && !row.reversalEntryId) {
    changes.journalEntryId = await postJournalEntry(tx, {
      kind: "stripe_payout",
      description: `Stripe payout ${p.id} to the operating account`,
      sourceRef: `payout:${p.id}`,
      occurredAt: p.occurredAt,
      postings: [
        { account: ACCOUNTS.operatingCash, amount: p.amount, currency: p.currency },
        { account: ACCOUNTS.stripeClearing, amount: -p.amount, currency: p.currency },
      ],
    });
    changes.status = "paid";
    done.push("paid");
    if (p.automatic) await enqueueEffect(tx, "stripe.payout", `payout-items:${p.id}`, { payoutId: p.id });
  }
  if (p.status === "failed" && row.status !== "failed") {
    if (row.journalEntryId && !row.reversalEntryId)
      changes.reversalEntryId = await postJournalEntry(tx, {
        kind: "stripe_payout_failed",
        description: `Stripe payout ${p.id} failed: ${p.failureCode ?? "unknown"}`,
        sourceRef: `payout_failed:${p.id}`,
        occurredAt: p.occurredAt,
        postings: [
          { account: ACCOUNTS.operatingCash, amount: -p.amount, currency: p.currency },
          { account: ACCOUNTS.stripeClearing, amount: p.amount, currency: p.currency },
        ],
      });
    Object.assign(changes, { status: "failed", failureCode: p.failureCode, failureMessage: p.failureMessage });
    done.push("failed");
    await openWorkItem(tx, {
      kind: "payout_failed",
      subjectType: "stripe_payout",
      subjectId: p.id,
      title:
        `Stripe payout ${p.id} of ${p.amount} ${p.currency} failed: ${p.failureMessage ?? p.failureCode ?? "no reason given"}`.slice(
          0,
          500,
        ),
      nextAction:
        "Check the agency's bank details in Stripe; Stripe returns the money to the balance and pays it out again.",
      evidence: { ...p },
      dedupeKey: `payout-failed:${p.id}`,
    });
  }
  if (!done.length) return `payout ${p.id} unchanged`;
  await tx.update(stripePayouts).set(changes).where(eq(stripePayouts.id, p.id));
  await recordAudit(tx, {
    actor,
    action: `stripe.payout_${done.join("_")}`,
    category: "payments",
    targetType: "stripe_payout",
    targetId: p.id,
    details: { amount: p.amount, currency: p.currency, arrivalDate: p.arrivalDate, failureCode: p.failureCode },
  });
  return `payout ${p.id} ${done.join(", ")}`;
}

const payloadSchema = z.object({ payoutId: z.string().startsWith("po_") });
type Row = typeof outbox.$inferSelect;
const JOB: Actor = { type: "job", id: "stripe-payouts" };

/** Claim due `stripe.payout` rows and fetch each payout's balance transactions (see the module comment). */
export async function drainPayoutFetches(db: Db, stripe: Stripe | null, params: { now?: Date } = {}) {
  const out = { claimed: 0, fetched: 0, failed: 0, linked: 0 } as Record<string, number> & { skipped?: string };
  if (!stripe) return { ...out, skipped: "no STRIPE_SECRET_KEY: payout reconciliation waits in the outbox" };
  const now = params.now ?? new Date();
  const rows = await claimDueEffects(db, "stripe.payout", 20, now);
  out.claimed = rows.length;
  for (const row of rows) {
    try {
      out.linked! += await fetchOne(db, stripe, row, now);
      out.fetched!++;
    } catch (err) {
      out.failed!++;
      const e = describeTransferError(err);
      if (e.isRefusal) await abandonEffect(db, row.id, e.message, now);
      else await failEffect(db, row.id, e.message, row.attempts, now);
    }
  }
  return out;
}

async function fetchOne(db: Db, stripe: Stripe, row: Row, now: Date): Promise<number> {
  const { payoutId } = payloadSchema.parse(row.payload);
  const txns = await listPayoutTransactions(stripe, payoutId);
  const charges = txns
    .map((t) => (typeof t.source === "string" ? t.source : (t.source?.id ?? "")))
    .filter((s) => s.startsWith("ch_") || s.startsWith("py_"));
  return db.transaction(async (tx) => {
    const payments = charges.length
      ? await tx
          .select({ id: paymentAttempts.id, chargeId: paymentAttempts.chargeId })
          .from(paymentAttempts)
          .where(inArray(paymentAttempts.chargeId, charges))
      : [];
    const byCharge = new Map(payments.map((p) => [p.chargeId, p.id]));
    const items = txns.flatMap((t) => {
      const source = typeof t.source === "string" ? t.source : (t.source?.id ?? null);
      const amt = fromStripeAmount(t.amount, t.currency);
      const fee = fromStripeAmount(t.fee, t.currency);
      const net = fromStripeAmount(t.net, t.currency);
      if (!amt.ok || !fee.ok || !net.ok) return [];
      return [
        {
          balanceTransactionId: t.id,
          payoutId,
          type: t.type,
          reportingCategory: t.reporting_category ?? null,
          source,
          amount: amt.amount,
          fee: fee.amount,
          net: net.amount,
          currency: amt.currency,
          paymentAttemptId: (source && byCharge.get(source)) ?? null,
        },
      ];
    });
    if (items.length) await tx.insert(stripePayoutItems).values(items).onConflictDoNothing();
    await tx.update(stripePayouts).set({ itemsFetchedAt: now, updatedAt: now }).where(eq(stripePayouts.id, payoutId));
    const linked = items.filter((i) => i.paymentAttemptId).length;
    await recordAudit(tx, {
      actor: JOB,
      action: "stripe.payout_reconciled",
      category: "payments",
      targetType: "stripe_payout",
      targetId: payoutId,
      details: { balanceTransactions: items.length, paymentsLinked: linked, unlinkedCharges: charges.length - linked },
    });
    await completeEffect(tx, row.id, now);
    return linked;
  });
}
