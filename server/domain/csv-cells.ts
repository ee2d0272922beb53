/**
 * CSV cells that are safe to open in a spreadsheet. Text a person or a debtor wrote can start with
 * `=`, `+`, `-`, `@`, a tab or a carriage return, which Excel, LibreOffice and Google Sheets run as
 * a formula (OWASP "CSV injection"): such text gets a leading apostrophe, which spreadsheets show
 * as plain text. Amounts are exact decimal strings and pass unchanged, so "-12.50" stays a number.
 * The file itself (quoting, CRLF, UTF-8) is RFC 4180 through csv-stringify. Pure.
 */
import { formatMinor } from "./money";

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Text made safe to open in a spreadsheet: prefixed with `'` when it begins like a formula. A plain
 * number ("-12.50") cannot be a formula and stays as it is, so amounts stay numbers.
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** A text cell: null → empty; text a spreadsheet would run as a formula → prefixed with `'`. */
export function textCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  return neutraliseCell(value);
}

/** An amount as an exact decimal string with the currency's exponent ("1234.50", "-0.05", JPY "1500"). */
export const decimalCell = (minor: bigint, currency: string): string => formatMinor(minor, currency);

/** An amount in minor units as an integer string ("123450"). */
export const minorCell = (minor: bigint): string => minor.toString();

/** An instant as ISO 8601 UTC ("2026-11-03T14:05:00.000Z"); null → empty. */
export const instantCell = (at: Date | null | undefined): string => (at ? at.toISOString() : "");
