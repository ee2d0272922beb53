import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, statements } from "@/db/schema";
import { env } from "@/server/env";
import { AppError, notFound } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { isPeriod, periodBounds } from "@/server/domain/statement-period";
import { recordAudit } from "../audit/record";
import { openWorkItem } from "../work-items/open";
import { saveRun } from "./rows";
import { buildSnapshot, type SnapshotPlan } from "./snapshot";
import { writeStatement } from "./write";

export type IssueInput = {
  creditorId: string;
  period: string;
  /** Required to re-issue a month that already has a version; ignored otherwise. */
  reason?: string | null;
  /**
   * The version the caller means to create. Given, a repeat of the same request after it succeeded
   * answers `already_issued` instead of issuing yet another version (the job passes 1).
   */
  version?: number;
  timeZone?: string;
  now?: Date;
};

export type IssueResult =
  | { outcome: "issued"; statementId: string; version: number; number: string; runId: string }
  | { outcome: "already_issued"; statementId: string; version: number }
  | { outcome: "tie_out_failed"; runId: string; version: number; tieOut: SnapshotPlan["tieOut"] };

/** The agency's time zone (AGENCY_TIME_ZONE, default UTC). */
export const agencyTimeZone = (): string => env().AGENCY_TIME_ZONE;

/**
 * Generate and issue one creditor's statement for a month, all or nothing: the snapshot (entries,
 * summary from postings, lines from records) is tied out first; a difference of one cent issues
 * nothing, marks the run failed and opens a work item naming the difference. Otherwise the PDF and
 * CSV are rendered and stored, the statement version and its lines written, version 1 books the
 * month's entries for good, the creditor's admins are mailed through the outbox, and the run is
 * `issued`. A month that has a version is re-issued only with a reason, as the next version.
 */
export async function issueStatement(db: Db, input: IssueInput, actor: Actor): Promise<IssueResult> {
  if (!isPeriod(input.period))
    throw new AppError("BAD_REQUEST", `period "${input.period}" must be YYYY-MM, e.g. 2026-11`);
  const timeZone = input.timeZone ?? agencyTimeZone();
  const now = input.now ?? new Date();
  const { end } = periodBounds(input.period, timeZone);
  if (end > now)
    throw new AppError(
      "BAD_REQUEST",
      `${input.period} has not ended yet in ${timeZone}: a month is stated once it is over`,
    );
  const reason = input.reason?.trim() || null;
  let attempted: { version: number; reason: string | null } | undefined;
  try {
    return await db.transaction(
      async (tx) => {
        // One statement at a time per creditor; payments (key-share locks) are not blocked.
        const [creditor] = await tx
          .select()
          .from(creditors)
          .where(eq(creditors.id, input.creditorId))
          .for("no key update");
        if (!creditor) throw notFound("creditor");
        // Every version of the creditor, newest month first: this month's latest, and any later month.
        const issued = await tx
          .select()
          .from(statements)
          .where(eq(statements.creditorId, creditor.id))
          .orderBy(desc(statements.period), desc(statements.version));
        const latest = issued.find((x) => x.period === input.period);
        if (latest && (!reason || (input.version !== undefined && latest.version >= input.version)))
          return { outcome: "already_issued", statementId: latest.id, version: latest.version };
        if (latest && reason && reason.length < 3)
          throw new AppError("BAD_REQUEST", "say why the month is re-issued (at least 3 characters)");
        const later = issued[0]?.period;
        if (!latest && later && later > input.period)
          throw new AppError(
            "CONFLICT",
            `${later} is already issued: ${input.period}'s events are on it or on a later statement, so ${input.period} cannot be issued now`,
          );
        const version = latest ? latest.version + 1 : 1;
        attempted = { version, reason: latest ? reason : null };
        const key = { creditorId: creditor.id, period: input.period, version };
        const plan = await buildSnapshot(tx, {
          creditor: { id: creditor.id, name: creditor.name, slug: creditor.slug },
          period: input.period,
          version,
          timeZone: latest?.timeZone ?? timeZone,
          issuedAt: now,
          reason: latest ? reason : null,
          isReissue: Boolean(latest),
          isFirst: issued.length === 0,
        });
        if (!plan.tieOut.ok) return failTieOut(tx, { ...key, plan, actor });
        const statementId = await writeStatement(tx, { plan, previous: latest, actor });
        const runId = await saveRun(tx, key, {
          status: "issued",
          actor,
          reason: attempted.reason,
          tieOut: plan.tieOut,
          statementId,
          isAttempt: true,
        });
        return { outcome: "issued", statementId, version, number: plan.snapshot.number, runId };
      },
      { isolationLevel: "repeatable read" },
    );
  } catch (err) {
    if (attempted)
      await recordRunError(db, { creditorId: input.creditorId, period: input.period, ...attempted, err, actor });
    throw err;
  }
}

async function failTieOut(
  db: Db,
  p: { creditorId: string; period: string; version: number; plan: SnapshotPlan; actor: Actor },
): Promise<IssueResult> {
  const t = p.plan.tieOut;
  const first = t.differences[0];
  const what = first
    ? `${first.currency} ${first.figure}: ledger ${first.fromPostings}, lines ${first.fromLines} (difference ${first.difference} minor units)`
    : `${t.unexplained.length} ledger entr${t.unexplained.length === 1 ? "y has" : "ies have"} no record behind them`;
  const key = { creditorId: p.creditorId, period: p.period, version: p.version };
  const runId = await saveRun(db, key, {
    status: "failed",
    actor: p.actor,
    tieOut: t,
    error: `tie-out failed: ${what}`,
    isAttempt: true,
  });
  await openWorkItem(db, {
    kind: "statement_tie_out",
    creditorId: p.creditorId,
    subjectType: "statement_run",
    subjectId: runId,
    title: `Statement ${p.plan.snapshot.number} v${p.version} not issued: ${what}`,
    nextAction:
      "Find the entry whose record disagrees with its postings (see evidence), correct it with a new entry, then regenerate the month.",
    evidence: { differences: t.differences, unexplained: t.unexplained, period: p.period, version: p.version },
    dedupeKey: `statement-tie-out:${p.creditorId}:${p.period}:v${p.version}`,
  });
  await recordAudit(db, {
    actor: p.actor,
    action: "statement.tie_out_failed",
    category: "statements",
    creditorId: p.creditorId,
    targetType: "statement_run",
    targetId: runId,
    details: {
      period: p.period,
      version: p.version,
      differences: t.differences.length,
      unexplained: t.unexplained.length,
    },
  });
  return { outcome: "tie_out_failed", runId: runId, version: p.version, tieOut: t };
}

async function recordRunError(
  db: Db,
  p: { creditorId: string; period: string; version: number; reason: string | null; err: unknown; actor: Actor },
) {
  // The attempt's own transaction rolled back (its run row with it): say here why it failed.
  await saveRun(db, p, {
    status: "failed",
    actor: p.actor,
    reason: p.reason,
    error: p.err instanceof Error ? p.err.message : String(p.err),
    isAttempt: true,
  });
}
