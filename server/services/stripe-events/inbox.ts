import type Stripe from "stripe";
import { and, arrayOverlaps, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { stripeEvents } from "@/db/schema";
import { handlerFor, type HandlerOutcome, type StripeEventHandler } from "./handlers";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { describeError, isTransientDbError, TransientDbError, withDbRetry } from "@/server/lib/db-retry";
import { openWorkItem } from "../work-items/open";
import { queryStatement, statement } from "@/db/statements";
import { insertRows } from "@/server/lib/table-rows";
import { inboxRow, processedInbox } from "./inbox-row";
import { storeUnfitStripeEvent, unfitStripeEvent } from "./unfit";
import { apiVersionProblem, foreignAccountReason } from "@/server/integrations/stripe/api-version";
import { env } from "@/server/env";

export type InboxStatus = "processed" | "ignored" | "parked" | "failed" | "duplicate" | "in_progress";
export type InboxOutcome = { eventId: string; status: InboxStatus; detail?: string };

/** Whole-transaction retries for serialization failures, deadlocks and racing inserts. */
const MAX_TRIES = 6;
/** A parked event that unblocks another, which unblocks another…: bounded. */
const MAX_REDRIVE_ROUNDS = 8;

const actorOf = (eventId: string): Actor => ({ type: "stripe_webhook", id: eventId });

/**
 * Store a verified Stripe event once (by event id) and apply it in the same transaction that marks
 * it processed: a redelivery changes nothing; a refund or dispute that comes before its payment is
 * parked and applied, once, in the transaction that records the payment; an event that cannot be
 * applied is stored as `failed` with an operator work item. Throws TransientDbError only when the
 * database kept refusing (the caller answers 5xx so Stripe redelivers). `batched: false` skips the
 * fast path (every event through the transaction path), for the paths' differential test.
 */
export async function receiveStripeEvent(
  db: Db,
  event: Stripe.Event,
  opts: { batched?: boolean } = {},
): Promise<InboxOutcome> {
  const unfit = unfitStripeEvent(event);
  if (unfit) return storeUnfitStripeEvent(db, event, unfit);
  const handler = handlerFor(event.type);
  if (!handler) return storeIgnored(db, event, "event type not handled");
  // Connect events (`account`) and events of other accounts of a Stripe Organization (`context`)
  // describe someone else's money, never money the agency collected.
  const foreign = foreignAccountReason(event, env().STRIPE_ACCOUNT_ID);
  if (foreign) return storeIgnored(db, event, foreign);
  // Synthetic `fetched:` events are rendered by our own pinned client; real ones by the endpoint's version.
  const version = event.id.startsWith("fetched:") ? null : apiVersionProblem(event.api_version);
  if (version) return recordFailure(db, event, new Error(version));
  try {
    return await withDbRetry(
      async (attempt) => {
        // The fast path first (a new payment in one statement); what it declines, and every retry,
        // goes through the transaction.
        const fast =
          attempt === 1 && handler.batched && opts.batched !== false
            ? await handler.batched({ db, event, actor: actorOf(event.id) })
            : null;
        if (fast?.status === "duplicate") return { eventId: event.id, status: "duplicate" } as InboxOutcome;
        if (fast) {
          if (fast.hasWaiters) await redriveAfterCommit(db, handler.lockKey?.(event), fast.released);
          return { eventId: event.id, status: "processed", detail: fast.summary } as InboxOutcome;
        }
        return await db.transaction((tx) => deliver(tx, event, handler));
      },
      { tries: MAX_TRIES, what: `event ${event.id}` },
    );
  } catch (err) {
    if (err instanceof TransientDbError) throw err;
    return recordFailure(db, event, err);
  }
}

/**
 * Re-drive the parked events a payment released after the fast path committed it, in a
 * transaction of their own under the payment's lock. The payment stands whatever happens here:
 * if the database keeps refusing, the events stay parked and the stale-parked sweep
 * (resolveStaleParked) re-runs them.
 */
async function redriveAfterCommit(db: Db, lockKeyOf: string | null | undefined, keys: string[]) {
  try {
    await withDbRetry(
      () =>
        db.transaction(async (tx) => {
          await lockKey(tx, lockKeyOf);
          await redriveParked(tx, keys);
        }),
      { tries: MAX_TRIES, what: `re-drive of ${keys.join(", ")}` },
    );
  } catch (err) {
    console.error(
      `stripe inbox: parked events waiting for ${keys.join(", ")} not re-driven yet (the stale-parked sweep will):`,
      describeError(err),
    );
  }
}

async function storeIgnored(db: Db, event: Stripe.Event, reason: string): Promise<InboxOutcome> {
  const rows = await db
    .insert(stripeEvents)
    .values(inboxRow(event, { status: "ignored", error: reason, processedAt: new Date() }))
    .onConflictDoNothing()
    .returning({ id: stripeEvents.eventId });
  return { eventId: event.id, status: rows.length ? "ignored" : "duplicate" };
}

async function deliver(tx: Db, event: Stripe.Event, handler: StripeEventHandler): Promise<InboxOutcome> {
  await lockKey(tx, handler.lockKey?.(event));
  // Optimistically stored as processed: nobody sees the row before commit, and a concurrent
  // delivery of the same id waits on this insert, then finds it done. The same statement (after
  // the lock, so it sees every waiter committed before us) asks whether anything waits for us.
  const { inserted, hasWaiters } = await storeProcessed(tx, event, handler.releases?.(event) ?? []);
  if (!inserted) {
    const [row] = await tx
      .select({ status: stripeEvents.status })
      .from(stripeEvents)
      .where(eq(stripeEvents.eventId, event.id))
      .for("update", { skipLocked: true });
    if (!row) return { eventId: event.id, status: "in_progress" };
    if (row.status === "processed" || row.status === "ignored") return { eventId: event.id, status: "duplicate" };
  }
  const outcome = await handler.handle({ db: joined(tx), event, actor: actorOf(event.id) });
  await settle(tx, event, outcome, !inserted);
  if (outcome.status === "processed" && outcome.released?.length && (hasWaiters || !inserted))
    await redriveParked(tx, outcome.released);
  return { eventId: event.id, status: outcome.status, detail: "summary" in outcome ? outcome.summary : outcome.reason };
}

async function storeProcessed(
  tx: Db,
  event: Stripe.Event,
  releases: string[],
): Promise<{ inserted: boolean; hasWaiters: boolean }> {
  const [row] = await queryStatement<{ inserted: number; waiters: boolean }>(
    tx,
    statement((p) => {
      const rows = [{ k: 0, row: processedInbox(event, new Date()) }];
      return `
    with one as (select 0 as k),
    ins as (${insertRows(p, { table: stripeEvents, rows, conflict: ["eventId"] }, "one", "1")})
    select (select count(*) from ins)::int as inserted, ${releases.length ? `exists(select 1 from stripe_events where status = 'parked' and wait_keys && ${p(releases, "text[]")})` : "false"} as waiters`;
    }),
  );
  return { inserted: Number(row?.inserted) === 1, hasWaiters: Boolean(row?.waiters) };
}

/**
 * A handle on `tx` whose nested `transaction()` calls join it instead of opening savepoints. On
 * the main path any error rolls the whole delivery back anyway, so the services' own
 * transactions need no savepoint of their own (two round trips saved per event). Re-drives keep
 * real savepoints: there one parked event may fail without undoing the payment.
 */
function joined(tx: Db): Db {
  const handle = Object.create(tx) as Db;
  Object.defineProperty(handle, "transaction", { value: (fn: (inner: Db) => Promise<unknown>) => fn(handle) });
  return handle;
}

/**
 * Events about one payment run one at a time (transaction-scoped advisory lock, released at
 * commit). The lock is taken by the same SQL function as on the fast path (migration 0010), so
 * both paths lock the same key the same way.
 */
async function lockKey(tx: Db, key: string | null | undefined) {
  if (key)
    await queryStatement(
      tx,
      statement((p) => `select clearbook_lock_payment(${p(key, "text")}, '{}'::text[])`),
    );
}

/** Write an outcome onto the inbox row, with the work item / audit event it calls for. */
async function settle(tx: Db, event: Stripe.Event, outcome: HandlerOutcome, existing: boolean) {
  const now = new Date();
  const where = eq(stripeEvents.eventId, event.id);
  const attempts = sql`${stripeEvents.attempts} + 1`;
  if (outcome.status === "processed") {
    if (existing)
      await tx
        .update(stripeEvents)
        .set({ status: "processed", error: null, waitKeys: [], attempts, processedAt: now, updatedAt: now })
        .where(where);
    return;
  }
  if (outcome.status === "ignored") {
    await tx
      .update(stripeEvents)
      .set({
        status: "ignored",
        error: outcome.reason,
        waitKeys: [],
        processedAt: now,
        updatedAt: now,
        ...(existing ? { attempts } : {}),
      })
      .where(where);
    return;
  }
  if (outcome.status === "parked") {
    await tx
      .update(stripeEvents)
      .set({
        status: "parked",
        error: outcome.reason,
        waitKeys: outcome.waitFor,
        processedAt: null,
        updatedAt: now,
        ...(existing ? { attempts } : {}),
      })
      .where(where);
    if (!existing)
      await recordAudit(tx, {
        actor: actorOf(event.id),
        action: "stripe.event_parked",
        category: "payments",
        targetType: "stripe_event",
        targetId: event.id,
        details: { type: event.type, reason: outcome.reason, waitFor: outcome.waitFor },
      });
    return;
  }
  await tx
    .update(stripeEvents)
    .set({
      status: "failed",
      error: outcome.reason,
      waitKeys: [],
      processedAt: null,
      updatedAt: now,
      ...(existing ? { attempts } : {}),
    })
    .where(where);
  await openFailureItem(tx, event, outcome.reason, outcome.evidence);
}

/**
 * Re-run parked events waiting for any of `keys`, oldest Stripe event first, each in its own
 * savepoint so one that fails is marked failed without undoing the rest. What they release
 * re-drives further waiters (a dispute's reinstatement behind its withdrawal).
 */
export async function redriveParked(tx: Db, keys: string[]): Promise<number> {
  let pending = [...new Set(keys)];
  let count = 0;
  for (let round = 0; pending.length && round < MAX_REDRIVE_ROUNDS; round++) {
    const rows = await tx
      .select({ eventId: stripeEvents.eventId, type: stripeEvents.type, payload: stripeEvents.payload })
      .from(stripeEvents)
      .where(and(eq(stripeEvents.status, "parked"), arrayOverlaps(stripeEvents.waitKeys, pending)))
      .orderBy(asc(stripeEvents.created), asc(stripeEvents.receivedAt))
      .for("update", { skipLocked: true });
    const next: string[] = [];
    for (const row of rows) {
      const handler = handlerFor(row.type);
      if (!handler) continue;
      const event = row.payload as unknown as Stripe.Event;
      let outcome: HandlerOutcome;
      try {
        outcome = await tx.transaction(async (sp) => {
          await lockKey(sp, handler.lockKey?.(event));
          return handler.handle({ db: sp, event, actor: actorOf(event.id) });
        });
      } catch (err) {
        if (isTransientDbError(err)) throw err;
        outcome = { status: "failed", reason: describeError(err) };
      }
      await settle(tx, event, outcome, true);
      count += 1;
      if (outcome.status === "processed") next.push(...(outcome.released ?? []));
    }
    pending = [...new Set(next)];
  }
  return count;
}

async function recordFailure(db: Db, event: Stripe.Event, err: unknown): Promise<InboxOutcome> {
  const reason = describeError(err);
  await db.transaction(async (tx) => {
    const now = new Date();
    await tx
      .insert(stripeEvents)
      .values(inboxRow(event, { status: "failed", error: reason, attempts: 1 }))
      .onConflictDoUpdate({
        target: stripeEvents.eventId,
        set: { status: "failed", error: reason, attempts: sql`${stripeEvents.attempts} + 1`, updatedAt: now },
        setWhere: sql`${stripeEvents.status} not in ('processed', 'ignored')`,
      });
    await openFailureItem(tx, event, reason);
  });
  return { eventId: event.id, status: "failed", detail: reason };
}

async function openFailureItem(tx: Db, event: Stripe.Event, reason: string, evidence?: Record<string, unknown>) {
  await openWorkItem(tx, {
    kind: "stripe_event_failed",
    subjectType: "stripe_event",
    subjectId: event.id,
    title: `Stripe ${event.type} ${event.id} could not be applied: ${reason}`.slice(0, 500),
    nextAction:
      "Check the event in the Stripe dashboard, fix the cause, then re-run it from the inbox (or book it manually).",
    evidence: { reason, type: event.type, objectId: (event.data.object as { id?: unknown }).id ?? null, ...evidence },
    dedupeKey: `stripe-event:${event.id}`,
  });
  await recordAudit(tx, {
    actor: actorOf(event.id),
    action: "stripe.event_failed",
    category: "payments",
    targetType: "stripe_event",
    targetId: event.id,
    details: { type: event.type, reason },
  });
}

/** Re-run a stored event (an operator after fixing a failed one, or the parked-event resolver). */
export async function reprocessStoredEvent(db: Db, eventId: string): Promise<InboxOutcome> {
  const [row] = await db
    .select({ payload: stripeEvents.payload })
    .from(stripeEvents)
    .where(eq(stripeEvents.eventId, eventId));
  if (!row) return { eventId, status: "failed", detail: "no such event in the inbox" };
  return receiveStripeEvent(db, row.payload as unknown as Stripe.Event);
}
