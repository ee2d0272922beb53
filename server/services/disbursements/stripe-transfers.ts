import type Stripe from "stripe";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { disbursements, type outbox } from "@/db/schema";
import { createTransfer, describeTransferError, findTransfer } from "@/server/integrations/stripe/transfers";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { abandonEffect, claimDueEffects, completeEffect, failEffect } from "../outbox/outbox";
import { openWorkItem } from "../work-items/open";
import { failDisbursementInTx } from "./lifecycle";

/**
 * The worker of the `stripe.transfer` outbox topic: pays a disbursement to the creditor's
 * connected account. approveRun (runs-decide.ts) posts the ledger entry and queues the
 * row in one transaction; this sends it, with the row's key `transfer:<disbursementId>` as the
 * Stripe idempotency key, so every attempt is the same request and Stripe moves the money once.
 *
 * The returned transfer id is stored on the disbursement (`in_transit`); the `transfer.created`
 * webhook then finds it by that id and marks it paid. A failure is retried with the outbox's
 * backoff and recorded in the audit log each time; after TRANSFER_ALERT_AFTER attempts an operator
 * gets a `transfer_failed` work item. A definite refusal (Stripe's 4xx: an unknown or disconnected
 * destination, insufficient platform balance) is not retried: the disbursement fails, its entry
 * is reversed and its rows return to the payable for the next run. Because Stripe replays a key's first answer (500s included)
 * for at least a day, a retry first looks the transfer up by its transfer group.
 */
export const TRANSFER_ALERT_AFTER = 3;

const JOB_ACTOR: Actor = { type: "job", id: "stripe-transfers" };

const payloadSchema = z.object({
  disbursementId: z.uuid(),
  creditorId: z.uuid(),
  destination: z.string().startsWith("acct_"),
  amount: z.union([z.string(), z.number()]).transform((v) => BigInt(v)),
  currency: z.string().length(3),
});

type Payload = z.infer<typeof payloadSchema>;
type Row = typeof outbox.$inferSelect;
type RowOutcome = "sent" | "found" | "alreadyLinked" | "failed" | "abandoned";
export type TransferDrainSummary = Record<"claimed" | RowOutcome, number> & { skipped?: string };

/** Claim due `stripe.transfer` rows and send each one (see the module comment). Without a Stripe client nothing is sent. */
export async function drainStripeTransfers(
  db: Db,
  stripe: Stripe | null,
  params: { limit?: number; now?: Date } = {},
  actor: Actor = JOB_ACTOR,
): Promise<TransferDrainSummary> {
  const out: TransferDrainSummary = { claimed: 0, sent: 0, found: 0, alreadyLinked: 0, failed: 0, abandoned: 0 };
  if (!stripe) return { ...out, skipped: "no STRIPE_SECRET_KEY: transfers wait in the outbox" };
  const now = params.now ?? new Date();
  const rows = await claimDueEffects(db, "stripe.transfer", params.limit ?? 50, now);
  out.claimed = rows.length;
  // One at a time: each is money leaving, and a failure should not hurry the next.
  for (const row of rows) out[await sendOne(db, stripe, row, now, actor)]++;
  return out;
}

async function sendOne(db: Db, stripe: Stripe, row: Row, now: Date, actor: Actor): Promise<RowOutcome> {
  const parsed = payloadSchema.safeParse(row.payload);
  if (!parsed.success)
    return abandon(
      db,
      row,
      null,
      `the outbox payload is not a transfer request (${parsed.error.issues.map((i) => i.path.join(".")).join(", ")})`,
      now,
      actor,
    );
  const p = parsed.data;
  const [d] = await db.select().from(disbursements).where(eq(disbursements.id, p.disbursementId));
  if (!d) return abandon(db, row, p, `disbursement ${p.disbursementId} does not exist`, now, actor);
  if (d.stripeTransferId) {
    await completeEffect(db, row.id, now);
    return "alreadyLinked";
  }
  if (d.status !== "approved")
    return abandon(
      db,
      row,
      p,
      `disbursement ${d.id} is ${d.status} without a transfer; no money is sent for it`,
      now,
      actor,
    );
  if (d.amount !== p.amount || d.currency !== p.currency.toUpperCase())
    return abandon(
      db,
      row,
      p,
      `the request (${p.amount} ${p.currency}) differs from disbursement ${d.id} (${d.amount} ${d.currency})`,
      now,
      actor,
    );
  let transfer: Stripe.Transfer;
  let found = false;
  try {
    // A retry may follow an attempt whose answer was lost: look before sending again.
    const earlier = row.attempts > 1 ? await findTransfer(stripe, d.id) : null;
    found = Boolean(earlier);
    transfer =
      earlier ??
      (await createTransfer(stripe, {
        disbursementId: d.id,
        destination: p.destination,
        amount: d.amount,
        currency: d.currency,
        idempotencyKey: row.idempotencyKey,
      }));
  } catch (err) {
    const e = describeTransferError(err);
    if (e.isPermanent) return abandon(db, row, p, e.message, now, actor, { failDisbursement: e.isRefusal });
    await recordFailure(db, row, p, e, now, actor);
    return "failed";
  }
  await recordTransfer(db, row, p, transfer, found, now, actor);
  return found ? "found" : "sent";
}

/** Store the transfer id on the disbursement and finish the outbox row, in one transaction. */
async function recordTransfer(
  db: Db,
  row: Row,
  p: Payload,
  transfer: Stripe.Transfer,
  found: boolean,
  now: Date,
  actor: Actor,
) {
  await db.transaction(async (tx) => {
    const [d] = await tx.select().from(disbursements).where(eq(disbursements.id, p.disbursementId)).for("update");
    if (!d) throw new Error(`disbursement ${p.disbursementId} vanished`);
    if (d.stripeTransferId && d.stripeTransferId !== transfer.id) {
      await openWorkItem(tx, {
        kind: "unmatched_transfer",
        creditorId: d.creditorId,
        subjectType: "disbursement",
        subjectId: d.id,
        title: `Disbursement ${d.id} has transfer ${d.stripeTransferId}, and Stripe also returned ${transfer.id}`,
        nextAction: "Compare both transfers in Stripe and reverse the one that should not exist.",
        evidence: {
          recorded: d.stripeTransferId,
          returned: transfer.id,
          amount: transfer.amount,
          currency: transfer.currency,
        },
        dedupeKey: `transfer-conflict:${transfer.id}`,
      });
    } else if (!d.stripeTransferId) {
      // The transfer.created webhook may have linked it already (by metadata); never step a status back.
      await tx
        .update(disbursements)
        .set({
          stripeTransferId: transfer.id,
          status: d.status === "approved" ? "sent" : d.status,
          sentAt: d.sentAt ?? now,
          updatedAt: now,
        })
        .where(eq(disbursements.id, d.id));
    }
    await recordAudit(tx, {
      actor,
      action: "disbursement.transfer_sent",
      category: "payments",
      creditorId: d.creditorId,
      targetType: "disbursement",
      targetId: d.id,
      details: {
        transferId: transfer.id,
        amount: d.amount,
        currency: d.currency,
        destination: p.destination,
        attempts: row.attempts,
        idempotencyKey: row.idempotencyKey,
        foundAtStripe: found,
      },
    });
    await completeEffect(tx, row.id, now);
  });
}

async function recordFailure(
  db: Db,
  row: Row,
  p: Payload,
  e: ReturnType<typeof describeTransferError>,
  now: Date,
  actor: Actor,
) {
  await db.transaction(async (tx) => {
    await failEffect(tx, row.id, e.message, row.attempts, now);
    await recordAudit(tx, {
      actor,
      action: "disbursement.transfer_failed",
      category: "payments",
      creditorId: p.creditorId,
      targetType: "disbursement",
      targetId: p.disbursementId,
      details: {
        attempt: row.attempts,
        error: e.message,
        code: e.code,
        statusCode: e.statusCode,
        amount: p.amount,
        currency: p.currency,
        destination: p.destination,
      },
    });
    if (row.attempts < TRANSFER_ALERT_AFTER) return;
    await openWorkItem(tx, {
      kind: "transfer_failed",
      creditorId: p.creditorId,
      subjectType: "disbursement",
      subjectId: p.disbursementId,
      title: `Stripe transfer for disbursement ${p.disbursementId} failed ${row.attempts} times: ${e.message}`.slice(
        0,
        500,
      ),
      nextAction:
        "Check the creditor's connected account and the platform balance in Stripe. The transfer keeps retrying with backoff under the same idempotency key, so it is never sent twice.",
      evidence: {
        disbursementId: p.disbursementId,
        destination: p.destination,
        amount: p.amount,
        currency: p.currency,
        error: e.message,
        code: e.code,
        attempts: row.attempts,
      },
      dedupeKey: `transfer-failed:${p.disbursementId}`,
    });
  });
}

/** Stop retrying a row that cannot succeed as requested, and hand it to an operator. */
async function abandon(
  db: Db,
  row: Row,
  p: Payload | null,
  reason: string,
  now: Date,
  actor: Actor,
  opts: { failDisbursement?: boolean } = {},
): Promise<"abandoned"> {
  const subjectId = p?.disbursementId ?? row.id;
  await db.transaction(async (tx) => {
    await abandonEffect(tx, row.id, reason, now);
    // Stripe refused the transfer for good: no money moved, so the rows go back to the payable.
    if (opts.failDisbursement && p) await failDisbursementInTx(tx, { disbursementId: p.disbursementId, reason }, actor);
    await recordAudit(tx, {
      actor,
      action: "disbursement.transfer_abandoned",
      category: "payments",
      creditorId: p?.creditorId ?? null,
      targetType: p ? "disbursement" : "outbox",
      targetId: subjectId,
      details: { reason, attempts: row.attempts, idempotencyKey: row.idempotencyKey },
    });
    if (opts.failDisbursement && p) return; // failDisbursementInTx opened the work item
    await openWorkItem(tx, {
      kind: "transfer_failed",
      creditorId: p?.creditorId ?? null,
      subjectType: p ? "disbursement" : "outbox",
      subjectId,
      title: `Stripe transfer ${row.idempotencyKey} will not be retried: ${reason}`.slice(0, 500),
      nextAction:
        "Nothing is retried automatically. Check the disbursement and the creditor's connected account in Stripe, then pay it by hand or request a new transfer.",
      evidence: { reason, outboxId: row.id, attempts: row.attempts, payload: row.payload },
      dedupeKey: `transfer-failed:${subjectId}`,
    });
  });
  return "abandoned";
}
