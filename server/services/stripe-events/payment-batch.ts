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
import { queryStatement, statement, type Bind } from "@/db/statements";
import { env } from "@/server/env";
import type { Actor } from "../audit/actor";
import { MicroBatcher } from "@/server/lib/micro-batch";
import {
  ATTEMPT,
  appliedPaymentRowGroups,
  attemptRowValues,
  insertForEach,
  paymentContextOf,
  recordset,
  toPaymentContext,
  type AppliedPaymentRows,
  type AttemptRow,
  type ContextRow,
  type PlacementVersion,
  type Row,
  type RowGroup,
} from "../payments/payment-writes";
import { describeError } from "@/server/lib/db-retry";
import {
  checkClearedPayment,
  planAppliedPayment,
  whyUnmatched,
  type ClearedPayment,
  type ClearedPaymentResult,
} from "../payments/record-cleared";
import { INBOX_COLUMNS, inboxRowValues } from "./inbox-row";

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

type Planned = {
  k: number;
  job: BatchJob;
  attempt: AttemptRow;
  rows: AppliedPaymentRows;
  result: Extract<ClearedPaymentResult, { outcome: "applied" }>;
  expect: PlacementVersion;
};

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
      at: j.input.receivedAt.toISOString(),
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
    planned.push({
      k,
      job,
      attempt: plan.attempt,
      rows: plan.rows,
      result: {
        outcome: "applied",
        paymentAttemptId: plan.attempt.id,
        remittanceId: plan.remittanceId,
        creditId: plan.creditId,
        placementStatus: plan.placementStatus,
      },
      expect: { recoveredAmount: placement.recoveredAmount, feeAmount: placement.feeAmount, status: placement.status },
    });
  }
  if (!planned.length) return results;

  const [written] = await queryStatement<{ applied: number[]; waiting: number[]; checked: boolean }>(
    db,
    statement((p) => writeSql(p, planned)),
  );
  const applied = new Set((written?.applied ?? []).map(Number));
  const waiting = new Set((written?.waiting ?? []).map(Number));
  for (const x of planned)
    if (applied.has(x.k)) results[x.k] = { kind: "applied", result: x.result, hasWaiters: waiting.has(x.k) };
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
/** What the write needs of each payment besides its rows: its lock, its event and attempt ids, its placement as read and as it becomes. */
const PAYMENT = {
  lock_key: "text",
  releases: "text[]",
  event_id: "text",
  attempt_id: "uuid",
  placement_id: "uuid",
  recovered_amount: "bigint",
  fee_amount: "bigint",
  status: '"placement_status"',
  updated_at: "timestamptz",
  old_recovered: "bigint",
  old_fee: "bigint",
  old_status: '"placement_status"',
} as const;
const INSTALLMENT_PAID = { id: "uuid", paid_at: "timestamptz" } as const;

/**
 * The write of a batch (see the file's comment for the order of the gates). Its text depends only
 * on which tables the batch writes (a customer credit, an installment…), so a few prepared
 * statements serve every batch.
 */
function writeSql(p: Bind, planned: Planned[]): string {
  const each = <T>(f: (x: Planned) => T) => planned.map((x) => ({ k: x.k, row: f(x) as Row }));
  // Every table a payment of the batch writes, each once, with the rows of all of them.
  const groups = new Map<string, { g: RowGroup; rows: Array<{ k: number; row: Row }> }>();
  for (const x of planned) {
    for (const g of appliedPaymentRowGroups(x.attempt, x.rows)) {
      if (!g.rows.length) continue;
      const slot = groups.get(g.table) ?? groups.set(g.table, { g, rows: [] }).get(g.table)!;
      slot.rows.push(...g.rows.map((row) => ({ k: x.k, row })));
    }
  }
  const installments = planned.filter((x) => x.rows.installment);
  const now = new Date().toISOString();
  const payments = each((x): Record<keyof typeof PAYMENT, unknown> => ({
    lock_key: x.job.lock.key,
    releases: x.job.lock.releases,
    event_id: x.job.event.id,
    attempt_id: x.attempt.id,
    placement_id: x.rows.placement.id,
    recovered_amount: x.rows.placement.recoveredAmount.toString(),
    fee_amount: x.rows.placement.feeAmount.toString(),
    status: x.rows.placement.status,
    updated_at: x.rows.placement.updatedAt.toISOString(),
    old_recovered: x.expect.recoveredAmount.toString(),
    old_fee: x.expect.feeAmount.toString(),
    old_status: x.expect.status,
  }));
  return `
    with j as (select * from ${recordset(p, PAYMENT, payments)}),
    lk as (select j.k, clearbook_lock_payment(j.lock_key, j.releases) as waiters from (select * from j order by lock_key, k) as j),
    upd as (
      update placements pl set recovered_amount = j.recovered_amount, fee_amount = j.fee_amount, status = j.status, updated_at = j.updated_at
      from j
      where pl.id = j.placement_id and pl.id = any(${p(
        planned.map((x) => x.rows.placement.id),
        "uuid[]",
      )})
        and pl.recovered_amount = j.old_recovered and pl.fee_amount = j.old_fee and pl.status = j.old_status and j.k = any(array(select k from lk))
      returning j.k),
    ins_event as (${insertForEach(
      { table: "stripe_events", columns: PROCESSED_EVENT, conflict: "event_id" },
      each((x) => ({ ...inboxRowValues(x.job.event), status: "processed", attempts: 1, processed_at: now })),
      "upd",
      "event_id",
    )(p)}),
    event_new as (select j.k from j where j.event_id = any(array(select event_id from ins_event))),
    ins_attempt as (${insertForEach(
      { table: "payment_attempts", columns: ATTEMPT, conflict: "source, external_id" },
      each((x) => attemptRowValues(x.attempt)),
      "event_new",
      "id",
    )(p)}),
    ok as (select j.k from j where j.attempt_id = any(array(select id from ins_attempt)))${[...groups.values()]
      .map(
        ({ g, rows }, i) => `,
    w${i} as (${insertForEach(g, rows, "ok")(p)})`,
      )
      .join("")}${
      installments.length
        ? `,
    inst as (
      update installments i set status = 'paid', paid_at = v.paid_at
      from ${recordset(
        p,
        INSTALLMENT_PAID,
        installments.map((x) => ({
          k: x.k,
          row: { id: x.rows.installment!.id, paid_at: x.rows.installment!.paidAt.toISOString() },
        })),
      )}
      where i.id = v.id and v.k = any(array(select k from ok)))`
        : ""
    }
    select (select coalesce(array_agg(k), '{}') from ok) as applied, (select coalesce(array_agg(k), '{}') from lk where waiters) as waiting,
      case when exists (select 1 from upd where k not in (select k from ok))
        then clearbook_retry('a placement was updated but its payment or event was recorded meanwhile by another delivery') else true end as checked`;
}

/** The inbox row of an event written as processed by this path. */
const PROCESSED_EVENT = {
  ...INBOX_COLUMNS,
  status: '"stripe_event_status"',
  attempts: "int",
  processed_at: "timestamptz",
} as const;
