/**
 * `npm run bench:matching` — the payment-matching cascade at scale, on PostgreSQL.
 *
 * In a fresh database of its own (set-based SQL): 50 creditors, 500,000 debtors and 1,000,000 open
 * placements (two per debtor; one debtor name in five is shared with another debtor), then
 * 100,000 incoming unmatched payments whose facts spread over the rules: 20% name their placement
 * (rule 1), 40% carry its invoice number in their reference (rule 2), 2% name two invoices
 * (ambiguous at rule 2), 15% only the debtor's email with the exact open balance (rule 3), 12%
 * only the debtor's name with the balance within 1% (rule 4, ambiguous where the name is shared)
 * and 11% nothing usable (review). The tables are vacuumed and analysed, as in a database in use.
 * Times, in the same run, five rounds alternating, the median of each kept:
 *   - the whole cascade: every rule's candidates for all payments (services/matching/candidates.ts,
 *     the statement the app runs, in two slices on two connections, reading the match keys each
 *     payment got when it was written: db/schema/match-keys.ts) and the domain's decision for each
 *     payment;
 *   - a plain PostgreSQL hash join of the same payments to placements on (invoice number, amount)
 *     (PostgreSQL runs it with a parallel worker: two processes, as the cascade's two slices).
 * `ambiguous_auto` counts payments with two or more best-tier candidates that were auto-applied
 * (recounted from the raw hits, not from the decision): the ambiguity guard says 0. Prints, last:
 *   RESULT matching payments=100000 placements=1000000 cascade_s=… join_s=… ratio=… auto=… suggested=… review=… ambiguous_auto=0
 * Needs PostgreSQL: DATABASE_URL (server-level) or postgres://postgres@127.0.0.1:5432/postgres.
 */
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/rows";
import { type CandidateHit, DEFAULT_MATCH_SETTINGS, type MatchDecision, decideMatch } from "@/server/domain/matching";
import { findCandidates } from "@/server/services/matching/candidates";
import { freshDatabase } from "./lib/database";

// BENCH_MATCHING_SCALE (default 1) shrinks the run for a quick check of the bench itself; the RESULT is the full size.
const SCALE = Number(process.env.BENCH_MATCHING_SCALE ?? 1);
const PLACEMENTS = Math.round(1_000_000 * SCALE) - (Math.round(1_000_000 * SCALE) % 2);
const PAYMENTS = Math.round(100_000 * SCALE);
const DEBTORS = PLACEMENTS / 2;
const ROUNDS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const server = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const t0 = Date.now();
  const db = await freshDatabase(server, 2);
  const log = (m: string) => console.log(`[bench:matching] ${m} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  try {
    await seed(db.db);
    log(`seeded ${PLACEMENTS} open placements of ${DEBTORS} debtors and ${PAYMENTS} unmatched payments`);
    const payments = (
      await queryRows<{ id: string; amount: string }>(
        db.db,
        sql`select id, amount::text as amount from payment_attempts where status = 'unmatched'`,
      )
    ).map((p) => ({ id: p.id, amount: BigInt(p.amount) }));

    // Each side is timed ROUNDS times, alternating, and its median kept: the first statements after a
    // bulk load also pay for first touches (page cache, plans), which neither side should carry alone.
    //   cascade: every rule's candidates for every unmatched attempt (two slices of the id space on
    //            the pool's two connections, as PostgreSQL's parallel hash join below uses two
    //            processes) and the domain's decision per payment;
    //   join:    the plain hash join on (invoice number, amount).
    const cascadeTimes: number[] = [];
    const joinTimes: number[] = [];
    let hits = new Map<string, CandidateHit[]>();
    let decisions: MatchDecision[] = [];
    let joined = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // The previous round's results are let go before the clock starts (a batch holds its own only).
      hits = new Map();
      decisions = [];
      let at = performance.now();
      hits = await findCandidates(db.db, { kind: "unmatched" }, DEFAULT_MATCH_SETTINGS, { concurrency: 2 });
      decisions = payments.map((p) => decideMatch(p.amount, hits.get(p.id) ?? [], DEFAULT_MATCH_SETTINGS));
      cascadeTimes.push((performance.now() - at) / 1000);

      at = performance.now();
      const [join] = await queryRows<{ n: number }>(
        db.db,
        sql`select count(*)::int as n from payment_attempts a
          join placements pl on pl.invoice_number = a.metadata->>'invoice_number' and pl.invoice_amount - pl.recovered_amount = a.amount
          where a.status = 'unmatched'`,
      );
      joinTimes.push((performance.now() - at) / 1000);
      joined = join!.n;
      log(`round ${round + 1}: cascade ${cascadeTimes.at(-1)!.toFixed(2)} s, join ${joinTimes.at(-1)!.toFixed(2)} s`);
    }
    const cascadeS = median(cascadeTimes);
    const joinS = median(joinTimes);

    // Counted after the clock stops: the outcomes, and the ambiguity guard recounted from the raw hits.
    const counts = { auto: 0, suggested: 0, review: 0, ambiguous: 0, ambiguousAuto: 0 };
    payments.forEach((p, i) => {
      const d = decisions[i]!;
      const found = hits.get(p.id) ?? [];
      counts[d.outcome] += 1;
      if (d.outcome === "review" && d.reason === "ambiguous") counts.ambiguous += 1;
      // Distinct placements at the best rule.
      const best = Math.min(...found.map((h) => h.rule));
      const atBest = new Set(found.filter((h) => h.rule === best).map((h) => h.placementId)).size;
      if (d.outcome === "auto" && atBest >= 2) counts.ambiguousAuto += 1;
    });
    log(
      `cascade: ${[...hits.values()].reduce((s, h) => s + h.length, 0)} hits → ${counts.auto} auto, ${counts.suggested} suggested, ${counts.review} review (${counts.ambiguous} ambiguous) in ${cascadeS.toFixed(2)} s`,
    );

    log(`hash join on (invoice number, amount): ${joined} pairs, median ${joinS.toFixed(2)} s`);
    console.log(
      `RESULT matching payments=${payments.length} placements=${PLACEMENTS} cascade_s=${cascadeS.toFixed(2)} join_s=${joinS.toFixed(2)} ratio=${(cascadeS / joinS).toFixed(2)} auto=${counts.auto} suggested=${counts.suggested} review=${counts.review} ambiguous_auto=${counts.ambiguousAuto}`,
    );
  } finally {
    await db.drop();
  }
}

async function seed(db: Parameters<typeof queryRows>[0]) {
  await db.execute(sql`insert into creditors (id, name, slug, default_currency, contingency_rate_bps)
    select md5('c' || g)::uuid, 'Bench creditor ' || g, 'bench-' || g, 'USD', 2000 from generate_series(0, 49) g`);
  // One debtor name in five is another debtor's too (d and d + 4/5 of the debtors), with the same balances.
  await db.execute(sql`insert into debtors (id, creditor_id, name, email)
    select md5('d' || d)::uuid, md5('c' || (d % 50))::uuid, 'Debtor ' || (d % ${(DEBTORS * 4) / 5}), 'd' || d || '@bench.test'
    from generate_series(0, ${DEBTORS - 1}) d`);
  await db.execute(sql`insert into placements (id, creditor_id, debtor_id, invoice_number, invoice_amount, currency, due_date)
    select md5('p' || g)::uuid, md5('c' || ((g / 2) % 50))::uuid, md5('d' || (g / 2))::uuid, 'BI-' || lpad(g::text, 7, '0'),
      case when g % 2 = 0 then 20000 + ((g / 2) % 5000) * 3 else 2 * (20000 + ((g / 2) % 5000) * 3) + 7 end,
      'USD', date '2025-01-01' + (g % 400)
    from generate_series(0, ${PLACEMENTS - 1}) g`);
  // Payment i aims at placement g; "invoice_number" is what the plain join reads (the reference's invoice, where it has one).
  await db.execute(sql`insert into payment_attempts (source, external_id, amount, currency, status, received_at, metadata)
    select 'stripe', 'pi_bench' || lpad(i::text, 7, '0'), x.amount, 'USD', 'unmatched', timestamptz '2026-03-01 10:00:00+00', x.metadata
    from generate_series(0, ${PAYMENTS - 1}) i
    cross join lateral (select (i * 7919) % ${PLACEMENTS} as g, i % 100 as kind) k
    cross join lateral (select case when k.g % 2 = 0 then 20000 + ((k.g / 2) % 5000) * 3 else 2 * (20000 + ((k.g / 2) % 5000) * 3) + 7 end as balance,
      'BI-' || lpad(k.g::text, 7, '0') as inv, 'BI-' || lpad(((k.g + 1) % ${PLACEMENTS})::text, 7, '0') as inv2) b
    cross join lateral (select
      case when k.kind < 60 then b.balance when k.kind < 62 then 5000 when k.kind < 77 then b.balance
        when k.kind < 89 then b.balance + b.balance / 100 else 12345 end as amount,
      case
        when k.kind < 20 then jsonb_build_object('placement_id', md5('p' || k.g)::uuid::text, 'invoice_number', b.inv)
        when k.kind < 60 then jsonb_build_object('reference', 'Invoice ' || b.inv || '.', 'invoice_number', b.inv)
        when k.kind < 62 then jsonb_build_object('description', 'Pays ' || b.inv || ' and ' || b.inv2)
        when k.kind < 77 then jsonb_build_object('receipt_email', 'D' || (k.g / 2) || '@bench.test', 'description', 'Thank you')
        when k.kind < 89 then jsonb_build_object('billing_name', 'DEBTOR ' || ((k.g / 2) % ${(DEBTORS * 4) / 5}), 'statement_descriptor', 'CARD PAYMENT')
        else jsonb_build_object('description', 'payment', 'reference', 'n/a') end as metadata) x`);
  // As a database in use: statistics, hint bits and visibility maps set (a bulk load leaves them to the first reader).
  await db.execute(sql`vacuum analyze`);
  // The load's dirty pages written out now, not by a checkpoint in the middle of the timed rounds
  // (CHECKPOINT needs a superuser or pg_checkpoint; without it the rounds run as they are).
  await db.execute(sql`checkpoint`).catch(() => undefined);
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
