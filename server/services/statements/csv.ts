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
