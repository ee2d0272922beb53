import { neutraliseCell } from "@/server/domain/csv-cells";

/**
 * CSV cells for files people open in a spreadsheet. RFC 4180 (fields with a comma, quote or line
 * break are quoted, quotes doubled, CRLF between records), UTF-8, with an optional byte-order mark
 * so Excel reads UTF-8. Formula injection (OWASP "CSV Injection"): a text cell that begins with
 * `=`, `+`, `-`, `@`, tab or carriage return is prefixed with a single quote, so a spreadsheet shows
 * it as text instead of running it. Plain numbers we write ourselves ("-12.50") are left alone: they
 * cannot be formulas, and quoting them would turn money into text. The guard is the domain's
 * (server/domain/csv-cells.ts), shared with the statement CSV.
 */

export type CsvCell = string | number | null | undefined;
export type CsvColumn = { key: string; header: string };

const NEEDS_QUOTES = /[",\r\n]/;

/** One field: empty for null, numbers as they are, text neutralised, then quoted when RFC 4180 requires it. */
function field(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = neutraliseCell(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One chunk of CSV text for `records` (keys as `columns`): the header line too when `isFirst`, and
 * the byte-order mark before it when `bom`. Chunks concatenate into one RFC 4180 document.
 *
 * Written by hand rather than with csv-stringify, which the exports benchmark measured at about a
 * quarter of an export's time (its per-field option handling and garbage); csv.test.ts proves this
 * writes exactly what csv-stringify writes with the same options, on any text.
 */
export function csvChunk(
  records: Array<Record<string, CsvCell>>,
  columns: readonly CsvColumn[],
  opts: { isFirst: boolean; bom?: boolean },
): string {
  const keys = columns.map((c) => c.key);
  let out = opts.isFirst ? (opts.bom ? "\ufeff" : "") + columns.map((c) => field(c.header)).join(",") + "\r\n" : "";
  for (const record of records) {
    let line = field(record[keys[0]!]);
    for (let i = 1; i < keys.length; i++) line += "," + field(record[keys[i]!]);
    out += line + "\r\n";
  }
  return out;
}
