import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { statementBookings, statementLines } from "@/db/schema";
import { statementRuns } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";
import type { StatementLine } from "@/server/domain/statement-lines";
import { jsonSafe } from "../audit/record";

/**
 * The statement tables' rows, each built in one place whichever path writes it: a line of an
 * issued version, a booking of a journal entry to a month, and the run of (creditor, period,
 * version), which is the only one of them that changes (its one writer is `saveRun`).
 */

/** A line as a `statement_lines` row of `statementId`. */
export const lineRow = (statementId: string, l: StatementLine): typeof statementLines.$inferInsert => ({
  statementId,
  ...l,
});

/** A journal entry booked to a creditor's month by the statement that first issued it. */
export const bookingRow = (p: {
  journalEntryId: string;
  creditorId: string;
  period: string;
  statementId: string;
  broughtForward: boolean;
}): typeof statementBookings.$inferInsert => ({ ...p });

export type RunState = {
  status: "generating" | "generated" | "failed" | "issued";
  actor: Actor;
  reason?: string | null;
  tieOut?: Record<string, unknown> | null;
  error?: string | null;
  statementId?: string | null;
  /** Count this as another attempt (generation and issue do; a preview does not). */
  isAttempt?: boolean;
};

/**
 * Record the state of the run of (creditor, period, version): inserted the first time, updated
 * after. A run that is `issued` only changes to another issued state (a preview never demotes it).
 */
export async function saveRun(
  db: Db,
  key: { creditorId: string; period: string; version: number },
  s: RunState,
): Promise<string> {
  const state = {
    status: s.status,
    requestedBy: `${s.actor.type}:${s.actor.id}`,
    tieOut: s.tieOut ? jsonSafe(s.tieOut) : null,
    error: s.error ? s.error.slice(0, 2000) : null,
    statementId: s.statementId ?? null,
    ...(s.reason !== undefined ? { reason: s.reason } : {}),
  };
  const [run] = await db
    .insert(statementRuns)
    .values({ ...key, ...state, attempts: s.isAttempt ? 1 : 0 })
    .onConflictDoUpdate({
      target: [statementRuns.creditorId, statementRuns.period, statementRuns.version],
      set: {
        ...state,
        attempts: s.isAttempt ? sql`${statementRuns.attempts} + 1` : statementRuns.attempts,
        updatedAt: new Date(),
      },
      where: s.status === "issued" ? undefined : sql`${statementRuns.status} <> 'issued'`,
    })
    .returning({ id: statementRuns.id });
  return run?.id ?? "";
}
