import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, statementBookings, statementLines, statementRuns, statements, users } from "@/db/schema";
import { env } from "@/server/env";
import { AppError, notFound } from "@/server/errors";
import { diffStatements } from "@/server/domain/statement-diff";
import { isPeriod, periodBounds } from "@/server/domain/statement-period";
import { renderStatementPdf } from "@/server/pdf/statement/render";
import type { Actor } from "../audit/actor";
import { jsonSafe, recordAudit } from "../audit/record";
import { enqueueEffect } from "../outbox/outbox";
import { openWorkItem } from "../work-items/open";
import { renderStatementCsv } from "./csv";
import { storeStatementFile } from "./files";
import { bookHistory } from "./ledger-read";
import { buildSnapshot, type SnapshotPlan } from "./snapshot";
import { lineToRow, storedSnapshot, summaryToJson, versionFacts } from "./stored";

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

const actorRef = (a: Actor) => `${a.type}:${a.id}`;

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
        const [latest] = await tx
          .select()
          .from(statements)
          .where(and(eq(statements.creditorId, creditor.id), eq(statements.period, input.period)))
          .orderBy(desc(statements.version))
          .limit(1);
        if (latest && (!reason || (input.version !== undefined && latest.version >= input.version)))
          return { outcome: "already_issued", statementId: latest.id, version: latest.version };
        if (latest && reason && reason.length < 3)
          throw new AppError("BAD_REQUEST", "say why the month is re-issued (at least 3 characters)");
        const version = latest ? latest.version + 1 : 1;
        if (!latest) await assertInOrder(tx, creditor.id, input.period);
        attempted = { version, reason: latest ? reason : null };
        const runId = await startRun(tx, { creditorId: creditor.id, period: input.period, version, reason, actor });
        const plan = await buildSnapshot(tx, {
          creditor: { id: creditor.id, name: creditor.name, slug: creditor.slug },
          period: input.period,
          version,
          timeZone: latest?.timeZone ?? timeZone,
          issuedAt: now,
          reason: latest ? reason : null,
          isReissue: Boolean(latest),
        });
        if (!plan.tieOut.ok)
          return failTieOut(tx, { runId, creditorId: creditor.id, period: input.period, version, plan, actor });
        const statementId = await writeStatement(tx, { plan, latest, actor });
        await tx
          .update(statementRuns)
          .set({ status: "issued", statementId, tieOut: jsonSafe(plan.tieOut), error: null, updatedAt: new Date() })
          .where(eq(statementRuns.id, runId));
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

async function assertInOrder(db: Db, creditorId: string, period: string) {
  const [later] = await db
    .select({ period: statements.period })
    .from(statements)
    .where(and(eq(statements.creditorId, creditorId), sql`${statements.period} > ${period}`))
    .limit(1);
  if (later)
    throw new AppError(
      "CONFLICT",
      `${later.period} is already issued: ${period}'s events are on it or on a later statement, so ${period} cannot be issued now`,
    );
}

async function startRun(
  db: Db,
  p: { creditorId: string; period: string; version: number; reason: string | null; actor: Actor },
): Promise<string> {
  const [run] = await db
    .insert(statementRuns)
    .values({
      creditorId: p.creditorId,
      period: p.period,
      version: p.version,
      reason: p.reason,
      requestedBy: actorRef(p.actor),
      attempts: 1,
    })
    .onConflictDoUpdate({
      target: [statementRuns.creditorId, statementRuns.period, statementRuns.version],
      set: {
        status: "generating",
        attempts: sql`${statementRuns.attempts} + 1`,
        reason: p.reason,
        requestedBy: actorRef(p.actor),
        error: null,
        updatedAt: new Date(),
      },
    })
    .returning({ id: statementRuns.id });
  return run!.id;
}

async function failTieOut(
  db: Db,
  p: { runId: string; creditorId: string; period: string; version: number; plan: SnapshotPlan; actor: Actor },
): Promise<IssueResult> {
  const t = p.plan.tieOut;
  const first = t.differences[0];
  const what = first
    ? `${first.currency} ${first.figure}: ledger ${first.fromPostings}, lines ${first.fromLines} (difference ${first.difference} minor units)`
    : `${t.unexplained.length} ledger entr${t.unexplained.length === 1 ? "y has" : "ies have"} no record behind them`;
  await db
    .update(statementRuns)
    .set({ status: "failed", tieOut: jsonSafe(t), error: `tie-out failed: ${what}`, updatedAt: new Date() })
    .where(eq(statementRuns.id, p.runId));
  await openWorkItem(db, {
    kind: "statement_tie_out",
    creditorId: p.creditorId,
    subjectType: "statement_run",
    subjectId: p.runId,
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
    targetId: p.runId,
    details: {
      period: p.period,
      version: p.version,
      differences: t.differences.length,
      unexplained: t.unexplained.length,
    },
  });
  return { outcome: "tie_out_failed", runId: p.runId, version: p.version, tieOut: t };
}

async function writeStatement(
  db: Db,
  p: { plan: SnapshotPlan; latest: typeof statements.$inferSelect | undefined; actor: Actor },
): Promise<string> {
  const snap = p.plan.snapshot;
  const creditorId = snap.creditor.id;
  const pdf = await renderStatementPdf(snap);
  const csv = renderStatementCsv(snap);
  const base = `${snap.number}-v${snap.version}`;
  const pdfFile = await storeStatementFile(db, {
    creditorId,
    kind: "statement_pdf",
    name: `${base}.pdf`,
    contentType: "application/pdf",
    bytes: pdf.bytes,
  });
  const csvFile = await storeStatementFile(db, {
    creditorId,
    kind: "statement_csv",
    name: `${base}.csv`,
    contentType: "text/csv; charset=utf-8",
    bytes: csv,
  });
  const changes = p.latest
    ? diffStatements(versionFacts(await storedSnapshot(db, p.latest)), versionFacts(snap))
    : null;
  const [row] = await db
    .insert(statements)
    .values({
      creditorId,
      period: snap.period,
      version: snap.version,
      number: snap.number,
      timeZone: snap.timeZone,
      periodStart: snap.periodStart,
      periodEnd: snap.periodEnd,
      issuedAt: snap.issuedAt,
      issuedBy: actorRef(p.actor),
      reason: snap.reason,
      previousStatementId: p.latest?.id ?? null,
      creditorName: snap.creditor.name,
      creditorSlug: snap.creditor.slug,
      summary: summaryToJson(snap.sections),
      changes: changes ? jsonSafe(changes) : null,
      lineCount: snap.lines.length,
      pageCount: pdf.pages,
      pdfFileId: pdfFile.fileId,
      csvFileId: csvFile.fileId,
      pdfSha256: pdfFile.sha256,
      csvSha256: csvFile.sha256,
    })
    .returning({ id: statements.id });
  const statementId = row!.id;
  for (let i = 0; i < snap.lines.length; i += 1000)
    await db.insert(statementLines).values(snap.lines.slice(i, i + 1000).map((l) => lineToRow(statementId, l)));
  if (!p.latest) {
    const ids = [...new Set(p.plan.entries.map((e) => e.entryId))];
    for (let i = 0; i < ids.length; i += 1000)
      await db
        .insert(statementBookings)
        .values(
          ids
            .slice(i, i + 1000)
            .map((journalEntryId) => ({ journalEntryId, creditorId, period: snap.period, statementId })),
        );
    if (p.plan.isFirst)
      await bookHistory(db, {
        creditorId,
        payable: p.plan.payable,
        start: snap.periodStart,
        period: snap.period,
        statementId,
      });
  }
  const admins = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.creditorId, creditorId), eq(users.role, "creditor_admin"), isNull(users.disabledAt)));
  for (const admin of admins)
    await enqueueEffect(db, "mail.statement_issued", `statement-issued:${statementId}:${admin.id}`, {
      statementId,
      userId: admin.id,
    });
  await recordAudit(db, {
    actor: p.actor,
    action: snap.version === 1 ? "statement.issued" : "statement.reissued",
    category: "statements",
    creditorId,
    targetType: "statement",
    targetId: statementId,
    details: {
      number: snap.number,
      version: snap.version,
      period: snap.period,
      reason: snap.reason,
      lines: snap.lines.length,
      pdfSha256: pdfFile.sha256,
      csvSha256: csvFile.sha256,
    },
  });
  return statementId;
}

async function recordRunError(
  db: Db,
  p: { creditorId: string; period: string; version: number; reason: string | null; err: unknown; actor: Actor },
) {
  // The attempt's own transaction rolled back (its run row with it): say here why it failed.
  const error = (p.err instanceof Error ? p.err.message : String(p.err)).slice(0, 2000);
  await db
    .insert(statementRuns)
    .values({
      creditorId: p.creditorId,
      period: p.period,
      version: p.version,
      status: "failed",
      reason: p.reason,
      requestedBy: actorRef(p.actor),
      error,
      attempts: 1,
    })
    .onConflictDoUpdate({
      target: [statementRuns.creditorId, statementRuns.period, statementRuns.version],
      set: { status: "failed", error, attempts: sql`${statementRuns.attempts} + 1`, updatedAt: new Date() },
    });
}
