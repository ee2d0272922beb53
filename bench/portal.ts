/**
 * `npm run bench:portal`: the portal's pages against 1,000,000 remittances and 200,000 placements
 * on a fresh PostgreSQL database. Each page is timed by calling the same service the page's
 * procedure calls; the SQL that call sent is captured and replayed directly through `pg` in the
 * same run, so the two columns show app overhead vs. database time. Ends with a RESULT line.
 *
 *   BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres)  server to create the database on
 *   BENCH_ITERATIONS (default 40)                                      timed calls per page
 *   BENCH_KEEP=1                                                       keep the database afterwards (to EXPLAIN)
 */
import { Client, Pool } from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import * as schema from "@/db/schema";
import type { Db } from "@/db/client";
import { encodeListCursor } from "@/server/lib/list-cursor";
import { listPlacementPage } from "@/server/services/queries/placement-list";
import { creditorPlacementPage } from "@/server/services/queries/placement-page";
import { listRemittancePage } from "@/server/services/queries/remittance-list";
import { portalOverview } from "@/server/services/queries/portal-overview";
import { presetPeriod, toDate } from "@/server/domain/periods";
import { freshDatabase } from "./lib/database";
import { BENCH_SHAPE, seedPortalBench } from "./portal-seed";

const SERVER = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 40);
const WARMUP = 5;
const PAGE = 50; // the portal's page size
const log = (line: string) => console.log(line);

type Captured = { sql: string; params: unknown[] };
let capture: Captured[] | null = null;

type Scenario = { name: string; call: (db: Db, i: number) => Promise<unknown> };
type Row = { name: string; service: number[]; sql: number[]; queries: number };

async function main() {
  const started = performance.now();
  log(
    `Portal benchmark: ${BENCH_SHAPE.cleared + BENCH_SHAPE.reversed} remittances, ${BENCH_SHAPE.placements} placements, ${BENCH_SHAPE.creditors} creditors (creditor 0 holds ${BENCH_SHAPE.bigShare})`,
  );
  const bench = await freshDatabase(SERVER, 4);
  try {
    log(
      `Seeding ${bench.url.replace(/^.*\//, "")} (triggers off for the seeding session only; see bench/portal-seed.ts)`,
    );
    const seeder = new Client({ connectionString: bench.url });
    const second = new Client({ connectionString: bench.url });
    await Promise.all([seeder.connect(), second.connect()]);
    const t0 = performance.now();
    await seedPortalBench([seeder, second], log);
    await second.end();
    const seedSeconds = (performance.now() - t0) / 1000;
    log(`Seeded in ${seedSeconds.toFixed(1)} s\n`);

    const pool = new Pool({ connectionString: bench.url, max: 4 });
    const db = drizzle({
      client: pool,
      schema,
      casing: "snake_case",
      logger: { logQuery: (sql, params) => capture?.push({ sql, params }) },
    }) as unknown as Db;
    const fixtures = await loadFixtures(seeder);
    await seeder.end();

    const scenarios: Scenario[] = [
      {
        name: "remittances, first page",
        call: (d) => listRemittancePage(d, { creditorId: fixtures.big, limit: PAGE }),
      },
      {
        name: "remittances, deep page",
        call: (d, i) =>
          listRemittancePage(d, {
            creditorId: fixtures.big,
            limit: PAGE,
            cursor: fixtures.deepCursors[i % fixtures.deepCursors.length],
          }),
      },
      {
        name: "placements, status=open",
        call: (d) => listPlacementPage(d, { creditorId: fixtures.big, status: "open", limit: PAGE }),
      },
      {
        name: "placements, open, deep page",
        call: (d, i) =>
          listPlacementPage(d, {
            creditorId: fixtures.big,
            status: "open",
            limit: PAGE,
            cursor: fixtures.placementCursors[i % fixtures.placementCursors.length],
          }),
      },
      {
        name: "placement page + timeline",
        call: (d, i) =>
          creditorPlacementPage(d, fixtures.big, fixtures.placementIds[i % fixtures.placementIds.length]!),
      },
      {
        name: "overview, last 90 days",
        call: (d) => portalOverview(d, fixtures.big, presetPeriod("90d", toDate(new Date()))),
      },
      {
        name: "overview, last 12 months",
        call: (d) => portalOverview(d, fixtures.big, presetPeriod("12m", toDate(new Date()))),
      },
    ];
    const only = process.env.BENCH_ONLY_SEED === "1" ? [] : scenarios;
    const rows: Row[] = [];
    for (const s of only) rows.push(await measure(s, db, pool));
    if (rows.length === 0) return;
    await pool.end();
    report(rows, seedSeconds, (performance.now() - started) / 1000);
  } finally {
    if (process.env.BENCH_KEEP === "1") {
      await bench.close();
      log(`Kept ${bench.url}`);
    } else await bench.drop();
  }
}

/** The big creditor, placements with payments, and cursors 300,000 rows deep (page ~6,000). */
async function loadFixtures(client: Client) {
  const big = (await client.query<{ id: string }>("select id from creditors where slug = 'bench-0'")).rows[0]!.id;
  const deep = await client.query<{ v: string; id: string }>(
    `select to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as v, id from (
       select occurred_at, id, row_number() over (order by occurred_at desc, id desc) as n from remittances where creditor_id = $1
     ) x where n between 300000 and 302500 and n % ${PAGE} = 0`,
    [big],
  );
  const deepPlacements = await client.query<{ v: string; id: string }>(
    `select to_char(placed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as v, id from (
       select placed_at, id, row_number() over (order by placed_at desc, id desc) as n from placements where creditor_id = $1 and status = 'open'
     ) x where n between 30000 and 32500 and n % ${PAGE} = 0`,
    [big],
  );
  const ids = await client.query<{ id: string }>(
    "select p.id from placements p where p.creditor_id = $1 and exists (select 1 from remittances r where r.placement_id = p.id and r.status = 'reversed') order by md5(p.id::text) limit 60",
    [big],
  );
  return {
    big,
    deepCursors: deep.rows.map((r) => encodeListCursor("occurredAt", "desc", r.v, r.id)),
    placementCursors: deepPlacements.rows.map((r) => encodeListCursor("placedAt", "desc", r.v, r.id)),
    placementIds: ids.rows.map((r) => r.id),
  };
}

/** Time the service call, capturing its SQL; then replay each call's SQL straight through pg. */
async function measure(s: Scenario, db: Db, pool: Pool): Promise<Row> {
  // Warm the same inputs that are timed (a deep page's cursors as much as the first page's one).
  for (let i = 0; i < Math.max(WARMUP, ITERATIONS); i++) await s.call(db, i);
  const service: number[] = [];
  const calls: Captured[][] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    capture = [];
    const t0 = performance.now();
    await s.call(db, i);
    service.push(performance.now() - t0);
    calls.push(capture);
    capture = null;
  }
  const sql: number[] = [];
  const client = await pool.connect();
  try {
    for (const queries of calls) {
      const t0 = performance.now();
      for (const q of queries) await client.query(q.sql, q.params as unknown[]);
      sql.push(performance.now() - t0);
    }
  } finally {
    client.release();
  }
  const row = { name: s.name, service, sql, queries: calls[0]?.length ?? 0 };
  log(
    `  ${s.name.padEnd(30)} service p50 ${pct(service, 50).toFixed(1)} ms  p95 ${pct(service, 95).toFixed(1)} ms   sql p50 ${pct(sql, 50).toFixed(1)} ms  p95 ${pct(sql, 95).toFixed(1)} ms`,
  );
  return row;
}

function pct(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function report(rows: Row[], seedSeconds: number, totalSeconds: number) {
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(30) : c.padStart(9))).join(" | ")} |`;
  log(`\n${line(["page (service = what the page calls)", "svc p50", "svc p95", "sql p50", "sql p95", "queries"])}`);
  log(line(["-".repeat(30), ...Array(5).fill("-".repeat(9))]));
  for (const r of rows)
    log(
      line([
        r.name,
        ms(pct(r.service, 50)),
        ms(pct(r.service, 95)),
        ms(pct(r.sql, 50)),
        ms(pct(r.sql, 95)),
        String(r.queries),
      ]),
    );
  const worst = rows.reduce((w, r) => (pct(r.service, 95) > pct(w.service, 95) ? r : w));
  const first = rows.find((r) => r.name === "remittances, first page")!;
  const deep = rows.find((r) => r.name === "remittances, deep page")!;
  const ratio = pct(deep.service, 50) / pct(first.service, 50);
  const ratio95 = pct(deep.service, 95) / pct(first.service, 95);
  const key = (r: Row) =>
    r.name
      .replace(/[^a-z0-9]+/gi, "_")
      .replace(/_+$/, "")
      .toLowerCase();
  const perPage = rows.map((r) => `${key(r)}_p95_ms=${pct(r.service, 95).toFixed(1)}`).join(" ");
  log(
    `\nRESULT portal remittances=${BENCH_SHAPE.cleared + BENCH_SHAPE.reversed} placements=${BENCH_SHAPE.placements} iterations=${ITERATIONS} seed_s=${seedSeconds.toFixed(1)} ` +
      `worst_p95_ms=${pct(worst.service, 95).toFixed(1)} worst_page=${key(worst)} deep_first_ratio_p50=${ratio.toFixed(2)} deep_first_ratio_p95=${ratio95.toFixed(2)} ` +
      `all_under_300ms=${rows.every((r) => pct(r.service, 95) < 300)} ${perPage} total_s=${totalSeconds.toFixed(0)}`,
  );
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
