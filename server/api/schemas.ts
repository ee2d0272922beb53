import { z } from "zod";
import { placementStatus, remittanceStatus, reversalReason } from "@/db/schema";
import { CURRENCIES, type CurrencyCode } from "@/server/domain/money";
import { EXPORT_FORMATS, EXPORT_TYPES, ExportFiltersSchema, type ExportType } from "@/server/services/exports/filters";

/**
 * The /v1 wire format: the handlers validate with these schemas and /v1/openapi.json is generated
 * from them, so the document cannot drift from the code. Money is an integer of minor units plus
 * `currency`, as Stripe does; names are snake_case as in the creditor guide.
 */

/** Schemas named here become `components.schemas` of the OpenAPI document. A private registry, so reloading never collides. */
export const v1Schemas = z.registry<{ id: string; description?: string }>();
function named<T extends z.ZodType>(schema: T, id: string, description?: string): T {
  v1Schemas.add(schema, description ? { id, description } : { id });
  return schema;
}

const minorUnits = (what: string) =>
  z
    .number({
      error: (issue) =>
        issue.code === "invalid_type" ? "must be a number of minor units, e.g. 123456 for 1,234.56 USD" : undefined,
    })
    .int({ error: "must be an integer of minor units (e.g. 1250 for 12.50 USD), not a decimal" })
    .min(Number.MIN_SAFE_INTEGER)
    .max(Number.MAX_SAFE_INTEGER)
    .describe(`${what}, in minor units of \`currency\` (cents for USD; 0 decimals for JPY)`);
/** The ISO-4217 codes Clearbook books (server/domain/money.ts), as an enum: another code is refused. */
const CURRENCY_CODES = Object.keys(CURRENCIES) as [CurrencyCode, ...CurrencyCode[]];
const currency = z
  .enum(CURRENCY_CODES, {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not an ISO-4217 code we support (one of ${CURRENCY_CODES.join(", ")})`,
  })
  .describe("ISO-4217 currency code, uppercase, one Clearbook supports");
/** A real calendar day, YYYY-MM-DD, as zod's ISO date but without year 0000 (no such year; PostgreSQL refuses it). */
const DAY = new RegExp(`^(?!0000-)${z.regexes.date.source.replace(/^\^/, "")}`);
/**
 * Text a person types: at most `max` characters as sent, not blank (a non-space character, the
 * document's `pattern`), stored without surrounding spaces.
 */
/** A currency in an answer: always one of the supported codes, typed as the string it is stored as. */
const currencyOut = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .describe("ISO-4217 currency code, uppercase");
const text = (max: number) => z.string().max(max).regex(/\S/, { error: "must not be blank" }).trim();
const instant = z.iso.datetime({ offset: true }).describe("RFC 3339 timestamp");
const dateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const cursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,200}$/, { error: "is not a page cursor (base64url, as `next_cursor` gives it)" })
  .describe("`next_cursor` of the previous page, unchanged (base64url)");
const limit = z.coerce.number().int().min(1).max(200).describe("page size, 1 to 200 (default 50)");

export const PlacementCreate = named(
  z.strictObject({
    invoice_number: text(200).describe("your invoice number, unique among your placements"),
    invoice_amount: minorUnits("invoice amount").positive({ error: "must be greater than zero" }),
    currency,
    due_date: z
      .string()
      .regex(DAY, { error: "must be a day on the calendar, YYYY-MM-DD, year 0001 or later" })
      .meta({ format: "date", description: "YYYY-MM-DD, year 0001 or later" }),
    debtor_name: text(300),
    debtor_email: z.email().max(320).optional(),
    qbo_invoice_id: text(100).optional().describe("the QuickBooks Online invoice Id, when your books are connected"),
  }),
  "PlacementCreate",
  "One invoice to place for collection.",
);

export const MAX_BULK_ROWS = 1000;

export const PlacementBulkCreate = named(
  z.strictObject({ placements: z.array(PlacementCreate).min(1).max(MAX_BULK_ROWS) }),
  "PlacementBulkCreate",
  `Up to ${MAX_BULK_ROWS} placements, created all or nothing: if any row has a problem, none is created and the 400 answer lists every row's problems by index.`,
);

/** The envelope alone, so each row can be checked on its own and reported by index. */
export const PlacementBulkEnvelope = z.strictObject({ placements: z.array(z.unknown()).min(1).max(MAX_BULK_ROWS) });

export const PlacementListQuery = named(
  z.strictObject({
    status: z.enum(placementStatus.enumValues).optional(),
    invoice_number: text(200).optional().describe("exact invoice number"),
    created_from: dateOrInstant.optional().describe("placed at or after (a date means its midnight UTC)"),
    created_to: dateOrInstant.optional().describe("placed before (a date includes that whole day, UTC)"),
    cursor: cursor.optional(),
    limit: limit.optional(),
  }),
  "PlacementListQuery",
);

export const RemittanceListQuery = named(
  z.strictObject({
    status: z.enum(remittanceStatus.enumValues).optional(),
    placement_id: z.uuid().optional(),
    occurred_from: dateOrInstant.optional().describe("occurred at or after (a date means its midnight UTC)"),
    occurred_to: dateOrInstant.optional().describe("occurred before (a date includes that whole day, UTC)"),
    cursor: cursor.optional(),
    limit: limit.optional(),
  }),
  "RemittanceListQuery",
);

export const Placement = named(
  z.strictObject({
    object: z.literal("placement"),
    placement_id: z.uuid(),
    invoice_number: z.string(),
    qbo_invoice_id: z.string().nullable(),
    invoice_amount: minorUnits("invoice amount"),
    recovered_amount: minorUnits("recovered so far (sum of remittance rows)"),
    fee_amount: minorUnits("agency fee so far (sum of remittance rows' fees)"),
    currency: currencyOut,
    due_date: z.iso.date(),
    status: z.enum(placementStatus.enumValues),
    debtor_name: z.string(),
    debtor_email: z.string().nullable(),
    placed_at: instant,
    updated_at: instant,
  }),
  "Placement",
);

export const Remittance = named(
  z.strictObject({
    object: z.literal("remittance"),
    remittance_id: z.uuid(),
    placement_id: z.uuid(),
    invoice_number: z.string(),
    parent_remittance_id: z.uuid().nullable().describe("for reversed and reinstated rows: the row they reverse"),
    installment_id: z.uuid().nullable(),
    status: z.enum(remittanceStatus.enumValues),
    reason: z.enum(reversalReason.enumValues).nullable(),
    recovered_amount: minorUnits("recovered (negative on a reversal)"),
    fee_amount: minorUnits("fee kept at the snapshotted rate"),
    net_remit_amount: minorUnits("recovered − fee, owed to you"),
    currency: currencyOut,
    contingency_pct_snapshot: z
      .string()
      .regex(/^\d{1,3}\.\d{2}$/)
      .describe('contingency rate applied to this row, in percent as an exact decimal string, e.g. "25.00"'),
    contingency_rate_bps: z.number().int().min(0).max(10000).describe("the same rate in basis points"),
    occurred_at: instant,
    created_at: instant,
  }),
  "Remittance",
);

export const listOf = <T extends z.ZodType>(item: T, id: string) =>
  named(
    z.strictObject({
      data: z.array(item),
      next_cursor: z.string().nullable().describe("pass as `cursor` for the next page; null on the last page"),
    }),
    id,
  );

export const PlacementList = listOf(Placement, "PlacementList");
export const RemittanceList = listOf(Remittance, "RemittanceList");
export const StatementListQuery = named(
  z.strictObject({
    period: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "write the month as YYYY-MM")
      .optional()
      .describe("only this month (YYYY-MM, the agency's time zone)"),
  }),
  "StatementListQuery",
);

export const StatementSummary = named(
  z.strictObject({
    currency: currencyOut,
    opening: minorUnits("payable owed to you at the start of the period"),
    collected: minorUnits("recovered from debtors"),
    agency_fees: minorUnits("the agency's fees, net of fees returned on reversals (negative)"),
    reversals: minorUnits("refunds and chargebacks (negative)"),
    reinstatements: minorUnits("reversals won back"),
    direct_payment_fees: minorUnits("fees owed on payments made to you directly (negative)"),
    disbursed: minorUnits("paid out to you, net of returned transfers (negative)"),
    other_adjustments: minorUnits("any other ledger movement of the payable"),
    closing: minorUnits("payable owed to you at the end: opening plus every movement"),
    prior_period_net: minorUnits("of the movements, late events about earlier months"),
  }),
  "StatementSummary",
);

export const Statement = named(
  z.strictObject({
    object: z.literal("statement"),
    statement_id: z.uuid(),
    number: z.string().describe("CB-<creditor code>-YYYY-MM, the same for every version"),
    period: z.string().describe("YYYY-MM"),
    version: z.number().int().min(1),
    reason: z.string().nullable().describe("why this version was issued (versions 2 and later)"),
    time_zone: z.string().describe("the agency's time zone the period is measured in"),
    period_start: instant,
    period_end: instant,
    issued_at: instant,
    summary: z.array(StatementSummary),
    line_count: z.number().int(),
    page_count: z.number().int(),
    sha256: z.string().describe("SHA-256 of the PDF, hex"),
    csv_sha256: z.string().describe("SHA-256 of the CSV, hex"),
    download_url: z.string().nullable().describe("signed link to the PDF (GET /v1/statements/{id} only)"),
    csv_download_url: z.string().nullable().describe("signed link to the CSV (GET /v1/statements/{id} only)"),
    expires_at: instant.nullable().describe("when the download links stop working (about 10 minutes)"),
  }),
  "Statement",
);

export const StatementList = listOf(Statement, "StatementList");
export const PlacementBulkResult = named(z.strictObject({ data: z.array(Placement) }), "PlacementBulkResult");

export const ExportCreate = named(
  z.strictObject({
    type: z
      .enum(EXPORT_TYPES.filter((t) => t !== "ledger") as [ExportType, ...ExportType[]])
      .describe("what to export (the ledger export is for agency staff, not API keys)"),
    format: z
      .enum(EXPORT_FORMATS)
      .default("csv")
      .describe(
        "`csv` (RFC 4180, documented columns) or `qbo_bank_csv` (QuickBooks Online bank upload: Date, Description, Amount)",
      ),
    filters: ExportFiltersSchema.omit({ creditor_id: true })
      .extend({
        status: z
          .enum([...new Set([...placementStatus.enumValues, ...remittanceStatus.enumValues])])
          .optional()
          .describe("a remittance status for remittance exports, a placement status for placement exports"),
      })
      .default({})
      .describe("as on GET /v1/remittances, plus `currency` (your key's creditor is implied)"),
    include_bom: z.boolean().default(false).describe("start the file with a UTF-8 byte-order mark (Excel)"),
  }),
  "ExportCreate",
  "An export to render. Answered 202 with the export; poll GET /v1/exports/{id} until `status` is `succeeded`.",
);

export const ExportListQuery = named(
  z.strictObject({ cursor: cursor.optional(), limit: limit.optional() }),
  "ExportListQuery",
);

export const Export = named(
  z.strictObject({
    object: z.literal("export"),
    export_id: z.uuid(),
    type: z.enum(EXPORT_TYPES),
    format: z.enum(EXPORT_FORMATS),
    status: z.enum(["queued", "running", "succeeded", "failed", "expired"]),
    filters: z.record(z.string(), z.unknown()),
    include_bom: z.boolean(),
    progress: z.strictObject({
      rows_written: z.number().int(),
      rows_expected: z.number().int().nullable().describe("known once the render started"),
    }),
    row_count: z.number().int().nullable(),
    byte_count: z.number().int().nullable(),
    sha256: z.string().nullable().describe("hex SHA-256 of the file"),
    file_name: z.string(),
    failure_reason: z.string().nullable().describe("why the last attempt failed"),
    attempts: z.number().int(),
    download_url: z
      .string()
      .nullable()
      .describe("signed link, minted on each GET of a succeeded export; valid until `expires_at` (about 15 minutes)"),
    expires_at: instant.nullable().describe("when `download_url` stops working"),
    file_expires_at: instant.nullable().describe("when the file is deleted (retention)"),
    created_at: instant,
    finished_at: instant.nullable(),
  }),
  "Export",
);

export const ExportList = listOf(Export, "ExportList");

export const ErrorBody = named(
  z.strictObject({
    error: z.strictObject({
      code: z.enum([
        "bad_request",
        "unauthorized",
        "forbidden",
        "not_found",
        "method_not_allowed",
        "conflict",
        "precondition_failed",
        "payload_too_large",
        "too_many_requests",
        "internal_server_error",
      ]),
      message: z.string().describe("what was wrong and what to do"),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
  "Error",
);
