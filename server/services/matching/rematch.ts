import { and, asc, eq, gt, inArray, isNull, max, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { paymentAttempts, placements, workItems } from "@/db/schema";
import { systemActor, type Actor } from "@/server/domain/actor";
import type { MatchDecision, MatchSettings } from "@/server/domain/matching";
import { NOTHING_FOUND, matchItem } from "@/server/domain/matching-items";
import { AppError } from "@/server/errors";
import { isUuid } from "@/server/lib/list-filters";
import { actorDisplayName, appendWorkItemEvent } from "../work-items/history";
import { matchPayments, matchSettings } from "./candidates";
import { UNMATCHED_PAYMENT_KINDS, applyUnmatchedPayment } from "./resolve";

/**
 * Payments that arrived before their placement. A payment the cascade could not apply waits as an
 * unmatched (or ambiguous) work item; when placements are placed after the cascade last looked at
 * it, it is looked at again, as the payment arriving now would be:
 * - a unique candidate at an auto tier: applied to it exactly as an operator's apply would (same
 *   transaction, remittance at the rate in force on the payment date, writeback, audit), audited
 *   "auto-matched by rule N" and the item closed with resolution `auto_matched`;
 * - otherwise, if the candidates changed, the item's title, next action and evidence are brought
 *   up to date (a new version, a `match_refreshed` history row), so the operator sees the new
 *   suggestion.
 * Items someone has taken (an owner, in progress, a four-eyes proposal) are left to that person.
 * Each item remembers when it was last looked at (evidence.match.checkedAt), so a run with no new
 * placement matches nothing and writes nothing: it reads the newest placed_at (one index probe) and
 * the open payment items' last looks. An auto candidate that cannot be applied at that moment (the
 * item or the placement changed meanwhile) is left for the next look.
 *
 * A placement's placed_at is set before its transaction commits, so one may become visible after a
 * look that should have seen it: a look counts as of the newest placement it saw or LOOK_MARGIN
 * before it ran, whichever is earlier, and a new item's look as of LOOK_MARGIN before it was created.
 * So any placement committed within LOOK_MARGIN of getting its time is seen by a later look; the
 * price is a few extra looks (a run a minute, for LOOK_MARGIN) after each intake.
 */

export type RematchResult = { checked: number; applied: number; refreshed: number; unchanged: number };

export const REMATCH_ACTOR: Actor = systemActor("payment-matching");
export const LOOK_MARGIN_MS = 2 * 60_000;

export async function rematchUnmatchedPayments(
  db: Db,
  opts: { batch?: number; maxBatches?: number; settings?: MatchSettings; now?: Date } = {},
): Promise<RematchResult> {
  const batch = opts.batch ?? 500;
  const settings = opts.settings ?? matchSettings();
  const out: RematchResult = { checked: 0, applied: 0, refreshed: 0, unchanged: 0 };
  const [newest] = await db.select({ at: max(placements.placedAt) }).from(placements);
  if (!newest?.at) return out;
  const ranAt = (opts.now ?? new Date()).getTime();
  const lookAt = new Date(Math.min(newest.at.getTime(), ranAt - LOOK_MARGIN_MS));
  let after: string | null = null;
  const lastLook = sql`coalesce((${workItems.evidence} -> 'match' ->> 'checkedAt')::timestamptz, ${workItems.createdAt} - make_interval(secs => ${LOOK_MARGIN_MS / 1000}))`;
  for (let round = 0; round < (opts.maxBatches ?? 20); round++) {
    const from: string | null = after;
    const items: ItemRow[] = await db
      .select({
        id: workItems.id,
        version: workItems.version,
        kind: workItems.kind,
        attemptId: workItems.subjectId,
        evidence: workItems.evidence,
      })
      .from(workItems)
      .where(
        and(
          eq(workItems.status, "open"),
          inArray(workItems.kind, [...UNMATCHED_PAYMENT_KINDS]),
          eq(workItems.subjectType, "payment_attempt"),
          isNull(workItems.ownerUserId),
          isNull(workItems.proposal),
          sql`${lastLook} < ${newest.at.toISOString()}::timestamptz`,
          // This run's pages, by id (a look may leave an item still older than the newest placement).
          from ? gt(workItems.id, from) : undefined,
        ),
      )
      .orderBy(asc(workItems.id))
      .limit(batch);
    if (!items.length) break;
    after = items.at(-1)!.id;
    // subject_id is text: only uuids can name a payment attempt (anything else is looked at, no more).
    const attemptIds = items.map((i) => i.attemptId).filter(isUuid);
    const attempts = await db
      .select({
        id: paymentAttempts.id,
        amount: paymentAttempts.amount,
        currency: paymentAttempts.currency,
        externalId: paymentAttempts.externalId,
      })
      .from(paymentAttempts)
      .where(
        and(
          inArray(paymentAttempts.id, attemptIds),
          eq(paymentAttempts.status, "unmatched"),
          ne(paymentAttempts.source, "direct"),
        ),
      );
    const byId = new Map(attempts.map((a) => [a.id, a]));
    const decisions = await matchPayments(
      db,
      { kind: "attempts", ids: attempts.map((a) => a.id) },
      new Map(attempts.map((a) => [a.id, a.amount])),
      settings,
    );
    const looked: string[] = [];
    for (const item of items) {
      out.checked++;
      const attempt = byId.get(item.attemptId);
      const decision = decisions.get(item.attemptId);
      if (attempt && decision?.outcome === "auto" && (await applyLater(db, item, attempt.amount, decision))) {
        out.applied++;
      } else if (
        attempt &&
        decision &&
        decision.outcome !== "auto" &&
        (await refreshItem(db, item, { ...attempt, attemptId: attempt.id }, decision, lookAt))
      ) {
        out.refreshed++;
      } else {
        out.unchanged++;
        looked.push(item.id);
      }
    }
    await markLooked(db, looked, lookAt);
  }
  return out;
}

type ItemRow = {
  id: string;
  version: number;
  kind: string;
  attemptId: string;
  evidence: Record<string, unknown>;
};

/** Apply to the cascade's unique candidate; false when the item or the placement changed meanwhile. */
async function applyLater(
  db: Db,
  item: ItemRow,
  amount: bigint,
  decision: Extract<MatchDecision, { outcome: "auto" }>,
): Promise<boolean> {
  try {
    await applyUnmatchedPayment(
      db,
      {
        workItemId: item.id,
        expectedVersion: item.version,
        parts: [{ placementId: decision.candidate.placementId, amount }],
        autoMatch: decision,
      },
      REMATCH_ACTOR,
    );
    return true;
  } catch (err) {
    // Taken, resolved or changed meanwhile, or the placement closed: the item stays for its next look.
    if (err instanceof AppError) return false;
    throw err;
  }
}

/**
 * The item brought up to date with a new decision that did not apply it. True when its candidates
 * changed (new title, evidence and version, a history row); false when they did not, or the item
 * was taken or changed meanwhile.
 */
async function refreshItem(
  db: Db,
  item: ItemRow,
  p: { externalId: string; amount: bigint; currency: string; attemptId: string },
  decision: Exclude<MatchDecision, { outcome: "auto" }>,
  lookAt: Date,
): Promise<boolean> {
  const reason = typeof item.evidence.reason === "string" ? item.evidence.reason : "no placement";
  const next = matchItem({ ...p, reason }, decision);
  // An item stored before the cascade existed reads as "nothing found".
  const { checkedAt: _seen, ...before } = (item.evidence.match ?? NOTHING_FOUND) as Record<string, unknown>;
  const nextMatch = next.evidence.match as Record<string, unknown>;
  return db.transaction(async (tx) => {
    // The kind follows the decision unless an item of the other kind already holds its key.
    const [clash] =
      next.kind === item.kind
        ? []
        : await tx
            .select({ id: workItems.id })
            .from(workItems)
            .where(and(eq(workItems.dedupeKey, next.dedupeKey), ne(workItems.id, item.id)));
    const updated = await tx
      .update(workItems)
      .set({
        ...(clash ? {} : { kind: next.kind, dedupeKey: next.dedupeKey }),
        creditorId: next.creditorId,
        title: next.title,
        nextAction: next.nextAction,
        evidence: { ...item.evidence, match: { ...nextMatch, checkedAt: lookAt.toISOString() } },
        version: sql`${workItems.version} + 1`,
        updatedAt: new Date(),
      })
      .where(
        and(
          untouched(item),
          // Compared as jsonb (key order is the database's): unchanged candidates write nothing.
          sql`(coalesce(${workItems.evidence} -> 'match', ${JSON.stringify(NOTHING_FOUND)}::jsonb) - 'checkedAt') is distinct from ${JSON.stringify(nextMatch)}::jsonb`,
        ),
      )
      .returning({ id: workItems.id });
    if (!updated.length) return false;
    await appendWorkItemEvent(tx, {
      workItemId: item.id,
      actor: REMATCH_ACTOR,
      actorName: await actorDisplayName(tx, REMATCH_ACTOR),
      action: "match_refreshed",
      note: next.title,
      details: { before, after: nextMatch },
    });
    return true;
  });
}

/** Record the looks alone (no new version: nothing an operator sees changed). */
async function markLooked(db: Db, ids: string[], lookAt: Date) {
  if (!ids.length) return;
  await db
    .update(workItems)
    .set({
      evidence: sql`jsonb_set(${workItems.evidence}, '{match}', coalesce(${workItems.evidence} -> 'match', ${JSON.stringify(NOTHING_FOUND)}::jsonb) || jsonb_build_object('checkedAt', ${lookAt.toISOString()}::text))`,
    })
    .where(and(inArray(workItems.id, ids), eq(workItems.status, "open")));
}

/** Still as this run read it: open, nobody's, no proposal, the same version. */
const untouched = (item: ItemRow) =>
  and(
    eq(workItems.id, item.id),
    eq(workItems.version, item.version),
    eq(workItems.status, "open"),
    isNull(workItems.ownerUserId),
    isNull(workItems.proposal),
  );
