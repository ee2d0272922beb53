import { MAX_AMOUNT_MINOR } from "@/server/domain/amount-limits";
import { toSafeNumber } from "@/server/domain/money";
import type { PlacementListRow } from "../queries/placement-list";
import type { RemittanceListRow } from "../queries/remittance-list";
import type { ExportFormat, ExportType } from "../exports/filters";
import type { StatementView } from "../statements/read";

/**
 * The /v1 objects, built once for the REST API (server/api/serialize.ts types them against its zod
 * schemas) and for outbound webhook payloads, so an event carries exactly what `GET /v1/…` shows.
 */

/**
 * Minor units as /v1 writes them: a JSON integer. Every input is bounded to 2^53 − 1 now, but a row
 * stored before that still lists: its exact digits go out (json() writes a bigint as a JSON number)
 * rather than failing the whole page.
 */
const amount = (minor: bigint): number =>
  minor <= MAX_AMOUNT_MINOR && minor >= -MAX_AMOUNT_MINOR ? toSafeNumber(minor) : (minor as unknown as number);

/** Basis points as an exact percent string: 2500 → "25.00". */
export const bpsToPct = (bps: number) => `${Math.trunc(bps / 100)}.${String(bps % 100).padStart(2, "0")}`;

/** A placement as /v1 shows it. */
export function placementJson(p: PlacementListRow) {
  return {
    object: "placement" as const,
    placement_id: p.id,
    invoice_number: p.invoiceNumber,
    qbo_invoice_id: p.qboInvoiceId,
    invoice_amount: amount(p.invoiceAmount),
    recovered_amount: amount(p.recoveredAmount),
    fee_amount: amount(p.feeAmount),
    currency: p.currency,
    due_date: p.dueDate,
    status: p.status,
    debtor_name: p.debtorName,
    debtor_email: p.debtorEmail,
    placed_at: p.placedAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

/** A remittance row as /v1 shows it. */
export function remittanceJson(r: RemittanceListRow) {
  return {
    object: "remittance" as const,
    remittance_id: r.id,
    placement_id: r.placementId,
    invoice_number: r.invoiceNumber,
    parent_remittance_id: r.parentRemittanceId,
    installment_id: r.installmentId,
    status: r.status,
    reason: r.reason,
    recovered_amount: amount(r.recoveredAmount),
    fee_amount: amount(r.feeAmount),
    net_remit_amount: amount(r.netRemitAmount),
    currency: r.currency,
    contingency_pct_snapshot: bpsToPct(r.rateBpsSnapshot),
    contingency_rate_bps: r.rateBpsSnapshot,
    occurred_at: r.occurredAt.toISOString(),
    created_at: r.createdAt.toISOString(),
  };
}

type ExportRecord = {
  id: string;
  type: ExportType;
  format: ExportFormat;
  status: "queued" | "running" | "succeeded" | "failed" | "expired";
  filters: Record<string, unknown>;
  includeBom: boolean;
  rowsWritten: number;
  rowsExpected: number | null;
  rowCount: number | null;
  byteCount: number | null;
  sha256: string | null;
  fileName: string;
  failureReason: string | null;
  attempts: number;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
};

/**
 * An export as /v1 shows it. `download_url` and its `expires_at` are minted by the caller on each
 * read of a succeeded export (about 15 minutes); webhook payloads carry none (GET the export).
 */
export function exportJson(e: ExportRecord, link: { url: string; expiresAt: Date } | null) {
  return {
    object: "export" as const,
    export_id: e.id,
    type: e.type,
    format: e.format,
    status: e.status,
    filters: e.filters,
    include_bom: e.includeBom,
    progress: { rows_written: e.rowsWritten, rows_expected: e.rowsExpected },
    row_count: e.rowCount,
    byte_count: e.byteCount,
    sha256: e.sha256,
    file_name: e.fileName,
    failure_reason: e.failureReason,
    attempts: e.attempts,
    download_url: link?.url ?? null,
    expires_at: link?.expiresAt.toISOString() ?? null,
    file_expires_at: e.expiresAt?.toISOString() ?? null,
    created_at: e.createdAt.toISOString(),
    finished_at: e.finishedAt?.toISOString() ?? null,
  };
}

/** A statement version as /v1 shows it; the download links only when the caller minted them for this request. */
export function statementJson(
  s: StatementView,
  links: { pdf: string | null; csv: string | null; expiresAt: Date | null } = { pdf: null, csv: null, expiresAt: null },
) {
  return {
    object: "statement" as const,
    statement_id: s.id,
    number: s.number,
    period: s.period,
    version: s.version,
    reason: s.reason,
    time_zone: s.timeZone,
    period_start: s.periodStart.toISOString(),
    period_end: s.periodEnd.toISOString(),
    issued_at: s.issuedAt.toISOString(),
    summary: s.sections.map((x) => ({
      currency: x.currency,
      opening: amount(x.figures.opening),
      collected: amount(x.figures.collected),
      agency_fees: amount(x.figures.agencyFees),
      reversals: amount(x.figures.reversals),
      reinstatements: amount(x.figures.reinstatements),
      direct_payment_fees: amount(x.figures.directPaymentFees),
      disbursed: amount(x.figures.disbursed),
      other_adjustments: amount(x.figures.otherAdjustments),
      closing: amount(x.figures.closing),
      prior_period_net: amount(x.priorPeriodNet),
    })),
    line_count: s.lineCount,
    page_count: s.pageCount,
    sha256: s.pdfSha256,
    csv_sha256: s.csvSha256,
    download_url: links.pdf,
    csv_download_url: links.csv,
    expires_at: links.expiresAt?.toISOString() ?? null,
  };
}
