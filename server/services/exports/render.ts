import { and, eq, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import { exports } from "@/db/schema";
import { csvChunk } from "@/server/lib/csv";
import { cursorBatches } from "@/server/lib/sql-cursor";
import { systemActor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { claimDueEffects, completeEffect, extendEffectLease, failEffect } from "../outbox/outbox";
import { exportJson } from "../v1/objects";
import { emitWebhookEvent } from "../webhooks-out/events";
import type { ExportFiles } from "./files";
import type { ExportFilters } from "./filters";
import { qboBankCsv } from "./qbo-bank";
import { type PageCursor, SOURCES } from "./sources";

export type RenderOptions = {
  now?: () => Date;
  /** Rows per keyset page (the memory bound); default 5,000. */
  pageSize?: number;
  retentionDays: number;
  /** The outbox row being worked on: its lease is renewed as pages go by. */
  outboxId?: string;
};

const sourceOf = (row: typeof exports.$inferSelect) => (row.format === "qbo_bank_csv" ? qboBankCsv : SOURCES[row.type]);

/**
 * Render one export into the file store: rows stream from the database in batches (a server-side
 * cursor, or keyset pages on the embedded database) through csv-stringify into `files.store` (never
 * the whole result in memory), progress is written after each batch. A run that died (killed process) left the export `running`: the next run starts it
 * over (attempts + 1). Only the run whose attempt is still current may attach its file, so an
 * export ends with exactly one file; a stale run's file is removed.
 */
export async function renderExport(db: Db, files: ExportFiles, exportId: string, opts: RenderOptions) {
  const now = opts.now ?? (() => new Date());
  const [row] = await db
    .update(exports)
    .set({
      status: "running",
      attempts: sqlIncrement(),
      startedAt: now(),
      rowsWritten: 0,
      failureReason: null,
      updatedAt: now(),
    })
    .where(and(eq(exports.id, exportId), inArray(exports.status, ["queued", "running"]), isNull(exports.fileId)))
    .returning();
  if (!row) return { outcome: "skipped" as const };
  const attempt = row.attempts;
  const mine = and(eq(exports.id, exportId), eq(exports.attempts, attempt), eq(exports.status, "running"));
  const source = sourceOf(row);
  const filters = row.filters as ExportFilters;
  const pageSize = opts.pageSize ?? 5_000;
  try {
    const [{ n }] = (await queryRows<{ n: number }>(db, source.count(filters, row.creditorId))) as [{ n: number }];
    await db.update(exports).set({ rowsExpected: n }).where(mine);
    let written = 0;
    // One cursor over the whole result where the database lends a connection; keyset pages otherwise.
    const batches =
      cursorBatches<ExportRowData>(db, source.page(filters, row.creditorId, null, null), pageSize) ??
      keysetBatches(db, (after) => source.page(filters, row!.creditorId, after, pageSize), pageSize);
    async function* body(): AsyncGenerator<Uint8Array> {
      let isFirst = true;
      for await (const rows of batches) {
        const text = csvChunk(rows.map(source.record), source.columns, { isFirst, bom: row!.includeBom });
        isFirst = false;
        yield Buffer.from(text, "utf8");
        written += rows.length;
        await db.update(exports).set({ rowsWritten: written, updatedAt: now() }).where(mine);
        if (opts.outboxId) await extendEffectLease(db, opts.outboxId, now());
      }
      // No rows: the file is the header alone.
      if (isFirst) yield Buffer.from(csvChunk([], source.columns, { isFirst, bom: row!.includeBom }), "utf8");
    }
    const expiresAt = new Date(now().getTime() + opts.retentionDays * 86_400_000);
    const file = await files.store(db, {
      kind: "export_csv",
      name: row.fileName,
      contentType: "text/csv; charset=utf-8",
      creditorId: row.creditorId,
      body: body(),
      expiresAt,
    });
    const done = await db.transaction(async (tx) => {
      const [finished] = await tx
        .update(exports)
        .set({
          status: "succeeded",
          fileId: file.id,
          sha256: file.sha256,
          byteCount: file.size,
          rowCount: written,
          rowsWritten: written,
          finishedAt: now(),
          expiresAt,
          updatedAt: now(),
        })
        .where(and(mine, isNull(exports.fileId)))
        .returning();
      if (!finished) return null;
      if (finished.creditorId)
        await emitWebhookEvent(tx, {
          type: "export.succeeded",
          creditorId: finished.creditorId,
          subjectId: finished.id,
          object: exportJson(finished, null),
        });
      await recordAudit(tx, {
        actor: systemActor("exports"),
        action: "export.succeeded",
        category: "exports",
        creditorId: finished.creditorId,
        targetType: "export",
        targetId: finished.id,
        details: { rows: written, bytes: file.size, sha256: file.sha256, attempt },
      });
      return finished;
    });
    if (!done) {
      // Another run took over (this one was presumed dead): its file wins, ours goes.
      await files.remove(db, file.id);
      return { outcome: "superseded" as const };
    }
    return { outcome: "succeeded" as const, rows: written, fileId: file.id };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    await db
      .update(exports)
      .set({ status: "failed", failureReason: reason.slice(0, 1000), finishedAt: now(), updatedAt: now() })
      .where(mine);
    return { outcome: "failed" as const, reason };
  }
}

type ExportRowData = Record<string, string | number | null>;

/** Keyset pages of `size` rows, each past the last row of the one before (sort text `k`, then `id`). */
async function* keysetBatches(db: Db, page: (after: PageCursor | null) => SQL, size: number) {
  let cursor: PageCursor | null = null;
  for (;;) {
    const rows: ExportRowData[] = await queryRows<ExportRowData>(db, page(cursor));
    if (rows.length) yield rows;
    if (rows.length < size) return;
    const last: ExportRowData = rows.at(-1)!;
    cursor = { k: String(last.k), id: String(last.id) };
  }
}
const sqlIncrement = () => sql`${exports.attempts} + 1`;

/**
 * The export job: claim requested renders from the outbox (`export.render`; a killed run's row
 * comes back when its lease lapses) and render each. A render that fails marks its export failed
 * with the reason (a person retries it); only an unexpected error retries the outbox row itself.
 */
export async function runExportJobs(db: Db, files: ExportFiles, opts: Omit<RenderOptions, "outboxId">) {
  const now = opts.now ?? (() => new Date());
  const out = { rendered: 0, failed: 0 };
  for (const job of await claimDueEffects(db, "export.render", 2, now())) {
    try {
      const r = await renderExport(db, files, String(job.payload.exportId), { ...opts, outboxId: job.id });
      if (r.outcome === "failed") out.failed++;
      else if (r.outcome === "succeeded") out.rendered++;
      await completeEffect(db, job.id, now());
    } catch (err) {
      await failEffect(db, job.id, err instanceof Error ? err.message : String(err), job.attempts, now());
    }
  }
  return out;
}

/** Retention: delete the files of exports past `expiresAt` and mark them expired (their history stays). */
export async function expireExports(db: Db, files: ExportFiles, now = new Date()) {
  const due = await db
    .select({ id: exports.id, fileId: exports.fileId })
    .from(exports)
    .where(and(eq(exports.status, "succeeded"), lte(exports.expiresAt, now)));
  for (const e of due) {
    if (e.fileId) await files.remove(db, e.fileId);
    await db
      .update(exports)
      .set({ status: "expired", fileId: null, updatedAt: now })
      .where(and(eq(exports.id, e.id), eq(exports.status, "succeeded")));
  }
  return { expired: due.length };
}
