import { stringify } from "csv-stringify/sync";
import { decimalCell, instantCell, minorCell, textCell } from "@/server/domain/csv-cells";
import type { StatementLine } from "@/server/domain/statement-lines";
import type { StatementSnapshot } from "@/server/domain/statement-snapshot";

/**
 * The statement's lines as CSV: RFC 4180 (CRLF, fields quoted when they must be), UTF-8, money
 * twice (an exact decimal with the currency's exponent, and integer minor units), and every text
 * cell guarded against spreadsheet formulas. The exports engineer streams the same rows.
 */
export const STATEMENT_CSV_COLUMNS = [
  "statement_number",
  "version",
  "period",
  "seq",
  "currency",
  "kind",
  "description",
  "occurred_at",
  "booked_at",
  "original_period",
  "invoice_number",
  "debtor_name",
  "placement_id",
  "remittance_id",
  "parent_remittance_id",
  "reference",
  "recovered_amount",
  "recovered_amount_minor",
  "rate_bps",
  "fee_amount",
  "fee_amount_minor",
  "net_amount",
  "net_amount_minor",
  "qbo_sync_state",
  "journal_entry_id",
] as const;

/** What each column holds (the exports' documented header). */
export const STATEMENT_COLUMN_TEXT: Record<(typeof STATEMENT_CSV_COLUMNS)[number], string> = {
  statement_number: "the statement's number",
  version: "the statement's version (a correction is a new version; the latest is exported)",
  period: "the statement month (YYYY-MM)",
  seq: "the line's number in the statement",
  currency: "ISO-4217",
  kind: "payment, partial, installment, reversal, reinstatement, direct_payment_fee, disbursement, disbursement_return or adjustment",
  description: "what the line is, as the statement says it",
  occurred_at: "when it happened (ISO 8601, UTC)",
  booked_at: "when we recorded it (ISO 8601, UTC)",
  original_period: "for a prior-period adjustment: the month the event belongs to",
  invoice_number: "your invoice number",
  debtor_name: "the debtor",
  placement_id: "the placement",
  remittance_id: "the remittance row",
  parent_remittance_id: "the row a reversal reverses",
  reference: "Stripe transfer, ACH or other reference",
  recovered_amount: "recovered, decimal in the currency's exponent",
  recovered_amount_minor: "recovered, integer minor units",
  rate_bps: "rate applied, basis points",
  fee_amount: "agency fee, decimal",
  fee_amount_minor: "agency fee, integer minor units",
  net_amount: "net to you, decimal",
  net_amount_minor: "net to you, integer minor units",
  qbo_sync_state: "QuickBooks writeback state",
  journal_entry_id: "the ledger entry behind the line",
};

/** One line as CSV cells, in STATEMENT_CSV_COLUMNS order. */
export function statementCsvRow(head: { number: string; version: number; period: string }, l: StatementLine): string[] {
  return [
    textCell(head.number),
    String(head.version),
    head.period,
    String(l.seq),
    l.currency,
    l.kind,
    textCell(l.label),
    instantCell(l.occurredAt),
    instantCell(l.bookedAt),
    l.originalPeriod ?? "",
    textCell(l.invoiceNumber),
    textCell(l.debtorName),
    l.placementId ?? "",
    l.remittanceId ?? "",
    l.parentRemittanceId ?? "",
    textCell(l.reference),
    decimalCell(l.recovered, l.currency),
    minorCell(l.recovered),
    l.rateBps === null ? "" : String(l.rateBps),
    decimalCell(l.fee, l.currency),
    minorCell(l.fee),
    decimalCell(l.net, l.currency),
    minorCell(l.net),
    l.qboState ?? "",
    l.journalEntryId,
  ];
}

/** Rows (header first) as RFC 4180 text. */
export const toCsv = (rows: string[][]): string =>
  stringify(rows, { record_delimiter: "windows", quoted_match: /[",\r\n]/ });

/** The whole statement's CSV, header included. */
export function renderStatementCsv(snap: StatementSnapshot): Buffer {
  const head = { number: snap.number, version: snap.version, period: snap.period };
  return Buffer.from(toCsv([[...STATEMENT_CSV_COLUMNS], ...snap.lines.map((l) => statementCsvRow(head, l))]), "utf8");
}
