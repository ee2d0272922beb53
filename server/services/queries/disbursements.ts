import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  auditEvents,
  bankLines,
  bankMatches,
  creditors,
  disbursementDecisions,
  disbursementItems,
  disbursementRuns,
  disbursements,
  placements,
  qboJournalMappings,
  remittances,
} from "@/db/schema";

/**
 * Read-models of disbursements for the back-office (list, run and disbursement pages) and the
 * creditor portal (Payouts: its own disbursements that left, each with its rows).
 */
const listColumns = {
  id: disbursements.id,
  creditorId: disbursements.creditorId,
  creditorName: creditors.name,
  runId: disbursements.runId,
  status: disbursements.status,
  method: disbursements.method,
  amount: disbursements.amount,
  currency: disbursements.currency,
  rowsAmount: disbursements.rowsAmount,
  feesNetted: disbursements.feesNetted,
  adjustmentAmount: disbursements.adjustmentAmount,
  stripeTransferId: disbursements.stripeTransferId,
  achReference: disbursements.achReference,
  createdAt: disbursements.createdAt,
  approvedAt: disbursements.approvedAt,
  paidAt: disbursements.paidAt,
  bankConfirmedAt: disbursements.bankConfirmedAt,
  failureReason: disbursements.failureReason,
};

/** Disbursements newest first, optionally by status or creditor (staff). */
export async function listDisbursements(
  db: Db,
  p: { status?: (typeof disbursements.$inferSelect)["status"]; creditorId?: string },
) {
  return db
    .select(listColumns)
    .from(disbursements)
    .innerJoin(creditors, eq(creditors.id, disbursements.creditorId))
    .where(
      and(
        p.status ? eq(disbursements.status, p.status) : undefined,
        p.creditorId ? eq(disbursements.creditorId, p.creditorId) : undefined,
      ),
    )
    .orderBy(desc(disbursements.createdAt), desc(disbursements.id))
    .limit(200);
}

/** The rows a disbursement pays (released ones marked), with their placement. */
async function rowsOf(db: Db, disbursementId: string) {
  return db
    .select({
      remittanceId: remittances.id,
      placementId: remittances.placementId,
      invoiceNumber: placements.invoiceNumber,
      status: remittances.status,
      occurredAt: remittances.occurredAt,
      recovered: remittances.recoveredAmount,
      fee: remittances.feeAmount,
      net: remittances.netRemitAmount,
      rateBps: remittances.rateBpsSnapshot,
      releasedAt: disbursementItems.releasedAt,
    })
    .from(disbursementItems)
    .innerJoin(remittances, eq(remittances.id, disbursementItems.remittanceId))
    .innerJoin(placements, eq(placements.id, remittances.placementId))
    .where(eq(disbursementItems.disbursementId, disbursementId))
    .orderBy(asc(remittances.occurredAt));
}

/** One disbursement with its rows, status history (audit), bank confirmation and QuickBooks entry (staff). */
export async function disbursementDetail(db: Db, id: string) {
  const [d] = await db
    .select(listColumns)
    .from(disbursements)
    .innerJoin(creditors, eq(creditors.id, disbursements.creditorId))
    .where(eq(disbursements.id, id));
  if (!d) return null;
  const [rows, history, match, journal] = await Promise.all([
    rowsOf(db, id),
    db
      .select({
        id: auditEvents.id,
        at: auditEvents.occurredAt,
        action: auditEvents.action,
        actorType: auditEvents.actorType,
        actorId: auditEvents.actorId,
        details: auditEvents.details,
      })
      .from(auditEvents)
      .where(and(eq(auditEvents.targetType, "disbursement"), eq(auditEvents.targetId, id)))
      .orderBy(asc(auditEvents.occurredAt)),
    db
      .select({
        rule: bankMatches.rule,
        bookingDate: bankLines.bookingDate,
        amount: bankLines.amount,
        reference: bankLines.reference,
        description: bankLines.description,
      })
      .from(bankMatches)
      .innerJoin(bankLines, eq(bankLines.id, bankMatches.bankLineId))
      .where(and(eq(bankMatches.subjectType, "disbursement"), eq(bankMatches.subjectId, id))),
    db
      .select({
        status: qboJournalMappings.status,
        qboJournalEntryId: qboJournalMappings.qboJournalEntryId,
        lastError: qboJournalMappings.lastError,
      })
      .from(qboJournalMappings)
      .where(eq(qboJournalMappings.disbursementId, id)),
  ]);
  return { disbursement: d, rows, history, bankMatch: match[0] ?? null, journalEntry: journal[0] ?? null };
}

/** Runs newest first with their totals. */
export async function listRuns(db: Db) {
  return db
    .select({
      id: disbursementRuns.id,
      status: disbursementRuns.status,
      cutoff: disbursementRuns.cutoff,
      proposedBy: disbursementRuns.proposedBy,
      proposedAt: disbursementRuns.proposedAt,
      decidedBy: disbursementRuns.decidedBy,
      decidedAt: disbursementRuns.decidedAt,
      disbursements: sql<number>`(select count(*)::int from ${disbursements} d where d.run_id = ${disbursementRuns.id})`,
    })
    .from(disbursementRuns)
    .orderBy(desc(disbursementRuns.proposedAt))
    .limit(100);
}

/** One run: its decisions (who proposed, who approved) and its disbursements. */
export async function runDetail(db: Db, id: string) {
  const [run] = await db.select().from(disbursementRuns).where(eq(disbursementRuns.id, id));
  if (!run) return null;
  const [decisions, items] = await Promise.all([
    db
      .select()
      .from(disbursementDecisions)
      .where(eq(disbursementDecisions.runId, id))
      .orderBy(asc(disbursementDecisions.createdAt)),
    db
      .select(listColumns)
      .from(disbursements)
      .innerJoin(creditors, eq(creditors.id, disbursements.creditorId))
      .where(eq(disbursements.runId, id))
      .orderBy(asc(creditors.name)),
  ]);
  return { run, decisions, disbursements: items };
}

const LEFT = ["sent", "paid", "reversed", "bank_confirmed", "failed"] as const;

/** A creditor's payouts (disbursements that left or failed), newest first, each with its rows. */
export async function creditorPayouts(db: Db, creditorId: string) {
  const list = await db
    .select(listColumns)
    .from(disbursements)
    .innerJoin(creditors, eq(creditors.id, disbursements.creditorId))
    .where(and(eq(disbursements.creditorId, creditorId), inArray(disbursements.status, [...LEFT])))
    .orderBy(desc(disbursements.createdAt))
    .limit(100);
  const rows = list.length
    ? await db
        .select({
          disbursementId: disbursementItems.disbursementId,
          remittanceId: remittances.id,
          placementId: remittances.placementId,
          invoiceNumber: placements.invoiceNumber,
          status: remittances.status,
          occurredAt: remittances.occurredAt,
          recovered: remittances.recoveredAmount,
          fee: remittances.feeAmount,
          net: remittances.netRemitAmount,
        })
        .from(disbursementItems)
        .innerJoin(remittances, eq(remittances.id, disbursementItems.remittanceId))
        .innerJoin(placements, eq(placements.id, remittances.placementId))
        .where(
          inArray(
            disbursementItems.disbursementId,
            list.map((d) => d.id),
          ),
        )
        .orderBy(asc(remittances.occurredAt))
    : [];
  return list.map(({ creditorName: _n, runId: _r, ...d }) => ({
    ...d,
    rows: rows.filter((r) => r.disbursementId === d.id),
  }));
}
