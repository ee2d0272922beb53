/**
 * The fast path of a new Stripe payment: two autocommit statements instead of a six-round-trip
 * transaction. The first reads (no lock) whether the event or the payment is already known and
 * the placement, rate and installment; the rules run in TypeScript (planAppliedPayment, the same
 * as the transaction path); the second statement writes the event's inbox row as processed and
 * every row of the payment at once, so the effects and the processed mark still commit together.
 *
 * Without a lock between the read and the write, the write checks what the read saw: it updates
 * the placement only if its totals and status are unchanged, and if anything differs (a
 * concurrent payment on the same placement, the same payment recorded by another event) it
 * aborts itself as a serialization failure (clearbook_retry, SQLSTATE 40001) and the inbox
 * retries through the transaction path. It takes the payment's advisory lock like that path
 * (clearbook_lock_payment), then asks, on a fresh snapshot, whether a refund or dispute parked
 * waiting for this payment: the caller re-drives those after the commit.
 *
 * Only the common case takes it: a new event, a new payment, a placement it applies to. Anything
 * else (a duplicate payment, an unmatched one, a creditor without a rate) answers `null` and goes
 * through the transaction path, which handles every case.
 */
import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { queryStatement, statement } from "@/db/statements";
import type { Actor } from "./actor";
import { attemptInsert, appliedPaymentEffects, paymentContextSql, toPaymentContext, type ContextRow } from "./payment-writes";
import { checkClearedPayment, planAppliedPayment, whyUnmatched, type ClearedPayment, type ClearedPaymentResult } from "./payments";
import { processedInboxInsert } from "./stripe-inbox-row";

export type AtOnceResult =
  /** The event is already in the inbox, processed or ignored: nothing to do. */
  | { kind: "duplicate_event" }
  /** Written and committed; `hasWaiters`: parked events wait for the payment's keys. */
  | { kind: "applied"; result: Extract<ClearedPaymentResult, { outcome: "applied" }>; hasWaiters: boolean };

/** Where the payment's event fits the inbox: its lock key and the keys it releases for parked events. */
export type AtOnceLock = { key: string | null; releases: string[] };

/**
 * Record a new Stripe payment and its event's inbox row in one statement, or answer null when
 * the transaction path must take it. Throws a serialization failure (40001) when the data
 * changed between the read and the write: retry through the transaction path.
 */
export async function recordStripePaymentAtOnce(db: Db, event: Stripe.Event, input: ClearedPayment, actor: Actor, lock: AtOnceLock): Promise<AtOnceResult | null> {
  let checked: ReturnType<typeof checkClearedPayment>;
  try {
    checked = checkClearedPayment(input);
  } catch {
    return null; // the transaction path records why
  }
  const { currency, placementId, installmentId } = checked;
  const [row] = await queryStatement<ContextRow & { event_status: string | null }>(db, statement((p) => `
    select (select status::text from stripe_events where event_id = ${p(event.id, "text")}) as event_status, c.*
    from (${paymentContextSql(p, { source: input.source, externalId: input.externalId, placementId, installmentId, at: input.receivedAt }, { lock: false })}) as c`));
  if (!row) throw new Error("payment context query returned nothing");
  if (row.event_status === "processed" || row.event_status === "ignored") return { kind: "duplicate_event" };
  if (row.event_status) return null; // parked or failed before: the transaction path re-runs it
  const ctx = toPaymentContext(row);
  const placement = ctx.placement;
  if (ctx.existingId || !placement || whyUnmatched(input, currency, placement) || ctx.rateBps === null) return null;

  const plan = planAppliedPayment(input, currency, placement, ctx, actor);
  const expect = { recoveredAmount: placement.recoveredAmount, feeAmount: placement.feeAmount, status: placement.status };
  const { placementUpdate, rows } = appliedPaymentEffects(plan.attempt, plan.rows, "upd_placement", expect);
  const [written] = await queryStatement<{ id: string | null; event_new: boolean; waiters: boolean | null; ok: boolean }>(db, statement((p) => {
    const inbox = processedInboxInsert(event, p);
    return `
    with lk as (select clearbook_lock_payment(${p(lock.key, "text")}, ${p(lock.releases, "text[]")}) as waiters),
    ins_event as (
      insert into stripe_events (${inbox.columns}) select v.* from (values (${inbox.values})) as v cross join lk
      on conflict (event_id) do nothing returning 1),
    ins_attempt as (${attemptInsert(plan.attempt, "ins_event")(p)}),
    upd_placement as (${placementUpdate(p)})${rows.map((r, i) => `, w${i} as (${r(p)})`).join("")}
    select (select id from ins_attempt) as id, exists (select 1 from ins_event) as event_new, (select waiters from lk) as waiters,
      case when exists (select 1 from ins_event) and not exists (select 1 from upd_placement)
        then clearbook_retry(${p(`payment ${input.externalId}: placement ${placement.id} or the payment changed since it was read`, "text")}) else true end as ok`;
  }));
  if (!written?.event_new) return { kind: "duplicate_event" }; // a concurrent delivery of the same event stored it first
  return {
    kind: "applied",
    result: { outcome: "applied", paymentAttemptId: written.id!, remittanceId: plan.remittanceId, creditId: plan.creditId, placementStatus: plan.placementStatus },
    hasWaiters: Boolean(written.waiters),
  };
}
