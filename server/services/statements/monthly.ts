import { and, desc, eq, sql } from "drizzle-orm";
import pLimit from "p-limit";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import { statements } from "@/db/schema";
import { nextPeriod, periodBounds, periodOf, periodsBetween, previousPeriod } from "@/server/domain/statement-period";
import type { Actor } from "@/server/domain/actor";
import { agencyTimeZone, issueStatement, type IssueResult } from "./issue";

/**
 * The monthly run: every creditor with money on its books gets its statement for the month just
 * ended. Each creditor is one unit of work (one Inngest step, one loop turn of the in-process
 * runner and of `npm run statements:run`), idempotent by (creditor, period, version 1).
 */
export const MONTHLY_ACTOR: Actor = { type: "job", id: "statements-monthly" };

/** The month a run at `now` states: the one before `now`'s month in the agency's time zone. */
export const periodToState = (now: Date, timeZone = agencyTimeZone()) => previousPeriod(periodOf(now, timeZone));

/** Creditors with any ledger entry that happened before the end of `period`. */
export async function creditorsToState(db: Db, period: string, timeZone = agencyTimeZone()): Promise<string[]> {
  const { end } = periodBounds(period, timeZone);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select c.id::text from creditors c
      where exists (select 1 from journal_entries e where e.creditor_id = c.id and e.occurred_at < ${end})
      order by c.id`,
  );
  return rows.map((r) => r.id);
}

export type CreditorMonthResult = {
  creditorId: string;
  issued: Array<{ period: string; outcome: IssueResult["outcome"] }>;
};

/**
 * State `period` for one creditor (version 1), first catching up, in order, any month since its
 * last statement that was never issued (the job was down, a run failed): statements go out in order.
 * Stops at the first month that does not issue, so a tie-out failure holds the later months back.
 */
export async function stateCreditorMonth(
  db: Db,
  p: { creditorId: string; period: string; timeZone?: string; now?: Date },
  actor: Actor = MONTHLY_ACTOR,
): Promise<CreditorMonthResult> {
  const [last] = await db
    .select({ period: statements.period })
    .from(statements)
    .where(and(eq(statements.creditorId, p.creditorId), eq(statements.version, 1)))
    .orderBy(desc(statements.period))
    .limit(1);
  const months = last && last.period < p.period ? periodsBetween(nextPeriod(last.period), p.period) : [p.period];
  const out: CreditorMonthResult = { creditorId: p.creditorId, issued: [] };
  for (const period of months) {
    const r = await issueStatement(
      db,
      { creditorId: p.creditorId, period, version: 1, timeZone: p.timeZone, now: p.now },
      actor,
    );
    out.issued.push({ period, outcome: r.outcome });
    if (r.outcome === "tie_out_failed") break;
  }
  return out;
}

export type MonthlySummary = {
  period: string;
  creditors: number;
  issued: number;
  alreadyIssued: number;
  tieOutFailed: number;
  failed: Array<{ creditorId: string; error: string }>;
};

/** Creditors stated at once: one renders its PDF while the others wait on the database. */
const CONCURRENCY = 4;

/** Run `period` (default: last month) for every creditor, or one; a creditor's failure never stops the others. */
export async function runMonthlyStatements(
  db: Db,
  p: { period?: string; creditorId?: string; now?: Date; timeZone?: string; concurrency?: number } = {},
  actor: Actor = MONTHLY_ACTOR,
): Promise<MonthlySummary> {
  const timeZone = p.timeZone ?? agencyTimeZone();
  const now = p.now ?? new Date();
  const period = p.period ?? periodToState(now, timeZone);
  const ids = p.creditorId ? [p.creditorId] : await creditorsToState(db, period, timeZone);
  const out: MonthlySummary = {
    period,
    creditors: ids.length,
    issued: 0,
    alreadyIssued: 0,
    tieOutFailed: 0,
    failed: [],
  };
  const limit = pLimit(p.concurrency ?? CONCURRENCY);
  await Promise.all(
    ids.map((creditorId) =>
      limit(async () => {
        try {
          const r = await stateCreditorMonth(db, { creditorId, period, timeZone, now }, actor);
          for (const x of r.issued) {
            if (x.outcome === "issued") out.issued++;
            else if (x.outcome === "already_issued") out.alreadyIssued++;
            else out.tieOutFailed++;
          }
        } catch (err) {
          out.failed.push({ creditorId, error: err instanceof Error ? err.message : String(err) });
        }
      }),
    ),
  );
  return out;
}
