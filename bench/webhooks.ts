/**
 * `npm run bench:webhooks [-- --events 2000 --rounds 5 --concurrency 16 --mode auto|next|inprocess --pool N --batches N --no-build]`
 *
 * Full Stripe payment pipeline (verify → inbox → remittance, ledger, outbox, audit) against the
 * minimal route (verify → one insert) of the same app, on a fresh PostgreSQL database
 * (DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432/postgres), 16 concurrent
 * connections. Mode `auto` builds the webhook routes with `next build` and runs `next start`; when
 * the app does not build it falls back to the same handlers behind node:http in-process, and says so.
 * Each round also prints the CPU one event cost in the app, in PostgreSQL and in this load generator
 * (from /proc, Linux): the three share the machine's cores, so that split is what sets the rates.
 * BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the app server (next start) into <dir>.
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { sql } from "drizzle-orm";
import Stripe from "stripe";
import { queryRows } from "@/db/rows";
import { verifyLedger } from "@/server/services/ledger/verify";
import { paymentIntent, stripeEvent } from "@/server/testing/stripe";
import { cpuPerEvent, readCpu } from "./lib/cpu";
import { freshDatabase } from "./lib/database";
import { startInProcess } from "./lib/inprocess";
import { percentile, runLoad, type LoadResult } from "./lib/load";
import { buildApp, hasBuild, startApp } from "./lib/next-app";
import { seedPlacements } from "./lib/seed";

type CpuSplit = ReturnType<typeof cpuPerEvent>;

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
/** Payments per route per round. */
const EVENTS = Number(opt("events", "2000"));
const ROUNDS = Math.max(1, Number(opt("rounds", "5")));
const CONCURRENCY = Number(opt("concurrency", "16"));
const WARMUP = 300;
const MODE = opt("mode", "auto");
/**
 * The app runs as a web replica: background jobs off (CLEARBOOK_JOBS=off: in production they run
 * on Inngest or a jobs replica, not between webhook requests; the in-process runner's minute tick
 * would otherwise land in some rounds and not others), with one database connection per
 * concurrent request (measured: 16 connections gave ~20% more payments/s than 5 or 10).
 */
const POOL = Number(opt("pool", String(CONCURRENCY)));
/** STRIPE_PAYMENT_BATCHES of the app: payment batches at the database at once (0 = every payment alone); default the app's own. */
const BATCHES = opt("batches", "");
if (BATCHES) process.env.STRIPE_PAYMENT_BATCHES = BATCHES; // next start inherits it; the in-process fallback reads it here
const SERVER_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const secret = `whsec_bench_${randomBytes(12).toString("hex")}`;
const sign = (payload: string) => Stripe.webhooks.generateTestHeaderString({ payload, secret });
const ms = (x: number) => x.toFixed(1);

async function main() {
  const db = await freshDatabase(SERVER_URL, 16);
  let stop: (() => Promise<void>) | undefined;
  try {
    const placementIds = await seedPlacements(db.db, WARMUP + ROUNDS * EVENTS);
    const payments = (ids: string[]) =>
      ids.map((id) =>
        JSON.stringify(
          stripeEvent(
            "payment_intent.succeeded",
            paymentIntent({ amount: 1_000 + Math.floor(Math.random() * 9_000), placementId: id }),
          ),
        ),
      );
    const warm = payments(placementIds.slice(0, WARMUP));
    // Each round pays its own placements; the minimal route stores the same kind of event (fresh
    // ids) for the same placements and processes nothing.
    const rounds = Array.from({ length: ROUNDS }, (_, r) => {
      const ids = placementIds.slice(WARMUP + r * EVENTS, WARMUP + (r + 1) * EVENTS);
      return { full: payments(ids), minimal: payments(ids) };
    });
    const minimalWarm = payments(placementIds.slice(0, WARMUP));

    let target: { base: string; stop: () => Promise<void>; processGroup?: number | null } | undefined;
    let how = "";
    let problem =
      MODE === "inprocess"
        ? "skipped (--mode inprocess)"
        : args.includes("--no-build") && hasBuild()
          ? null
          : await buildApp();
    if (problem === null) {
      try {
        target = await startApp(await freePort(), {
          DATABASE_URL: db.url,
          STRIPE_WEBHOOK_SECRET: secret,
          CLEARBOOK_JOBS: "off",
          DATABASE_POOL_MAX: String(POOL),
          NEXT_TELEMETRY_DISABLED: "1",
        });
        how = `next start (production build of the webhook routes), separate process, jobs off, ${POOL} database connections, payment batches in flight ${BATCHES || "default"}`;
      } catch (err) {
        problem = `next start: ${err instanceof Error ? err.message : err}`;
      }
    }
    if (!target) {
      if (MODE === "next") throw new Error(`the app could not be built or started:\n${problem}`);
      target = await startInProcess(db.db, secret);
      how = `FALLBACK in-process node:http server running the same route handlers (${(problem ?? "").split("\n")[0]})`;
    }
    stop = target.stop;
    console.log(`server: ${how}`);
    console.log(
      `events: ${EVENTS} per route after ${WARMUP} warm-up, ${CONCURRENCY} concurrent connections, PostgreSQL ${new URL(SERVER_URL).host}`,
    );

    await runLoad(`${target.base}/api/webhooks/stripe-minimal`, minimalWarm, CONCURRENCY, sign);
    await runLoad(`${target.base}/api/webhooks/stripe`, warm, CONCURRENCY, sign);
    // Rounds alternate the two routes, so a slow spell of this shared machine falls on both
    // rather than on one; the figures are the medians over the rounds.
    const floors: LoadResult[] = [];
    const pipelines: LoadResult[] = [];
    // Where the CPU of an event goes (app, PostgreSQL, this load generator): the machine's cores
    // are shared, so what an event costs in all three sets the rate.
    const group = target.processGroup ?? null;
    const cpu = { minimal: [] as CpuSplit[], pipeline: [] as CpuSplit[] };
    const measured = async (url: string, bodies: string[], into: CpuSplit[]) => {
      const before = readCpu(group);
      const result = await runLoad(url, bodies, CONCURRENCY, sign);
      into.push(cpuPerEvent(before, readCpu(group), bodies.length));
      return result;
    };
    for (const [i, round] of rounds.entries()) {
      floors.push(await measured(`${target.base}/api/webhooks/stripe-minimal`, round.minimal, cpu.minimal));
      pipelines.push(await measured(`${target.base}/api/webhooks/stripe`, round.full, cpu.pipeline));
      console.log(
        `round ${i + 1}/${ROUNDS}: minimal ${Math.round(floors[i]!.perSecond)}/s p99 ${ms(floors[i]!.p99)} ms${cpuText(cpu.minimal[i]!)} · pipeline ${Math.round(pipelines[i]!.perSecond)}/s p50 ${ms(pipelines[i]!.p50)} ms p99 ${ms(pipelines[i]!.p99)} ms${cpuText(cpu.pipeline[i]!)}`,
      );
    }
    const floor = medianOf(floors);
    const pipeline = medianOf(pipelines);
    // Redeliver a tenth of the payments (new signatures, as Stripe's retries have): nothing may change.
    const again = await runLoad(
      `${target.base}/api/webhooks/stripe`,
      rounds.flatMap((r) => r.full).filter((_, i) => i % 10 === 0),
      CONCURRENCY,
      sign,
    );

    const [counts] = await queryRows<{ remittances: number; attempts: number; extra: number }>(
      db.db,
      sql`select
      (select count(*)::int from remittances) as remittances,
      (select count(*)::int from payment_attempts) as attempts,
      (select count(*)::int from (select payment_attempt_id from remittances group by 1 having count(*) > 1) d) as extra`,
    );
    const expected = WARMUP + ROUNDS * EVENTS;
    const duplicates = Math.max(0, counts!.remittances - expected) + counts!.extra;
    const breaks = await verifyLedger(db.db);
    const report = (name: string, r: LoadResult) =>
      console.log(
        `${name.padEnd(9)} ${Math.round(r.perSecond).toString().padStart(6)} events/s  p50 ${ms(r.p50).padStart(6)} ms  p99 ${ms(r.p99).padStart(6)} ms  statuses ${JSON.stringify(r.statuses)}`,
      );
    report("minimal", floor);
    report("pipeline", pipeline);
    console.log(`(medians of ${ROUNDS} rounds; p99 over all pipeline requests pooled: ${ms(pooledP99(pipelines))} ms)`);
    const cpuMedian = (rs: CpuSplit[]) => {
      if (rs.some((r) => !r)) return null;
      const med = (f: (r: NonNullable<CpuSplit>) => number) =>
        rs.map((r) => f(r!)).sort((a, b) => a - b)[Math.floor(rs.length / 2)]!;
      return { app: med((r) => r.app), db: med((r) => r.db), load: med((r) => r.load) };
    };
    const [cpuMin, cpuPipe] = [cpuMedian(cpu.minimal), cpuMedian(cpu.pipeline)];
    if (cpuMin && cpuPipe)
      console.log(`cpu per event, medians:  minimal${cpuText(cpuMin)}  pipeline${cpuText(cpuPipe)}`);
    report("redeliver", again);
    const ratio = pipeline.perSecond / floor.perSecond;
    console.log(
      `ratio ${ratio.toFixed(2)} (goal ≥ 0.6) · p99 ${ms(pipeline.p99)} ms (goal < 100) · remittances ${counts!.remittances}/${expected} · duplicates ${duplicates} · ledger ${breaks.length ? `BROKEN ${JSON.stringify(breaks)}` : "verified"}`,
    );
    const non2xx = [...floors, ...pipelines, again].reduce(
      (n, r) =>
        n +
        Object.entries(r.statuses)
          .filter(([s]) => s !== "200")
          .reduce((m, [, c]) => m + c, 0),
      0,
    );
    if (non2xx || counts!.remittances !== expected)
      console.log(`WARNING: ${non2xx} non-200 answers; ${counts!.remittances} remittances for ${expected} payments`);
    console.log(
      `RESULT webhooks events_per_s=${Math.round(pipeline.perSecond)} p50_ms=${ms(pipeline.p50)} p99_ms=${ms(pipeline.p99)} minimal_events_per_s=${Math.round(floor.perSecond)} minimal_p99_ms=${ms(floor.p99)} ratio=${ratio.toFixed(2)} p99_pooled_ms=${ms(pooledP99(pipelines))} rounds=${ROUNDS} duplicates=${duplicates}`,
    );
  } finally {
    await stop?.();
    await db.drop();
  }
}

/** Each figure's median over the rounds (rate, p50, p99 taken separately); statuses summed. */
function medianOf(results: LoadResult[]): LoadResult {
  const med = (f: (r: LoadResult) => number) => {
    const v = results.map(f).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)]!;
  };
  const statuses: Record<number, number> = {};
  for (const r of results)
    for (const [k, n] of Object.entries(r.statuses)) statuses[Number(k)] = (statuses[Number(k)] ?? 0) + n;
  return {
    count: results.reduce((n, r) => n + r.count, 0),
    seconds: results.reduce((n, r) => n + r.seconds, 0),
    perSecond: med((r) => r.perSecond),
    p50: med((r) => r.p50),
    p99: med((r) => r.p99),
    statuses,
    latencies: results.flatMap((r) => r.latencies),
  };
}

/** ` (cpu/event app 1.20 db 0.80 load 0.30 ms)`, or nothing where /proc is not readable. */
const cpuText = (c: CpuSplit) =>
  c ? ` (cpu/event ms: app ${c.app.toFixed(2)} db ${c.db.toFixed(2)} load ${c.load.toFixed(2)})` : "";

const pooledP99 = (results: LoadResult[]) =>
  percentile(
    results.flatMap((r) => r.latencies).sort((a, b) => a - b),
    99,
  );

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
