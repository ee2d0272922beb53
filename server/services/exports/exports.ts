import { and, eq, getTableColumns, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, exports, placements } from "@/db/schema";
import { AppError, notFound } from "@/server/errors";
import { keyset, type PageRequest } from "@/server/lib/list-cursor";
import { isUuid } from "@/server/lib/list-filters";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { enqueueEffect } from "../outbox/outbox";
import { checkExportRequest, type ExportFilters, type ExportFormat, type ExportType } from "./filters";

export type ExportRequest = {
  type: ExportType;
  format: ExportFormat;
  filters: ExportFilters;
  includeBom?: boolean;
};
/** Who asks: a creditor (its own rows only) or agency staff (every creditor, or `filters.creditor_id`). */
export type ExportScope = { kind: "creditor"; creditorId: string } | { kind: "agency" };

const scopeCreditor = (s: ExportScope) => (s.kind === "creditor" ? s.creditorId : null);

/**
 * Request an export: checked (400 before anything is written), stored as `queued`, and its render
 * requested in the outbox in the same transaction. The caller nudges the job after commit.
 */
export async function createExport(db: Db, scope: ExportScope, req: ExportRequest, actor: Actor) {
  checkExportRequest(req.type, req.format, req.filters);
  if (req.type === "ledger" && scope.kind !== "agency")
    throw new AppError("FORBIDDEN", "ledger exports are for agency staff; export remittances or statement_lines");
  if (scope.kind === "creditor" && req.filters.creditor_id)
    throw new AppError("BAD_REQUEST", "filters.creditor_id is for agency staff: your key's creditor is implied");
  const filters = { ...req.filters };
  const owner = scopeCreditor(scope) ?? filters.creditor_id;
  if (filters.placement_id) {
    const [p] = await db
      .select({ id: placements.id })
      .from(placements)
      .where(and(eq(placements.id, filters.placement_id), owner ? eq(placements.creditorId, owner) : undefined));
    if (!p) throw notFound("placement");
  }
  if (req.format === "qbo_bank_csv") {
    const creditorId = scopeCreditor(scope) ?? filters.creditor_id;
    if (!creditorId)
      throw new AppError("BAD_REQUEST", "a QuickBooks file is for one creditor: set filters.creditor_id");
    if (!filters.currency) {
      const [c] = await db
        .select({ currency: creditors.defaultCurrency })
        .from(creditors)
        .where(eq(creditors.id, creditorId));
      if (!c) throw notFound("creditor");
      filters.currency = c.currency;
    }
  }
  return db.transaction(async (tx) => {
    const id = crypto.randomUUID();
    const day = new Date().toISOString().slice(0, 10);
    const name =
      req.format === "qbo_bank_csv"
        ? `qbo-bank-${filters.currency}-${day}-${id.slice(0, 8)}.csv`
        : `${req.type}-${day}-${id.slice(0, 8)}.csv`;
    const [row] = await tx
      .insert(exports)
      .values({
        id,
        creditorId: scopeCreditor(scope) ?? filters.creditor_id ?? null,
        type: req.type,
        format: req.format,
        filters,
        includeBom: req.includeBom ?? false,
        requestedByType: actor.type,
        requestedById: actor.id,
        fileName: name,
      })
      .returning();
    await enqueueEffect(tx, "export.render", `export:${id}:1`, { exportId: id });
    await recordAudit(tx, {
      actor,
      action: "export.requested",
      category: "exports",
      creditorId: row!.creditorId,
      targetType: "export",
      targetId: id,
      details: { type: req.type, format: req.format, filters },
    });
    return row!;
  });
}

/** One export the scope may see (a creditor: its own; staff: any). Another creditor's answers NOT_FOUND. */
export async function getExport(db: Db, scope: ExportScope, exportId: string) {
  if (!isUuid(exportId)) throw notFound("export");
  const [row] = await db
    .select()
    .from(exports)
    .where(
      and(eq(exports.id, exportId), scope.kind === "creditor" ? eq(exports.creditorId, scope.creditorId) : undefined),
    );
  if (!row) throw notFound("export");
  return row;
}

/** Exports newest first (staff: agency-wide ones unless `creditorId` is given). */
export async function listExports(db: Db, scope: ExportScope, page: PageRequest & { creditorId?: string } = {}) {
  const ks = keyset("createdAt", { column: exports.createdAt, kind: "timestamp" }, exports.id, "desc", page);
  const rows = await db
    .select({ ...exportColumns, sortValue: ks.sortValue })
    .from(exports)
    .leftJoin(creditors, eq(creditors.id, exports.creditorId))
    .where(
      and(
        scope.kind === "creditor"
          ? eq(exports.creditorId, scope.creditorId)
          : page.creditorId
            ? eq(exports.creditorId, page.creditorId)
            : undefined,
        ks.after,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(ks.fetch);
  return ks.page(rows);
}

const exportColumns = { ...getTableColumns(exports), creditorName: creditors.name };

export type ExportRow = typeof exports.$inferSelect;

/**
 * Retry a failed export: queued again with a fresh render request (its previous attempts stay
 * counted). Only a failed export can be retried; the others are running or done.
 */
export async function retryExport(db: Db, scope: ExportScope, exportId: string, actor: Actor) {
  const current = await getExport(db, scope, exportId);
  if (current.status !== "failed")
    throw new AppError("CONFLICT", `only a failed export can be retried; this one is ${current.status}`);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(exports)
      .set({ status: "queued", failureReason: null, rowsWritten: 0, updatedAt: new Date() })
      .where(and(eq(exports.id, exportId), eq(exports.status, "failed"), isNull(exports.fileId)))
      .returning();
    if (!row) throw new AppError("CONFLICT", "the export changed meanwhile; reload it");
    await enqueueEffect(tx, "export.render", `export:${exportId}:${row.attempts + 1}`, { exportId });
    await recordAudit(tx, {
      actor,
      action: "export.retried",
      category: "exports",
      creditorId: row.creditorId,
      targetType: "export",
      targetId: exportId,
      details: { attempts: row.attempts, lastFailure: current.failureReason },
    });
    return row;
  });
}
