/**
 * The exporting process of `npm run bench:exports`, run on its own so its peak RSS is the
 * exporter's alone: request an agency-wide remittances CSV, render it through the export job's
 * own code (keyset pages → csv-stringify) into a sink that hashes and counts the bytes, and print
 * one JSON line with rows, seconds and peak RSS.
 */
import { createHash } from "node:crypto";
import { connect } from "@/db/client";
import { systemActor } from "@/server/domain/actor";
import { createExport } from "@/server/services/exports/exports";
import type { ExportFiles } from "@/server/services/exports/files";
import { renderExport } from "@/server/services/exports/render";

async function main() {
  const url = process.env.BENCH_DB_URL!;
  const handle = await connect({ url, driver: "postgres", poolSize: 2 });
  const sink: ExportFiles = {
    async store(_db, input) {
      const hash = createHash("sha256");
      let size = 0;
      for await (const chunk of input.body) {
        hash.update(chunk);
        size += chunk.byteLength;
      }
      return { id: crypto.randomUUID(), sha256: hash.digest("hex"), size };
    },
    remove: async () => undefined,
    link: () => ({ url: "", expiresAt: new Date() }),
  };
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
