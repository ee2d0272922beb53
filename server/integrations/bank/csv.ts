import { parse } from "csv-parse/sync";
import { formatMinor } from "@/server/domain/money";
import { BankFileError, type CsvMapping, bankAmount, type ParsedLine, type ParsedStatement } from "./types";

/**
 * A bank's CSV export read with the account's saved column mapping. Columns are named by their
 * header, or `#N` (1-based) for files without one. When the bank exports a running balance, every
 * line must agree with it (newest-first files are recognised), else the file is refused.
 */
const DATE_FORMATS: Record<string, RegExp> = {
  "YYYY-MM-DD": /^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})$/,
  "DD.MM.YYYY": /^(?<d>\d{2})\.(?<m>\d{2})\.(?<y>\d{4})$/,
  "DD/MM/YYYY": /^(?<d>\d{2})\/(?<m>\d{2})\/(?<y>\d{4})$/,
  "MM/DD/YYYY": /^(?<m>\d{2})\/(?<d>\d{2})\/(?<y>\d{4})$/,
};
export const CSV_DATE_FORMATS = Object.keys(DATE_FORMATS);

/** Parse CSV `text` of a `currency` account; `hasHeader` unless every column is `#N`. */
export function parseBankCsv(text: string, mapping: CsvMapping, currency: string): ParsedStatement {
  const records = parse(text, {
    delimiter: mapping.delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    from_line: mapping.skipLines + 1,
    info: true,
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  const named = [mapping.dateColumn, mapping.amountColumn, mapping.debitColumn, mapping.creditColumn].some(
    (c) => c && !c.startsWith("#"),
  );
  const header = named ? records.shift()?.record.map((h) => h.trim()) : undefined;
  const col = (ref: string | undefined, line: number): number | undefined => {
    if (!ref) return undefined;
    const i = ref.startsWith("#") ? Number(ref.slice(1)) - 1 : (header?.indexOf(ref) ?? -1);
    if (!(i >= 0)) throw new BankFileError(line, `the file has no column "${ref}" (mapping)`);
    return i;
  };
  const first = mapping.skipLines + 1;
  const at = {
    date: col(mapping.dateColumn, first)!,
    value: col(mapping.valueDateColumn, first),
    amount: col(mapping.amountColumn, first),
    debit: col(mapping.debitColumn, first),
    credit: col(mapping.creditColumn, first),
    ref: col(mapping.referenceColumn, first),
    desc: col(mapping.descriptionColumn, first),
    party: col(mapping.counterpartyColumn, first),
    balance: col(mapping.balanceColumn, first),
  };
  if (at.amount === undefined && (at.debit === undefined || at.credit === undefined))
    throw new BankFileError(null, "the mapping needs an amount column, or both a debit and a credit column");
  const fmt = DATE_FORMATS[mapping.dateFormat];
  if (!fmt) throw new BankFileError(null, `unknown date format ${mapping.dateFormat}`);
  const dateAt = (v: string | undefined, line: number) => {
    const m = fmt.exec((v ?? "").trim());
    if (!m?.groups) throw new BankFileError(line, `"${v ?? ""}" is not a date in ${mapping.dateFormat}`);
    return `${m.groups.y}-${m.groups.m}-${m.groups.d}`;
  };
  const amountAt = (v: string | undefined, line: number) => {
    const t = (v ?? "").trim().replace(/^'/, "");
    if (!t) return 0n;
    try {
      return bankAmount(t, currency, mapping.decimalSeparator);
    } catch (err) {
      throw new BankFileError(line, err instanceof Error ? err.message : String(err));
    }
  };
  const lines: Array<ParsedLine & { balance: bigint | null }> = records.map(({ record: r, info }) => {
    const line = info.lines;
    const amount =
      at.amount !== undefined
        ? amountAt(r[at.amount], line)
        : amountAt(r[at.credit!], line) - amountAt(r[at.debit!], line);
    const cell = (i: number | undefined) => (i === undefined ? "" : (r[i] ?? "").replace(/\s+/g, " ").trim());
    return {
      bookingDate: dateAt(r[at.date], line),
      valueDate: at.value !== undefined ? dateAt(r[at.value], line) : null,
      amount,
      currency,
      reference: cell(at.ref),
      description: cell(at.desc),
      counterparty: cell(at.party) || null,
      fileLine: line,
      balance: at.balance !== undefined ? amountAt(r[at.balance], line) : null,
    };
  });
  if (!lines.length) throw new BankFileError(null, "the file has no lines after its header");
  const reconciled = checkBalances(lines, currency);
  return {
    id: `csv:${lines[0]!.bookingDate}..${lines.at(-1)!.bookingDate}`,
    account: null,
    currency,
    opening: reconciled?.opening ?? null,
    closing: reconciled?.closing ?? null,
    lines: lines.map(({ balance: _b, ...l }) => l),
  };
}

/** With a balance column: every line moves the balance by its amount, oldest-first or newest-first. */
function checkBalances(lines: Array<ParsedLine & { balance: bigint | null }>, currency: string) {
  if (lines.some((l) => l.balance === null)) return null;
  const b = (i: number) => lines[i]!.balance!;
  const forward = lines.every((l, i) => i === 0 || b(i) === b(i - 1) + l.amount);
  const backward = lines.every((l, i) => i === 0 || b(i - 1) === b(i) + lines[i - 1]!.amount);
  if (!forward && !backward) {
    const bad = lines.findIndex(
      (l, i) => i > 0 && b(i) !== b(i - 1) + l.amount && b(i - 1) !== b(i) + lines[i - 1]!.amount,
    );
    const l = lines[Math.max(bad, 1)]!;
    throw new BankFileError(
      l.fileLine,
      `the running balance ${formatMinor(l.balance!, currency)} does not follow from the line before and this amount ${formatMinor(l.amount, currency)}`,
    );
  }
  const oldest = forward ? lines[0]! : lines.at(-1)!;
  const newest = forward ? lines.at(-1)! : lines[0]!;
  return { opening: oldest.balance! - oldest.amount, closing: newest.balance! };
}
