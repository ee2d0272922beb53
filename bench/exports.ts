/**
 * `npm run bench:exports`: 1,000,000 remittances on a fresh PostgreSQL database exported as CSV
 * by the export job's code, beside `COPY (the same query) TO STDOUT` in the same run. The export
 * runs in a child process (bench/exports-worker.ts, heap capped at 128 MB) so its peak RSS is the exporter's alone; COPY
 * runs through psql into /dev/null. Goal: at least 0.25 × COPY's rows/s, peak RSS under 200 MB.
 *
 *   BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres)  server to create the database on
 *   BENCH_KEEP=1                                                       keep the database afterwards
 *   BENCH_REUSE_URL=postgres://…/clearbook_bench_…                     measure on a kept database (no seeding)
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Client } from "pg";
import { PgDialect } from "drizzle-orm/pg-core";
import { SOURCES } from "@/server/services/exports/sources";
import { freshDatabase } from "./lib/database";
import { BENCH_SHAPE, seedPortalBench } from "./portal-seed";

const run = promisify(execFile);
const SERVER = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const log = (line: string) => console.log(line);

/** The export's query for every row (what its cursor reads), parameters inlined (numbers only here), for COPY. */
function copyQuery(): string {
  const q = new PgDialect({ casing: "snake_case" }).sqlToQuery(SOURCES.remittances.page({}, null, null, null));
  return q.sql.replace(/\$(\d+)/g, (_m, i: string) => {
    const v = q.params[Number(i) - 1];
    if (typeof v !== "number") throw new Error(`unexpected parameter ${String(v)}`);
    return String(v);
  });
}

async function main() {
  const total = BENCH_SHAPE.cleared + BENCH_SHAPE.reversed;
  log(`Exports benchmark: ${total} remittances, CSV, agency-wide, beside COPY of the same query`);
  const reuse = process.env.BENCH_REUSE_URL;
  const bench = reuse ? { url: reuse, drop: async () => undefined } : await freshDatabase(SERVER, 2);
  try {
    if (!reuse) {
      const seeder = new Client({ connectionString: bench.url });
      const second = new Client({ connectionString: bench.url });
      await Promise.all([seeder.connect(), second.connect()]);
      const t0 = performance.now();
      await seedPortalBench([seeder, second], log);
      await Promise.all([seeder.end(), second.end()]);
      log(`Seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    }

    const sql = copyQuery();
    const c0 = performance.now();
    await run(
      "psql",
      [bench.url, "-q", "-c", `\\copy (${sql.replace(/\s+/g, " ")}) to '/dev/null' with (format csv, header)`],
      {
        maxBuffer: 1 << 20,
      },
    );
    const copySeconds = (performance.now() - c0) / 1000;
    log(`COPY (same query) TO STDOUT: ${copySeconds.toFixed(2)} s`);

    const { stdout } = await run("npx", ["tsx", "bench/exports-worker.ts"], {
      // A bounded heap, as an export worker runs: V8 otherwise grows it lazily far past what the batches hold.
      env: { ...process.env, BENCH_DB_URL: bench.url, NODE_OPTIONS: "--max-old-space-size=128" },
      maxBuffer: 1 << 20,
    });
    const worker = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      rows: number;
      seconds: number;
      peakRssMb: number;
      baseRssMb: number;
    };
    log(
      `Export job: ${worker.rows} rows in ${worker.seconds.toFixed(2)} s, peak RSS ${worker.peakRssMb.toFixed(0)} MB (${worker.baseRssMb.toFixed(0)} MB before it started)`,
    );
    if (worker.rows !== total) throw new Error(`exported ${worker.rows} rows, expected ${total}`);
    const rowsPerS = worker.rows / worker.seconds;
    const copyRowsPerS = total / copySeconds;
    const ratio = rowsPerS / copyRowsPerS;
    log(
      `\nGoal: ratio ≥ 0.25 (${ratio >= 0.25 ? "met" : "NOT met"}), peak RSS < 200 MB (${worker.peakRssMb < 200 ? "met" : "NOT met"})`,
    );
    log(
      `RESULT exports rows=${worker.rows} wall_s=${worker.seconds.toFixed(2)} rows_per_s=${Math.round(rowsPerS)} copy_rows_per_s=${Math.round(copyRowsPerS)} ratio=${ratio.toFixed(3)} peak_rss_mb=${worker.peakRssMb.toFixed(0)}`,
    );
  } finally {
    if (process.env.BENCH_KEEP === "1" || reuse) log(`kept ${bench.url}`);
    else await bench.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
