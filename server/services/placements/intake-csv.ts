import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import { isCurrencyCode, parseDecimalToMinor } from "@/server/domain/money";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { checkCandidates, importPlacements, type Candidate, type RowError } from "./intake";
import { dueDateProblem } from "./placements";

export const REQUIRED_COLUMNS = ["invoice_number", "invoice_amount", "currency", "due_date", "debtor_name"] as const;
export const OPTIONAL_COLUMNS = ["debtor_email", "qbo_invoice_id"] as const;
export const MAX_CSV_BYTES = 5 * 1024 * 1024;
export const MAX_CSV_ROWS = 20_000;
/** Rows shown in a preview; every row's problems are listed regardless. */
const PREVIEW_ROWS = 100;

type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
export type CsvRow = { line: number; cells: Record<Column, string> };
export type CsvPreviewRow = CsvRow & { invoiceAmountMinor: bigint | null; problems: string[] };

const KNOWN = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);
const normalizeHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

/**
 * Read an intake CSV into cells, never evaluating them (a cell like `=cmd()` is just text).
 * Problems with the file as a whole (unreadable, missing or unknown columns, too big) are a
 * BAD_REQUEST; problems of single rows come back per row.
 */
export function readIntakeCsv(text: string): { rows: CsvRow[]; rowProblems: Map<number, string[]> } {
  if (Buffer.byteLength(text) > MAX_CSV_BYTES)
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `the file is over ${MAX_CSV_BYTES / 1024 / 1024} MB; split it into smaller files`,
    );
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records;
  } catch (err) {
    throw new AppError("BAD_REQUEST", `the file is not valid CSV: ${csvProblem(text, err)}`);
  }
  const [header, ...body] = records;
  if (!header)
    throw new AppError(
      "BAD_REQUEST",
      `the file is empty: the first line must name the columns (${REQUIRED_COLUMNS.join(", ")})`,
    );
  const columns = header.record.map(normalizeHeader);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  const unknown = columns.filter((c) => !KNOWN.has(c));
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  const fileProblems = [
    missing.length ? `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}` : "",
    unknown.length
      ? `unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((c) => JSON.stringify(c)).join(", ")} (expected ${[...KNOWN].join(", ")})`
      : "",
    repeated.length ? `column ${repeated.join(", ")} appears more than once` : "",
  ].filter(Boolean);
  if (fileProblems.length)
    throw new AppError("BAD_REQUEST", `the header line is not right: ${fileProblems.join("; ")}`);
  if (body.length === 0) throw new AppError("BAD_REQUEST", "the file has a header line but no rows");
  if (body.length > MAX_CSV_ROWS)
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `the file has ${body.length} rows; import at most ${MAX_CSV_ROWS} at a time`,
    );
  const rowProblems = new Map<number, string[]>();
  const rows = body.map(({ record, info }) => {
    const cells = Object.fromEntries([...KNOWN].map((c) => [c, (record[columns.indexOf(c)] ?? "").trim()])) as Record<
      Column,
      string
    >;
    if (record.length !== columns.length)
      rowProblems.set(info.lines, [`expected ${columns.length} cells, found ${record.length}`]);
    return { line: info.lines, cells };
  });
  return { rows, rowProblems };
}

/**
 * A CSV syntax error as a spreadsheet user reads it: line and column counted from 1, the column
 * named by its header (csv-parse counts fields from 0 and names none).
 */
export function csvProblem(text: string, err: unknown): string {
  const e = err as { code?: string; lines?: number; index?: number; message?: string };
  if (typeof e?.lines !== "number" || typeof e.index !== "number") return e?.message ?? String(err);
  let header: string[] = [];
  try {
    const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
    header = (parse(firstLine, { relax_column_count: true, relax_quotes: true }) as string[][])[0] ?? [];
  } catch {
    header = [];
  }
  const name = e.lines > 1 ? header[e.index]?.trim() : undefined;
  const where = `line ${e.lines}, column ${e.index + 1}${name ? ` (${name})` : ""}`;
  const value = /value is "(.*)"$/.exec(e.message ?? "")?.[1];
  switch (e.code) {
    case "INVALID_OPENING_QUOTE":
      return `${where}: a quote appears inside the cell${value ? ` after "${value}"` : ""}. Put the whole cell in double quotes and double each quote inside it ("like ""this""").`;
    case "CSV_INVALID_CLOSING_QUOTE":
      return `${where}: text follows the cell's closing quote. Put the whole cell in double quotes and double each quote inside it.`;
    case "CSV_QUOTE_NOT_CLOSED":
      return `${where}: a quoted cell starts here and is never closed.`;
    default:
      return `${where}: ${(e.message ?? "").replace(/ (on|in) field \d+/g, "").replace(/ at line \d+/g, "")}`;
  }
}

/** Turn one CSV row into a placement candidate: amounts are decimals in the row's currency. */
function toCandidate(row: CsvRow, problems: string[]): Candidate & { invoiceAmountMinor: bigint | null } {
  const c = row.cells;
  const currency = c.currency.toUpperCase();
  let invoiceAmountMinor: bigint | null = null;
  if (!c.currency) problems.push("currency is required");
  else if (!isCurrencyCode(currency)) problems.push(`currency "${c.currency}" is not an ISO-4217 code we support`);
  else {
    try {
      invoiceAmountMinor = parseDecimalToMinor(c.invoice_amount, currency);
      if (invoiceAmountMinor <= 0n) problems.push(`invoice_amount must be greater than zero (got ${c.invoice_amount})`);
    } catch (err) {
      problems.push(`invoice_amount: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const input =
    invoiceAmountMinor !== null && invoiceAmountMinor > 0n
      ? {
          invoiceNumber: c.invoice_number,
          invoiceAmount: invoiceAmountMinor,
          currency,
          dueDate: c.due_date,
          debtor: { name: c.debtor_name, email: c.debtor_email || null },
          qboInvoiceId: c.qbo_invoice_id || null,
        }
      : null;
  if (!input) {
    // Still report the other fields' problems, so one pass through the file fixes every row.
    if (!c.invoice_number) problems.push("invoice_number is required");
    if (!c.debtor_name) problems.push("debtor name is required");
    const dueDate = dueDateProblem(c.due_date);
    if (dueDate) problems.push(dueDate);
  }
  return { ref: row.line, input, invoiceNumber: c.invoice_number, problems, invoiceAmountMinor };
}

function candidatesOf(csv: string) {
  const { rows, rowProblems } = readIntakeCsv(csv);
  return { rows, candidates: rows.map((r) => toCandidate(r, [...(rowProblems.get(r.line) ?? [])])) };
}

/**
 * Currencies in the file this creditor has never placed in (nor books in): each is worth a second
 * look before importing (a JPY invoice in a USD-only book is more often a typo than a new market).
 */
async function newCurrencyWarnings(db: Db, creditorId: string, candidates: Candidate[]) {
  const inFile = new Map<string, number[]>();
  for (const c of candidates)
    if (c.input) inFile.set(c.input.currency, [...(inFile.get(c.input.currency) ?? []), c.ref]);
  if (inFile.size === 0) return [];
  const known = await queryRows<{ currency: string }>(
    db,
    sql`select default_currency as currency from creditors where id = ${creditorId}
        union select distinct currency from placements where creditor_id = ${creditorId}`,
  );
  const usual = known.map((k) => k.currency).sort();
  return [...inFile]
    .filter(([currency]) => !usual.includes(currency))
    .map(([currency, lines]) => ({
      currency,
      lines,
      message: `${currency} is new for you: ${lines.length === 1 ? `line ${lines[0]} is` : `${lines.length} rows are (lines ${lines.slice(0, 5).join(", ")}${lines.length > 5 ? ", …" : ""})`} in ${currency}, and you have placed only ${usual.join(", ")} so far. Check the currency column before importing.`,
    }));
}

/** Preview an intake file: counts, the first rows as they will be imported, every row's problems, and currencies new for the creditor. Writes nothing. */
export async function previewCsvIntake(db: Db, creditorId: string, csv: string) {
  const { rows, candidates } = candidatesOf(csv);
  const errors = await checkCandidates(db, creditorId, candidates, "csv");
  const currencyWarnings = await newCurrencyWarnings(db, creditorId, candidates);
  const byLine = new Map<number, RowError>(errors.map((e) => [e.ref, e]));
  const shown = rows.filter((r, i) => i < PREVIEW_ROWS || byLine.has(r.line)).slice(0, PREVIEW_ROWS + 1000);
  const amounts = new Map(candidates.map((c) => [c.ref, c.invoiceAmountMinor]));
  return {
    totalRows: rows.length,
    validRows: rows.length - errors.length,
    errorRows: errors.length,
    currencyWarnings,
    rows: shown.map((r): CsvPreviewRow => ({
      ...r,
      invoiceAmountMinor: amounts.get(r.line) ?? null,
      problems: byLine.get(r.line)?.problems ?? [],
    })),
  };
}

/** Import an intake file all or nothing: re-checked here (never trusting an earlier preview), then placed in one transaction. */
export async function commitCsvIntake(db: Db, creditorId: string, csv: string, actor: Actor) {
  const { candidates } = candidatesOf(csv);
  const ids = await importPlacements(db, creditorId, candidates, actor, "csv");
  return { imported: ids.length };
}
