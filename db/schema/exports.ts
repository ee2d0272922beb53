import { bigint, boolean, index, integer, jsonb, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, ts } from "./_columns";
import { creditors } from "./creditors";
import { files } from "./files";

export const exportType = pgEnum("export_type", ["remittances", "placements", "statement_lines", "ledger"]);
export const exportFormat = pgEnum("export_format", ["csv", "qbo_bank_csv"]);
export const exportStatus = pgEnum("export_status", ["queued", "running", "succeeded", "failed", "expired"]);

/**
 * A requested export (portal button, back-office or `POST /v1/exports`): rendered by a job into the
 * file store, downloadable through short-lived signed links until `expiresAt`, then deleted.
 * `creditorId` null = an agency-wide export by staff.
 */
export const exports = pgTable(
  "exports",
  {
    id: id(),
    creditorId: uuid().references(() => creditors.id),
    type: exportType().notNull(),
    format: exportFormat().notNull(),
    /** The filters as the caller gave them (validated), replayed by the job. */
    filters: jsonb().$type<Record<string, unknown>>().notNull(),
    includeBom: boolean().notNull().default(false),
    status: exportStatus().notNull().default("queued"),
    requestedByType: text().notNull(),
    requestedById: text().notNull(),
    rowsWritten: bigint({ mode: "number" }).notNull().default(0),
    rowsExpected: bigint({ mode: "number" }),
    rowCount: bigint({ mode: "number" }),
    byteCount: bigint({ mode: "number" }),
    sha256: text(),
    /** The rendered file (server/services/files), set once by the attempt that finished it. */
    fileId: uuid().references(() => files.id),
    fileName: text().notNull(),
    failureReason: text(),
    attempts: integer().notNull().default(0),
    startedAt: ts(),
    finishedAt: ts(),
    expiresAt: ts(),
    createdAt: createdAt(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    index("exports_by_creditor").on(t.creditorId, t.createdAt),
    index("exports_expiry").on(t.status, t.expiresAt),
  ],
);
