import { stringify } from "csv-stringify/sync";

/**
 * CSV cells for files people open in a spreadsheet. RFC 4180 (fields with a comma, quote or line
 * break are quoted, quotes doubled, CRLF between records), UTF-8, with an optional byte-order mark
 * so Excel reads UTF-8. Formula injection (OWASP "CSV Injection"): a text cell that begins with
 * `=`, `+`, `-`, `@`, tab or carriage return is prefixed with a single quote, so a spreadsheet shows
 * it as text instead of running it. Plain numbers we write ourselves ("-12.50") are left alone: they
 * cannot be formulas, and quoting them would turn money into text.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** A text cell made safe to open in a spreadsheet (see above). */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

export type CsvCell = string | number | null | undefined;
export type CsvColumn = { key: string; header: string };

/**
 * One chunk of CSV text for `records` (keys as `columns`): the header line too when `isFirst`, and
 * the byte-order mark before it when `bom`. Chunks concatenate into one RFC 4180 document.
 */
export function csvChunk(
  records: Array<Record<string, CsvCell>>,
  columns: readonly CsvColumn[],
  opts: { isFirst: boolean; bom?: boolean },
): string {
  const keys = columns.map((c) => c.key);
  // Arrays in column order: csv-stringify then skips a key lookup per field.
  return stringify(
    records.map((r) => keys.map((k) => r[k])),
    {
      header: opts.isFirst,
      bom: opts.isFirst && Boolean(opts.bom),
      columns: columns.map((c) => c.header),
      record_delimiter: "\r\n",
      // With a record delimiter given, csv-stringify quotes only that sequence unless told: quote any line break.
      quote_record_delimiter: true,
      cast: { string: neutraliseCell },
    },
  );
}
