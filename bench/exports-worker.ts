/**
 * The exporting process of `npm run bench:exports`, run on its own so its peak RSS is the
 * exporter's alone: request an agency-wide remittances CSV, render it through the export job's
 * own code (a server-side cursor → CSV) into the app's file store, and print
 * one JSON line with rows, seconds and peak RSS.
 */
import { connect } from "@/db/client";
import { systemActor } from "@/server/domain/actor";
import { createExport } from "@/server/services/exports/exports";
import { appExportFiles } from "@/server/services/exports/app-files";
import { renderExport } from "@/server/services/exports/render";

async function main() {
  const url = process.env.BENCH_DB_URL!;
  // The app's pool (10 connections): an export holds one for its cursor, and writes its file and progress on others.
  const handle = await connect({ url, driver: "postgres" });
  // The app's own file store (the database backend, 1 MiB chunks): the file is really written.
  const sink = appExportFiles();
  const e = await createExport(
    handle.db,
    { kind: "agency" },
    { type: "remittances", format: "csv", filters: {} },
    systemActor("bench"),
  );
  const baseRssMb = process.memoryUsage().rss / 2 ** 20;
  const t0 = performance.now();
  const out = await renderExport(handle.db, sink, e.id, {
    retentionDays: 1,
    pageSize: Number(process.env.BENCH_BATCH ?? 5000),
  });
  const seconds = (performance.now() - t0) / 1000;
  if (out.outcome !== "succeeded") throw new Error(`export ${out.outcome}: ${JSON.stringify(out)}`);
  await handle.close();
  console.log(JSON.stringify({ rows: out.rows, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, baseRssMb }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
