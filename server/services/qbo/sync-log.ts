import { and, count, eq, ilike, inArray, like, lte, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, paymentAttempts, placements, qboPaymentMappings, workItems } from "@/db/schema";
import { formatMinor } from "@/server/domain/money";
import { keyset } from "@/server/lib/list-cursor";
import { getQboConnection } from "./connections";

/**
 * The creditor's QuickBooks sync log: its writebacks (one row per payment, with QBO's message when
 * it failed) and its QBO events (the `qbo` category of the audit log: postings, failures, drift with
 * its cause, payments found in QuickBooks, connection changes). Keyset-paginated, newest first.
 */
export const WRITEBACK_STATUSES = ["posted", "pending", "failed"] as const;
export const SYNC_EVENT_KINDS = [
  "all",
  "failures",
  "drift",
  "direct_payments",
  "writebacks",
  "skipped",
  "connection",
] as const;
export type SyncEventKind = (typeof SYNC_EVENT_KINDS)[number];

const EVENT_FILTERS: Record<Exclude<SyncEventKind, "all">, SQL | undefined> = {
  failures: inArray(auditEvents.action, [
    "qbo.writeback.failed",
    "qbo.connection.needs_reconnect",
    "qbo.journal_entry.failed",
  ]),
  drift: eq(auditEvents.action, "qbo.drift.detected"),
  direct_payments: eq(auditEvents.action, "qbo.direct_payment.found"),
  writebacks: inArray(auditEvents.action, [
    "qbo.writeback.posted",
    "qbo.writeback.synced",
    "qbo.writeback.retry_requested",
    "qbo.placement.linked",
    "qbo.journal_entry.posted",
    "qbo.journal_entry.retry_requested",
  ]),
  skipped: eq(auditEvents.action, "qbo.writeback.skipped"),
  connection: or(like(auditEvents.action, "qbo.connect%"), eq(auditEvents.action, "qbo.disconnected")),
};

/**
 * Per-payment "not connected" skips recorded before the writeback stopped recording them: the
 * sync log and the audit feeds leave them out (one line says QuickBooks is not connected).
 */
export const NOT_CONNECTED_SKIP: SQL = sql`not (${auditEvents.action} = 'qbo.writeback.skipped' and ${auditEvents.details}->>'reason' in ('QuickBooks is not connected', 'QuickBooks was disconnected'))`;

/** What happened to one writeback, in words (the row's time is its own column). */
export function describeWriteback(w: {
  status: string;
  invoiceNumber: string;
  qboInvoiceId: string | null;
  qboPaymentId: string | null;
  lastError: string | null;
  attempts: number;
}): string {
  const invoice = w.qboInvoiceId
    ? `QuickBooks invoice ${w.qboInvoiceId} (${w.invoiceNumber})`
    : `invoice ${w.invoiceNumber}`;
  if (w.status === "posted") return `Recorded in QuickBooks as payment ${w.qboPaymentId ?? "?"} against ${invoice}.`;
  if (w.status === "failed")
    return `Not recorded in QuickBooks after ${w.attempts} attempt${w.attempts === 1 ? "" : "s"}: ${w.lastError ?? "QuickBooks refused it"} Waiting for a retry.`;
  if (w.lastError) return `QuickBooks refused attempt ${w.attempts}; trying again automatically: ${w.lastError}`;
  return w.qboPaymentId
    ? `QuickBooks payment ${w.qboPaymentId} is being updated after a refund or chargeback.`
    : `Waiting to be recorded against ${invoice}.`;
}

/** Creditors with writebacks due now (what the writeback tick fans out to). */
export async function creditorsWithDueWritebacks(db: Db, now = new Date()): Promise<string[]> {
  const rows = await db
    .selectDistinct({ creditorId: qboPaymentMappings.creditorId })
    .from(qboPaymentMappings)
    .where(and(ne(qboPaymentMappings.status, "posted"), lte(qboPaymentMappings.nextAttemptAt, now)));
  return rows.map((r) => r.creditorId);
}

/** One creditor's writebacks, newest first: filter by status or invoice number. */
export async function listWritebacks(
  db: Db,
  p: {
    creditorId: string;
    status?: (typeof WRITEBACK_STATUSES)[number];
    search?: string;
    cursor?: string;
    limit?: number;
  },
) {
  const ks = keyset(
    "created",
    { column: qboPaymentMappings.createdAt, kind: "timestamp" },
    qboPaymentMappings.id,
    "desc",
    p,
  );
  const rows = await db
    .select({
      id: qboPaymentMappings.id,
      createdAt: qboPaymentMappings.createdAt,
      updatedAt: qboPaymentMappings.updatedAt,
      status: qboPaymentMappings.status,
      amount: qboPaymentMappings.amount,
      currency: qboPaymentMappings.currency,
      placementId: qboPaymentMappings.placementId,
      invoiceNumber: placements.invoiceNumber,
      qboInvoiceId: qboPaymentMappings.qboInvoiceId,
      qboPaymentId: qboPaymentMappings.qboPaymentId,
      attempts: qboPaymentMappings.attempts,
      lastError: qboPaymentMappings.lastError,
      lastErrorCode: qboPaymentMappings.lastErrorCode,
      nextAttemptAt: qboPaymentMappings.nextAttemptAt,
      postedAt: qboPaymentMappings.postedAt,
      paymentRef: paymentAttempts.externalId,
      sortValue: ks.sortValue,
    })
    .from(qboPaymentMappings)
    .innerJoin(placements, eq(placements.id, qboPaymentMappings.placementId))
    .innerJoin(paymentAttempts, eq(paymentAttempts.id, qboPaymentMappings.paymentAttemptId))
    .where(
      and(
        eq(qboPaymentMappings.creditorId, p.creditorId),
        p.status ? eq(qboPaymentMappings.status, p.status) : undefined,
        p.search ? ilike(placements.invoiceNumber, `%${p.search.replace(/[\\%_]/g, "\\$&")}%`) : undefined,
        ks.after,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(ks.fetch);
  const out = ks.page(rows);
  return { ...out, items: out.items.map((w) => ({ ...w, summary: describeWriteback(w) })) };
}

/** One creditor's QuickBooks events, newest first, by kind. */
export async function listSyncEvents(
  db: Db,
  p: { creditorId: string; kind?: SyncEventKind; cursor?: string; limit?: number },
) {
  const ks = keyset("occurred", { column: auditEvents.occurredAt, kind: "timestamp" }, auditEvents.id, "desc", p);
  const rows = await db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      action: auditEvents.action,
      actorType: auditEvents.actorType,
      actorId: auditEvents.actorId,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      details: auditEvents.details,
      sortValue: ks.sortValue,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.creditorId, p.creditorId),
        eq(auditEvents.category, "qbo"),
        NOT_CONNECTED_SKIP,
        p.kind && p.kind !== "all" ? EVENT_FILTERS[p.kind] : undefined,
        ks.after,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(ks.fetch);
  const out = ks.page(rows);
  return { ...out, items: out.items.map((e) => ({ ...e, summary: summarize(e.action, e.details) })) };
}

/** A sentence for the sync log, from an event's details (amounts are exact minor-unit strings). */
export function summarize(action: string, d: Record<string, unknown>): string {
  const cur = typeof d.currency === "string" ? d.currency : undefined;
  const amt = (v: unknown) =>
    cur && (typeof v === "string" || typeof v === "number") && /^-?\d+$/.test(String(v))
      ? `${formatMinor(BigInt(String(v)), cur)} ${cur}`
      : String(v ?? "");
  switch (action) {
    case "qbo.writeback.posted":
      return `Posted ${amt(d.amount)} to invoice ${String(d.qboInvoiceId)} as QuickBooks payment ${String(d.qboPaymentId)}.`;
    case "qbo.writeback.synced":
      return `QuickBooks payment ${String(d.qboPaymentId)} ${d.amountChange === "voided" ? "voided after a full reversal" : `now ${amt(d.netAmount)} after a reversal`}.`;
    case "qbo.writeback.failed":
      return `Writeback of ${amt(d.amount)} failed (attempt ${String(d.attempts)}): ${String(d.message)}${requestIdNote(d)}`;
    case "qbo.writeback.skipped":
      return `Not written back: ${String(d.reason)}.`;
    case "qbo.writeback.retry_requested":
      return "Retry requested.";
    case "qbo.placement.linked":
      return `Placement ${String(d.invoiceNumber)} linked to QuickBooks invoice ${String(d.qboInvoiceId)} by its number.`;
    case "qbo.journal_entry.posted":
      return `Payout of ${amt(d.amount)} written as QuickBooks journal entry ${String(d.qboJournalEntryId)}.`;
    case "qbo.journal_entry.failed":
      return `Journal entry of a ${amt(d.amount)} payout failed (attempt ${String(d.attempts)}): ${String(d.message)}`;
    case "qbo.journal_entry.skipped":
      return `Payout not written as a journal entry: ${String(d.reason)}.`;
    case "qbo.account_mapping.saved":
      return `Account mapping saved: clearing ${String(d.clearing)}, fees ${String(d.fee)}, bank ${String(d.bank)}.`;
    case "qbo.drift.detected":
      return String(d.explanation ?? "Drift detected.");
    case "qbo.direct_payment.found":
      return `A payment of ${amt(d.amount)} was entered directly in QuickBooks (payment ${String(d.qboPaymentId)}); an operator will confirm it.`;
    case "qbo.connected":
      return `Connected to QuickBooks company ${String(d.companyName ?? d.realmId)}.`;
    case "qbo.disconnected":
      return "Disconnected from QuickBooks.";
    case "qbo.connection.needs_reconnect":
      return `QuickBooks refused the stored authorisation (${String(d.reason)}): reconnect from Settings.`;
    default:
      return action;
  }
}

/** Which QuickBooks requestid the next attempt uses (finding: a refusal must not be replayed for ever). */
function requestIdNote(d: Record<string, unknown>): string {
  if (typeof d.requestId !== "string" || typeof d.nextRequestId !== "string") return "";
  if (d.nextRequestId !== d.requestId)
    return ` QuickBooks refused request ${d.requestId}; the next try is a new request (${d.nextRequestId}).`;
  return ` The next try repeats request ${d.requestId}, so QuickBooks answers it once, never posts twice.`;
}

/** The settings page's picture: connection, writeback counts and open QuickBooks exceptions. */
export async function qboOverview(db: Db, creditorId: string) {
  const connection = await getQboConnection(db, creditorId);
  const byStatus = await db
    .select({ status: qboPaymentMappings.status, n: count() })
    .from(qboPaymentMappings)
    .where(eq(qboPaymentMappings.creditorId, creditorId))
    .groupBy(qboPaymentMappings.status);
  const open = await db
    .select({ kind: workItems.kind, n: count() })
    .from(workItems)
    .where(
      and(
        eq(workItems.creditorId, creditorId),
        inArray(workItems.status, ["open", "in_progress"]),
        inArray(workItems.kind, ["drift", "direct_payment_candidate", "writeback_failed"]),
      ),
    )
    .groupBy(workItems.kind);
  const countOf = <T extends { n: number }>(list: T[], pick: (x: T) => boolean) => Number(list.find(pick)?.n ?? 0);
  return {
    connection,
    writebacks: Object.fromEntries(
      WRITEBACK_STATUSES.map((s) => [s, countOf(byStatus, (x) => x.status === s)]),
    ) as Record<(typeof WRITEBACK_STATUSES)[number], number>,
    openExceptions: {
      drift: countOf(open, (x) => x.kind === "drift"),
      directPayments: countOf(open, (x) => x.kind === "direct_payment_candidate"),
      failedWritebacks: countOf(open, (x) => x.kind === "writeback_failed"),
    },
    lastSyncAt: connection?.lastSyncAt ?? null,
  };
}
