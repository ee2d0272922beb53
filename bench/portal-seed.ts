import type { Client } from "pg";

/**
 * Set-based seed of the portal benchmark: generate_series only, no per-row application code.
 * Ids are derived from ordinals (a table digit + the ordinal in hex) so tables reference each other
 * without joins and primary keys fill in order; secondary indexes are dropped for the load and
 * rebuilt afterwards (a sorted build is many times faster than a million random inserts).
 *
 * The seeding session runs with `session_replication_role = replica`, which skips triggers for
 * its own statements: foreign-key checks, the append-only guards and the deferred per-posting
 * balance check. This is ONLY done on the throwaway benchmark database; every entry written here
 * balances by construction (clearing = payable + fee income), and the counts are printed.
 */
export const BENCH_SHAPE = {
  creditors: 20,
  placements: 200_000,
  /** Cleared remittances; every 19th also gets a partial reversal, for 1,000,000 rows in all. */
  cleared: 950_000,
  reversed: 50_000,
  /** Share of placements and remittances held by creditor 0, the one the benchmark reads as. */
  bigShare: "40%",
};

const C = BENCH_SHAPE.creditors;
const P = BENCH_SHAPE.placements;
const K = BENCH_SHAPE.cleared;
const R = BENCH_SHAPE.reversed;

const TABLE_DIGIT: Record<string, string> = { c: "1", d: "2", p: "3", pa: "4", je: "5", jr: "6", r: "7", rr: "8" };
const uid = (prefix: string, expr: string) =>
  `('${TABLE_DIGIT[prefix]}' || lpad(to_hex((${expr})::bigint), 31, '0'))::uuid`;
// Creditor of placement i: 2 in 5 to creditor 0, the rest spread over the other 19.
const creditorOf = (i: string) => `(case when ${i} % 5 < 2 then 0 else 1 + (${i} % ${C - 1}) end)`;
const currencyOf = (ci: string) => `(case when ${ci} % 5 = 4 then 'EUR' else 'USD' end)`;
// Placement of cleared payment k, and when things happened (deterministic, spread over two years).
const placementOf = (k: string) => `(1 + ((${k})::bigint * 7919) % ${P})`;
const placedAt = (i: string) =>
  `(now() - make_interval(days => ((${i}) * 7 % 700 + 30)::int, secs => ((${i}) % 86400)::int))`;
const clearedAt = (k: string) =>
  `least(now() - interval '1 minute', ${placedAt(placementOf(k))} + make_interval(days => ((${k}) % 29 + 1)::int, secs => ((${k}) * 17 % 86400)::int))`;
const recovered = (k: string) => `(1000 + ((${k})::bigint * 37) % 20000)`;

/** The statements, in order, each with a label for the progress log. */
export function seedStatements(): Array<[string, string]> {
  return [
    [
      "creditors",
      `insert into creditors (id, name, slug, default_currency, contingency_rate_bps, created_at)
      select ${uid("c", "ci")}, 'Bench creditor ' || ci, 'bench-' || ci, ${currencyOf("ci")}, 2500, now() - interval '3 years'
      from generate_series(0, ${C - 1}) ci`,
    ],
    [
      "creditor_rates",
      `insert into creditor_rates (creditor_id, rate_bps, effective_from, reason, created_by)
      select ${uid("c", "ci")}, 2500, now() - interval '3 years', 'initial rate', 'system:bench' from generate_series(0, ${C - 1}) ci`,
    ],
    [
      "debtors",
      `insert into debtors (id, creditor_id, name, email)
      select ${uid("d", "i")}, ${uid("c", creditorOf("i"))}, 'Debtor ' || i, 'debtor' || i || '@example.test' from generate_series(1, ${P}) i`,
    ],
    [
      "placements",
      `insert into placements (id, creditor_id, debtor_id, invoice_number, invoice_amount, currency, due_date, status, placed_at, updated_at)
      select ${uid("p", "i")}, ${uid("c", creditorOf("i"))}, ${uid("d", "i")}, 'INV-' || lpad(i::text, 7, '0'), 50000 + (i::bigint * 7919) % 900000,
        ${currencyOf(creditorOf("i"))}, (${placedAt("i")})::date - (i % 120),
        (case when i % 20 < 10 then 'open' when i % 20 < 16 then 'paid' when i % 20 < 19 then 'closed_uncollected' else 'recalled' end)::placement_status,
        ${placedAt("i")}, now()
      from generate_series(1, ${P}) i`,
    ],
    [
      "payment_attempts",
      `insert into payment_attempts (id, creditor_id, placement_id, source, external_id, charge_id, amount, currency, status, received_at)
      select ${uid("pa", "k")}, ${uid("c", creditorOf(placementOf("k")))}, ${uid("p", placementOf("k"))}, 'stripe', 'pi_bench_' || k, 'ch_bench_' || k,
        ${recovered("k")}, ${currencyOf(creditorOf(placementOf("k")))}, (case when k % 19 = 0 then 'partially_reversed' else 'succeeded' end)::payment_status, ${clearedAt("k")}
      from generate_series(1, ${K}) k`,
    ],
    [
      "journal_entries (payments)",
      `insert into journal_entries (id, creditor_id, kind, description, source_ref, occurred_at)
      select ${uid("je", "k")}, ${uid("c", creditorOf(placementOf("k")))}, 'payment_cleared', 'Payment pi_bench_' || k, 'payment_attempt:' || ${uid("pa", "k")}, ${clearedAt("k")}
      from generate_series(1, ${K}) k`,
    ],
    [
      "journal_entries (reversals)",
      `insert into journal_entries (id, creditor_id, kind, description, source_ref, occurred_at)
      select ${uid("jr", "r")}, ${uid("c", creditorOf(placementOf("r * 19")))}, 'chargeback', 'chargeback du_bench_' || r, 'reversal:du_bench_' || r, ${clearedAt("r * 19")} + interval '10 days'
      from generate_series(1, ${R}) r`,
    ],
    [
      "remittances (cleared)",
      `insert into remittances (id, creditor_id, placement_id, payment_attempt_id, status, recovered_amount, fee_amount, net_remit_amount, currency, contingency_pct_snapshot, journal_entry_id, occurred_at)
      select ${uid("r", "k")}, ${uid("c", creditorOf(placementOf("k")))}, ${uid("p", placementOf("k"))}, ${uid("pa", "k")}, 'cleared',
        ${recovered("k")}, ${recovered("k")} / 4, ${recovered("k")} - ${recovered("k")} / 4, ${currencyOf(creditorOf(placementOf("k")))}, 2500, ${uid("je", "k")}, ${clearedAt("k")}
      from generate_series(1, ${K}) k`,
    ],
    [
      "remittances (reversals)",
      `insert into remittances (id, creditor_id, placement_id, payment_attempt_id, parent_remittance_id, status, reason, external_ref, recovered_amount, fee_amount, net_remit_amount, currency, contingency_pct_snapshot, journal_entry_id, occurred_at)
      select ${uid("rr", "r")}, ${uid("c", creditorOf(placementOf("r * 19")))}, ${uid("p", placementOf("r * 19"))}, ${uid("pa", "r * 19")}, ${uid("r", "r * 19")}, 'reversed', 'chargeback', 'du_bench_' || r,
        -(${recovered("r * 19")} / 2), -((${recovered("r * 19")} / 4) / 2), -(${recovered("r * 19")} / 2) + (${recovered("r * 19")} / 4) / 2,
        ${currencyOf(creditorOf(placementOf("r * 19")))}, 2500, ${uid("jr", "r")}, ${clearedAt("r * 19")} + interval '10 days'
      from generate_series(1, ${R}) r`,
    ],
    [
      "postings",
      `insert into postings (entry_id, account, creditor_id, placement_id, amount, currency)
      select rm.journal_entry_id, leg.account, rm.creditor_id, rm.placement_id, leg.amount, rm.currency
      from remittances rm
      cross join lateral (values
        ('cash:stripe_clearing', rm.recovered_amount),
        ('creditor_payable:' || rm.creditor_id, -rm.net_remit_amount),
        ('fee_income', -rm.fee_amount)) as leg(account, amount)`,
    ],
    [
      "accounting_documents",
      `insert into accounting_documents (id, creditor_id, placement_id, type, number, original_type, original_number, amount, currency, value_date, journal_entry_id)
      select ((case when rm.status = 'cleared' then '9' else 'a' end) || substr(replace(rm.id::text, '-', ''), 2))::uuid, rm.creditor_id, rm.placement_id,
        (case when rm.status = 'cleared' then 'AGENCY_PAYMENT' else 'CANCELLATION' end)::accounting_document_type,
        (case when rm.status = 'cleared' then 'PAY-' else 'CAN-' end) || rm.id::text,
        (case when rm.status = 'cleared' then null else 'AGENCY_PAYMENT' end)::accounting_document_type,
        (case when rm.status = 'cleared' then null else 'PAY-' || rm.parent_remittance_id::text end),
        -rm.recovered_amount, rm.currency, (rm.occurred_at at time zone 'UTC')::date, rm.journal_entry_id
      from remittances rm`,
    ],
    [
      "accounting_document_lines",
      `insert into accounting_document_lines (document_id, placement_id, allocate_to, amount, currency)
      select d.id, d.placement_id, 'principal', d.amount, d.currency from accounting_documents d`,
    ],
    [
      "audit_events",
      `insert into audit_events (occurred_at, actor_type, actor_id, action, category, creditor_id, target_type, target_id, details)
      select rm.occurred_at, 'stripe_webhook', 'evt_bench_' || rm.id::text, case when rm.status = 'cleared' then 'payment.cleared' else 'payment.chargeback' end, 'payments',
        rm.creditor_id, 'placement', rm.placement_id::text, jsonb_build_object('remittanceId', rm.id, 'amount', rm.recovered_amount::text)
      from remittances rm`,
    ],
    [
      "placement totals",
      `update placements p set recovered_amount = s.recovered, fee_amount = s.fee
      from (select placement_id, sum(recovered_amount) as recovered, sum(fee_amount) as fee from remittances group by placement_id) s
      where s.placement_id = p.id`,
    ],
  ];
}

type Step = [label: string, sql: string];

/** Steps in phases; within a phase, two lanes run at once (two cores), each lane in order. */
export function seedPhases(): Step[][][] {
  const steps = new Map(seedStatements());
  const pick = (...labels: string[]): Step[] => labels.map((l) => [l, steps.get(l)!]);
  return [
    [
      pick("creditors", "creditor_rates", "debtors", "placements", "payment_attempts"),
      pick(
        "journal_entries (payments)",
        "journal_entries (reversals)",
        "remittances (cleared)",
        "remittances (reversals)",
      ),
    ],
    [pick("postings"), pick("accounting_documents", "accounting_document_lines", "audit_events")],
    [pick("placement totals")],
  ];
}

const SESSION = [
  "set session_replication_role = replica",
  "set maintenance_work_mem = '512MB'",
  "set work_mem = '64MB'",
  "set synchronous_commit = off",
];

/**
 * Seed on two connections: drop secondary indexes, load the phases, rebuild the indexes, then
 * VACUUM ANALYZE (so the planner has statistics and index-only scans see an all-visible map).
 */
export async function seedPortalBench(lanes: [Client, Client], log: (line: string) => void) {
  for (const c of lanes) for (const q of SESSION) await c.query(q);
  const timed = async (c: Client, [label, sql]: Step) => {
    const t0 = performance.now();
    const result = await c.query(sql);
    log(
      `  ${label.padEnd(30)} ${String(result.rowCount ?? 0).padStart(9)} rows  ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  };
  const { rows: indexes } = await lanes[0].query<{ name: string; def: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
     from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
  );
  for (const ix of indexes) await lanes[0].query(`drop index ${ix.name}`);
  log(`  dropped ${indexes.length} secondary indexes for the load`);
  for (const phase of seedPhases()) {
    await Promise.all(
      phase.map(async (steps, lane) => {
        for (const step of steps) await timed(lanes[lane]!, step);
      }),
    );
  }
  const t1 = performance.now();
  await Promise.all(
    lanes.map(async (c, lane) => {
      for (const ix of indexes.filter((_, k) => k % 2 === lane)) await c.query(ix.def);
    }),
  );
  log(
    `  ${"rebuilt indexes".padEnd(30)} ${String(indexes.length).padStart(9)}       ${((performance.now() - t1) / 1000).toFixed(1)} s`,
  );
  for (const c of lanes) await c.query("set session_replication_role = origin");
  const t2 = performance.now();
  await Promise.all([
    lanes[0].query("vacuum (analyze) remittances, postings, journal_entries"),
    lanes[1].query(
      "vacuum (analyze) placements, debtors, payment_attempts, accounting_documents, accounting_document_lines, audit_events, creditors, creditor_rates",
    ),
  ]);
  log(`  ${"vacuum analyze".padEnd(30)} ${"".padStart(9)}       ${((performance.now() - t2) / 1000).toFixed(1)} s`);
}
