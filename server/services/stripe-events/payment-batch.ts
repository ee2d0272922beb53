/**
 * The fast path of a new Stripe payment: two autocommit statements instead of a six-round-trip
 * transaction, shared by every payment that arrives at the same time (group commit). The first
 * statement reads (no lock), for each payment of the batch, whether its event or the payment is
 * already known and its placement, rate and installment; the rules run in TypeScript
 * (planAppliedPayment, the same as the transaction path); the second statement writes, for each
 * payment, its event's inbox row as processed and every row of the payment, so each payment's
 * effects and its event's processed mark commit together (and a batch commits as one).
 *
 * Batches come from MicroBatcher: a payment that finds a free slot runs at once, alone; under load
 * the payments that queued meanwhile go together, so the statements, round trips and commits are
 * shared. Payments on the same placement, event, lock key or external id never share a batch.
 *
 * Without a lock between the read and the write, the write checks what the read saw. Per payment,
 * in this order: take the payment's advisory lock (clearbook_lock_payment, as the transaction
 * path), and ask on a fresh snapshot whether a refund or dispute parked waiting for it (the caller
 * re-drives those after the commit); update the placement only if its totals and status are as
 * read (compare-and-set); store the event only if the placement was updated; record the attempt
 * only if the event was new; write the payment's rows only if the attempt was new. A payment whose
 * placement changed (a concurrent payment) writes nothing and answers null: the inbox takes it
 * through the transaction path. If a placement was updated but its event or attempt turned out to
 * exist already (a concurrent delivery stored it), the statement aborts itself as a serialization
 * failure (clearbook_retry, SQLSTATE 40001) and nothing of the batch is written.
 *
 * Only the common case takes it: a new event, a new payment, a placement it applies to. Anything
 * else (a duplicate payment, an unmatched one, a creditor without a rate) answers `null` and goes
 * through the transaction path, which handles every case. A batch of several payments that fails
 * for any reason answers null for each (each then goes through the transaction path alone, so one
 * bad payment cannot fail the others); a batch of one throws, as a single statement would.
 */
import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { queryStatement, statement } from "@/db/statements";
import { env } from "@/server/env";
import type { Actor } from "@/server/domain/actor";
import {
  checkClearedPayment,
  planAppliedPayment,
  whyUnmatched,
  type ClearedPayment,
} from "@/server/domain/payment-plan";
import { describeError } from "@/server/lib/db-retry";
import { MicroBatcher } from "@/server/lib/micro-batch";
import { recordset } from "@/server/lib/table-rows";
import { paymentContextOf, toPaymentContext, type ContextRow } from "../payments/payment-context";
import { appliedPaymentWrite, writePayments, type PaymentWrite } from "../payments/payment-writes";
import type { ClearedPaymentResult } from "../payments/record-cleared";
import { processedInbox } from "./inbox-row";

export type BatchedResult =
  /** The event is already in the inbox, processed or ignored: nothing to do. */
  | { kind: "duplicate_event" }
  /** Written and committed; `hasWaiters`: parked events wait for the payment's keys. */
  | { kind: "applied"; result: Extract<ClearedPaymentResult, { outcome: "applied" }>; hasWaiters: boolean };

/** Where the payment's event fits the inbox: its lock key and the keys it releases for parked events. */
export type PaymentLock = { key: string | null; releases: string[] };

export type BatchJob = {
  event: Stripe.Event;
  input: ClearedPayment;
  actor: Actor;
  lock: PaymentLock;
  currency: string;
  placementId: string;
  installmentId: string | null;
};

/**
 * Record a new Stripe payment and its event's inbox row at once (in a batch with the payments
 * arriving at the same time), or answer null when the transaction path must take it. A batch of
 * one throws what its statements threw, e.g. a serialization failure (40001): retry through the
 * transaction path.
 */
export async function recordStripePaymentBatched(
  db: Db,
  event: Stripe.Event,
  input: ClearedPayment,
  actor: Actor,
  lock: PaymentLock,
): Promise<BatchedResult | null> {
  // A payment that is invalid or names no placement: the transaction path records why.
  const job = batchJob(event, input, actor, lock);
  return job ? batcherOf(db).submit(job) : null;
}

/** A payment for recordStripePaymentBatch; null when it cannot take the fast path at all. */
export function batchJob(event: Stripe.Event, input: ClearedPayment, actor: Actor, lock: PaymentLock): BatchJob | null {
  try {
    const checked = checkClearedPayment(input);
    return checked.placementId
      ? {
          event,
          input,
          actor,
          lock,
          currency: checked.currency,
          placementId: checked.placementId,
          installmentId: checked.installmentId,
        }
      : null;
  } catch {
    return null;
  }
}

const batchers = new WeakMap<Db, MicroBatcher<BatchJob, BatchedResult | null>>();

/** The batcher of one database handle (one pool): STRIPE_PAYMENT_BATCHES batches at a time, 0 = every payment alone. */
export function batcherOf(db: Db): MicroBatcher<BatchJob, BatchedResult | null> {
  let b = batchers.get(db);
  if (!b) {
    const slots = env().STRIPE_PAYMENT_BATCHES;
    b = new MicroBatcher<BatchJob, BatchedResult | null>({
      run: (jobs) => recordStripePaymentBatch(db, jobs),
      keys: (j) => [
        `event:${j.event.id}`,
        `placement:${j.placementId}`,
        j.lock.key && `lock:${j.lock.key}`,
        `payment:${j.input.source}:${j.input.externalId}`,
      ],
      maxBatch: slots === 0 ? 1 : 32,
      maxInFlight: slots === 0 ? 1_000 : slots,
    });
    batchers.set(db, b);
  }
  return b;
}

type Planned = { k: number; write: PaymentWrite; result: Extract<ClearedPaymentResult, { outcome: "applied" }> };

/** Write a batch of payments (what the batcher runs): one result per job, in order. */
export async function recordStripePaymentBatch(db: Db, jobs: BatchJob[]): Promise<Array<BatchedResult | null>> {
  try {
    return await readPlanWrite(db, jobs);
  } catch (err) {
    if (jobs.length === 1) throw err;
    // Each payment goes through the transaction path alone, where a failure is its own.
    console.warn(
      `stripe fast path: a batch of ${jobs.length} payments was not written (${describeError(err)}); each goes through the transaction path`,
    );
    return jobs.map(() => null);
  }
}

async function readPlanWrite(db: Db, jobs: BatchJob[]): Promise<Array<BatchedResult | null>> {
  const keys = jobs.map((j, k) => ({
    k,
    row: {
      event_id: j.event.id,
      source: j.input.source,
      external_id: j.input.externalId,
      placement_id: j.placementId,
      installment_id: j.installmentId,
      at: j.input.receivedAt,
    },
  }));
  const read = await queryStatement<ContextRow & { k: number; event_status: string | null }>(
    db,
    statement(
      (p) => `
    select q.k, (select status::text from stripe_events where event_id = q.event_id) as event_status, c.*
    from ${recordset(p, READ_KEYS, keys, "q")}
    cross join lateral (${paymentContextOf({ source: "q.source", externalId: "q.external_id", placementId: "q.placement_id", installmentId: "q.installment_id", at: "q.at" }, { lock: false })}) as c`,
    ),
  );

  const results: Array<BatchedResult | null> = jobs.map(() => null);
  const planned: Planned[] = [];
  const now = new Date();
  for (const row of read) {
    const k = Number(row.k);
    const job = jobs[k]!;
    if (row.event_status === "processed" || row.event_status === "ignored") {
      results[k] = { kind: "duplicate_event" };
      continue;
    }
    if (row.event_status) continue; // parked or failed before: the transaction path re-runs it
    const ctx = toPaymentContext(row);
    const placement = ctx.placement;
    if (ctx.existingId || !placement || whyUnmatched(job.input, job.currency, placement) || ctx.rateBps === null)
      continue;
    let plan: ReturnType<typeof planAppliedPayment>;
    try {
      plan = planAppliedPayment(job.input, job.currency, placement, ctx, job.actor);
    } catch {
      continue; // the transaction path runs the same rules and records the failure
    }
    const write = appliedPaymentWrite(plan, job.input);
    write.event = { row: processedInbox(job.event, now), lockKey: job.lock.key, releases: job.lock.releases };
    planned.push({
      k,
      write,
      result: {
        outcome: "applied",
        paymentAttemptId: plan.attemptId,
        remittanceId: plan.remittance?.id,
        creditId: plan.credit?.id,
        placementStatus: plan.placement.next.status,
      },
    });
  }
  if (!planned.length) return results;

  const written = await writePayments(
    db,
    planned.map((x) => x.write),
  );
  planned.forEach((x, i) => {
    if (written[i]!.written) results[x.k] = { kind: "applied", result: x.result, hasWaiters: written[i]!.hasWaiters };
  });
  return results;
}

const READ_KEYS = {
  event_id: "text",
  source: '"payment_source"',
  external_id: "text",
  placement_id: "uuid",
  installment_id: "uuid",
  at: "timestamptz",
} as const;
