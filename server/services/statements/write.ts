import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { statementBookings, statementLines, statements, users } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";
import { diffStatements } from "@/server/domain/statement-diff";
import { renderStatementPdf } from "@/server/pdf/statement/render";
import { jsonSafe, recordAudit } from "../audit/record";
import { enqueueEffect } from "../outbox/outbox";
import { emitWebhookEvent } from "../webhooks-out/events";
import { renderStatementCsv } from "./csv";
import { storeStatementFile } from "./files";
import { historyEntryIds } from "./ledger-read";
import { bookingRow, lineRow } from "./rows";
import type { SnapshotPlan } from "./snapshot";
import { storedSnapshot, summaryToJson, versionFacts } from "./stored";

const CHUNK = 1_000;

/**
 * Write a tied-out statement version, in the caller's transaction: its PDF and CSV (rendered from
 * the snapshot, stored), the statement row with what changed since the previous version, its
 * lines, and, for version 1, the bookings that close the month (a first statement also books the
 * history it brings forward). Queues a mail to each creditor admin and records the audit event.
 */
export async function writeStatement(
  db: Db,
  p: { plan: SnapshotPlan; previous: typeof statements.$inferSelect | undefined; actor: Actor },
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
  const changes = p.previous
    ? diffStatements(versionFacts(await storedSnapshot(db, p.previous)), versionFacts(snap))
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
      issuedBy: `${p.actor.type}:${p.actor.id}`,
      reason: snap.reason,
      previousStatementId: p.previous?.id ?? null,
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
  for (let i = 0; i < snap.lines.length; i += CHUNK)
    await db.insert(statementLines).values(snap.lines.slice(i, i + CHUNK).map((l) => lineRow(statementId, l)));
  if (!p.previous) {
    const booking = (journalEntryId: string, broughtForward: boolean) =>
      bookingRow({ journalEntryId, creditorId, period: snap.period, statementId, broughtForward });
    const rows = [...new Set(p.plan.entries.map((e) => e.entryId))].map((id) => booking(id, false));
    if (p.plan.isFirst)
      for (const id of await historyEntryIds(db, { creditorId, payable: p.plan.payable, start: snap.periodStart }))
        rows.push(booking(id, true));
    for (let i = 0; i < rows.length; i += CHUNK) await db.insert(statementBookings).values(rows.slice(i, i + CHUNK));
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
  // Outbound webhook, in the issuing transaction (a re-issue is a new statement version: its own event).
  await emitWebhookEvent(db, { type: "statement.issued", creditorId, subjectId: statementId });
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
