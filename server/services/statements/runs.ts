import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import { creditors, statements } from "@/db/schema";
import { AppError, notFound } from "@/server/errors";
import { isPeriod, periodBounds } from "@/server/domain/statement-period";
import type { StatementLine } from "@/server/domain/statement-lines";
import type { StatementSection } from "@/server/domain/statement-snapshot";
import type { Actor } from "@/server/domain/actor";
import { agencyTimeZone } from "./issue";
import { saveRun } from "./rows";
import { buildSnapshot, type TieOutResult } from "./snapshot";

/** One creditor's state for a month in the back-office: not run yet, generated (previewed), failed or issued. */
export type MonthRun = {
  creditorId: string;
  creditorName: string;
  status: "not_run" | "generating" | "generated" | "failed" | "issued";
  version: number | null;
  statementId: string | null;
  number: string | null;
  issuedAt: Date | null;
  attempts: number;
  error: string | null;
  tieOut: TieOutResult | null;
  updatedAt: Date | null;
};

type Row = {
  creditor_id: string;
  creditor_name: string;
  run_status: MonthRun["status"] | null;
  run_version: number | null;
  attempts: number | null;
  error: string | null;
  tie_out: TieOutResult | null;
  updated_at: Date | string | null;
  statement_id: string | null;
  statement_version: number | null;
  number: string | null;
  issued_at: Date | string | null;
};

/** Every creditor with its latest run and latest issued version for `period` (finance's month view). */
export async function monthRuns(db: Db, period: string): Promise<MonthRun[]> {
  if (!isPeriod(period)) throw new AppError("BAD_REQUEST", `period "${period}" must be YYYY-MM`);
  const rows = await queryRows<Row>(
    db,
    sql`select c.id::text as creditor_id, c.name as creditor_name,
        r.status::text as run_status, r.version as run_version, r.attempts, r.error, r.tie_out, r.updated_at,
        s.id::text as statement_id, s.version as statement_version, s.number, s.issued_at
      from creditors c
      left join lateral (select * from statement_runs x where x.creditor_id = c.id and x.period = ${period}
        order by x.version desc limit 1) r on true
      left join lateral (select * from statements y where y.creditor_id = c.id and y.period = ${period}
        order by y.version desc limit 1) s on true
      order by c.name, c.id`,
  );
  return rows.map((r) => ({
    creditorId: r.creditor_id,
    creditorName: r.creditor_name,
    // A failed re-issue leaves the month issued (its earlier version stands); the run says what failed.
    status: r.run_status === "failed" || !r.statement_id ? (r.run_status ?? "not_run") : "issued",
    version: r.statement_version ?? r.run_version,
    statementId: r.statement_id,
    number: r.number,
    issuedAt: r.issued_at ? new Date(r.issued_at) : null,
    attempts: r.attempts ?? 0,
    error: r.error,
    tieOut: r.tie_out,
    updatedAt: r.updated_at ? new Date(r.updated_at) : null,
  }));
}

export type StatementPreview = {
  number: string;
  version: number;
  isIssued: boolean;
  sections: StatementSection[];
  tieOut: TieOutResult;
  lineCount: number;
  /** The first lines, for a look before issuing. */
  lines: StatementLine[];
};

/**
 * Generate a month's next version without issuing it: the snapshot and its tie-out as issuing would
 * compute them now, recorded on the run as `generated` or `failed` so the month view shows it.
 * Nothing else is written; the ledger bookings happen only when the month is issued.
 */
export async function previewStatement(
  db: Db,
  p: { creditorId: string; period: string; timeZone?: string; now?: Date },
  actor: Actor,
): Promise<StatementPreview> {
  if (!isPeriod(p.period)) throw new AppError("BAD_REQUEST", `period "${p.period}" must be YYYY-MM`);
  const timeZone = p.timeZone ?? agencyTimeZone();
  const now = p.now ?? new Date();
  const [creditor] = await db.select().from(creditors).where(eq(creditors.id, p.creditorId));
  if (!creditor) throw notFound("creditor");
  const [latest] = await db
    .select()
    .from(statements)
    .where(and(eq(statements.creditorId, creditor.id), eq(statements.period, p.period)))
    .orderBy(desc(statements.version))
    .limit(1);
  const version = (latest?.version ?? 0) + 1;
  const [anyIssued] = await db
    .select({ id: statements.id })
    .from(statements)
    .where(eq(statements.creditorId, creditor.id))
    .limit(1);
  const plan = await db.transaction(
    (tx) =>
      buildSnapshot(tx, {
        creditor: { id: creditor.id, name: creditor.name, slug: creditor.slug },
        period: p.period,
        version,
        timeZone: latest?.timeZone ?? timeZone,
        issuedAt: now,
        reason: latest ? "preview of a re-issue" : null,
        isReissue: Boolean(latest),
        isFirst: !anyIssued,
      }),
    { isolationLevel: "repeatable read" },
  );
  const ended = periodBounds(p.period, timeZone).end <= now;
  if (!latest && ended)
    await saveRun(
      db,
      { creditorId: creditor.id, period: p.period, version },
      {
        status: plan.tieOut.ok ? "generated" : "failed",
        actor,
        tieOut: plan.tieOut,
        error: plan.tieOut.ok ? null : "tie-out failed in the preview: see the differences",
      },
    );
  return {
    number: plan.snapshot.number,
    version,
    isIssued: Boolean(latest),
    sections: plan.snapshot.sections,
    tieOut: plan.tieOut,
    lineCount: plan.snapshot.lines.length,
    lines: plan.snapshot.lines.slice(0, 50),
  };
}
