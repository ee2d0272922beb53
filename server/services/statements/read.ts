import { and, asc, desc, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { statementLines, statements } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { StatementLine } from "@/server/domain/statement-lines";
import type { StatementSection } from "@/server/domain/statement-snapshot";
import type { StatementDiff } from "@/server/domain/statement-diff";
import { lineFromRow, summaryFromJson } from "./stored";

/** What a statement version shows outside: its header, summary, files' fingerprints and what changed. */
export type StatementView = {
  id: string;
  creditorId: string;
  creditorName: string;
  number: string;
  period: string;
  version: number;
  timeZone: string;
  periodStart: Date;
  periodEnd: Date;
  issuedAt: Date;
  issuedBy: string;
  reason: string | null;
  sections: StatementSection[];
  changes: StatementDiff | null;
  lineCount: number;
  pageCount: number;
  pdfSha256: string;
  csvSha256: string;
  pdfFileId: string | null;
  csvFileId: string | null;
};

type Row = typeof statements.$inferSelect;
const view = (r: Row): StatementView => ({
  id: r.id,
  creditorId: r.creditorId,
  creditorName: r.creditorName,
  number: r.number,
  period: r.period,
  version: r.version,
  timeZone: r.timeZone,
  periodStart: r.periodStart,
  periodEnd: r.periodEnd,
  issuedAt: r.issuedAt,
  issuedBy: r.issuedBy,
  reason: r.reason,
  sections: summaryFromJson(r.summary),
  changes: (r.changes as StatementDiff | null) ?? null,
  lineCount: r.lineCount,
  pageCount: r.pageCount,
  pdfSha256: r.pdfSha256,
  csvSha256: r.csvSha256,
  pdfFileId: r.pdfFileId,
  csvFileId: r.csvFileId,
});

/** A month of a creditor's statements: the latest version, and every version newest first. */
export type StatementMonth = { period: string; latest: StatementView; versions: StatementView[] };

/** The creditor's statements by month, newest month first (optionally one month). Tenant from the caller. */
export async function listCreditorStatements(
  db: Db,
  creditorId: string,
  p: { period?: string } = {},
): Promise<StatementMonth[]> {
  const rows = await db
    .select()
    .from(statements)
    .where(and(eq(statements.creditorId, creditorId), p.period ? eq(statements.period, p.period) : undefined))
    .orderBy(desc(statements.period), desc(statements.version));
  const months = new Map<string, StatementView[]>();
  for (const r of rows) months.set(r.period, [...(months.get(r.period) ?? []), view(r)]);
  return [...months].map(([period, versions]) => ({ period, latest: versions[0]!, versions }));
}

/** One statement version of the creditor; another creditor's id answers NOT_FOUND. */
export async function getCreditorStatement(db: Db, creditorId: string | null, id: string): Promise<StatementView> {
  const [row] = await db
    .select()
    .from(statements)
    .where(and(eq(statements.id, id), creditorId ? eq(statements.creditorId, creditorId) : undefined));
  if (!row) throw notFound("statement");
  return view(row);
}

/** Every version of the statement's month, newest first (the same creditor's). */
export async function statementVersions(db: Db, s: Pick<StatementView, "creditorId" | "period">) {
  const rows = await db
    .select()
    .from(statements)
    .where(and(eq(statements.creditorId, s.creditorId), eq(statements.period, s.period)))
    .orderBy(desc(statements.version));
  return rows.map(view);
}

/**
 * A page of an issued statement's lines in statement order, after line `afterSeq` (keyset on
 * (statement, seq)): what the portal's line table and the `statement_lines` export read. The
 * statement is the latest version of (creditor, period) unless `statementId` names one; another
 * creditor's statement answers NOT_FOUND.
 */
export async function statementLinesPage(
  db: Db,
  p: { creditorId: string; period?: string; statementId?: string; afterSeq?: number; limit?: number },
): Promise<{ statement: StatementView; lines: StatementLine[]; nextSeq: number | null }> {
  const [row] = await db
    .select()
    .from(statements)
    .where(
      and(
        eq(statements.creditorId, p.creditorId),
        p.statementId ? eq(statements.id, p.statementId) : undefined,
        p.period ? eq(statements.period, p.period) : undefined,
      ),
    )
    .orderBy(desc(statements.version))
    .limit(1);
  if (!row || (!p.statementId && !p.period)) throw notFound("statement");
  const limit = Math.min(Math.max(p.limit ?? 500, 1), 5_000);
  const rows = await db
    .select()
    .from(statementLines)
    .where(and(eq(statementLines.statementId, row.id), gt(statementLines.seq, p.afterSeq ?? 0)))
    .orderBy(asc(statementLines.seq))
    .limit(limit + 1);
  const more = rows.length > limit;
  const lines = rows.slice(0, limit).map(lineFromRow);
  return { statement: view(row), lines, nextSeq: more ? lines.at(-1)!.seq : null };
}

/** Every line of a creditor's statement (latest version of the month, or the one named), page by page. */
export async function* streamStatementLines(
  db: Db,
  p: { creditorId: string; period?: string; statementId?: string; pageSize?: number },
): AsyncGenerator<{ statement: StatementView; line: StatementLine }> {
  let afterSeq = 0;
  for (;;) {
    const page = await statementLinesPage(db, { ...p, afterSeq, limit: p.pageSize ?? 1_000 });
    for (const line of page.lines) yield { statement: page.statement, line };
    if (page.nextSeq === null) return;
    afterSeq = page.nextSeq;
  }
}
