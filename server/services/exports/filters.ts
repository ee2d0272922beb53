import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { placementStatus, remittanceStatus } from "@/db/schema";
import { AppError } from "@/server/errors";

export const EXPORT_TYPES = ["remittances", "placements", "statement_lines", "ledger"] as const;
export const EXPORT_FORMATS = ["csv", "qbo_bank_csv"] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const dateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * Export filters, as `/v1/remittances` takes them plus `currency` (snake_case, as on the wire; kept
 * on the export row and replayed by the job). `status` is a remittance status for remittance-based
 * exports and a placement status for placements. `creditor_id` is for agency staff only.
 */
export const ExportFiltersSchema = z.strictObject({
  status: z.string().optional(),
  placement_id: z.uuid().optional(),
  occurred_from: dateOrInstant.optional().describe("at or after (a date means its midnight UTC)"),
  occurred_to: dateOrInstant.optional().describe("before (a date includes that whole day, UTC)"),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  creditor_id: z.uuid().optional().describe("agency staff only: one creditor"),
});
export type ExportFilters = z.infer<typeof ExportFiltersSchema>;

// The calendar a filter bound is clamped to. PostgreSQL has no year 0 (`0000-01-01` is refused), and
// a Date past 9999 is written `+010000-…`, which it refuses too; no record lies outside these years,
// so a bound beyond them selects exactly what the calendar's end does.
const EARLIEST = Date.parse("0001-01-01T00:00:00.000Z");
const LATEST = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * A date (YYYY-MM-DD, UTC) or an instant as an instant; a date as an upper bound means the next
 * midnight. Bounds before 0001-01-01 or after 9999-12-31 are clamped to those days (an invalid
 * value stays an invalid Date, for the caller's check).
 */
export function instant(value: string, endOfDay = false): Date {
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(isDate ? `${value}T00:00:00Z` : value);
  if (endOfDay && isDate) d.setUTCDate(d.getUTCDate() + 1);
  return Number.isNaN(d.getTime()) ? d : new Date(Math.min(Math.max(d.getTime(), EARLIEST), LATEST));
}

/** Check a request's type, format and filters together (400 with what to change); nothing is written before this. */
export function checkExportRequest(type: ExportType, format: ExportFormat, filters: ExportFilters) {
  const statuses: readonly string[] =
    type === "placements" ? placementStatus.enumValues : type === "remittances" ? remittanceStatus.enumValues : [];
  if (filters.status !== undefined && !statuses.includes(filters.status))
    throw new AppError(
      "BAD_REQUEST",
      statuses.length
        ? `filters.status for ${type} must be one of ${statuses.join(", ")}`
        : `filters.status does not apply to ${type}`,
    );
  if (format === "qbo_bank_csv" && type !== "remittances")
    throw new AppError(
      "BAD_REQUEST",
      "format qbo_bank_csv is for type remittances (net remittances and disbursements)",
    );
  if (type === "statement_lines" && (!filters.occurred_from || !filters.occurred_to))
    throw new AppError(
      "BAD_REQUEST",
      "statement_lines needs the statement period: filters.occurred_from and occurred_to",
    );
  if (
    filters.occurred_from &&
    filters.occurred_to &&
    instant(filters.occurred_from) >= instant(filters.occurred_to, true)
  )
    throw new AppError("BAD_REQUEST", "filters.occurred_from must be before occurred_to");
}

/** The common conditions of a time-stamped, per-creditor table (all optional). */
export function commonConditions(
  f: ExportFilters,
  creditorId: string | null,
  cols: { creditor: SQL; time: SQL; currency: SQL; placement?: SQL },
): SQL[] {
  const out: SQL[] = [];
  const creditor = creditorId ?? f.creditor_id;
  if (creditor) out.push(sql`${cols.creditor} = ${creditor}::uuid`);
  if (f.currency) out.push(sql`${cols.currency} = ${f.currency}`);
  if (f.placement_id && cols.placement) out.push(sql`${cols.placement} = ${f.placement_id}::uuid`);
  if (f.occurred_from) out.push(sql`${cols.time} >= ${instant(f.occurred_from).toISOString()}::timestamptz`);
  if (f.occurred_to) out.push(sql`${cols.time} < ${instant(f.occurred_to, true).toISOString()}::timestamptz`);
  return out;
}

export const whereAll = (conds: SQL[]) => (conds.length ? sql`where ${sql.join(conds, sql` and `)}` : sql``);
