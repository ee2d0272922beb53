import type { Client } from "pg";

/**
 * Set-based seed of the portal benchmark: generate_series only, no per-row application code.
 * Ids are md5-derived from ordinals so tables can reference each other without joins.
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

const uid = (prefix: string, expr: string) => `md5('${prefix}' || (${expr}))::uuid`;
// Creditor of placement i: 2 in 5 to creditor 0, the rest spread over the other 19.
const creditorOf = (i: string) => `(case when ${i} % 5 < 2 then 0 else 1 + (${i} % ${C - 1}) end)`;
const currencyOf = (ci: string) => `(case when ${ci} % 5 = 4 then 'EUR' else 'USD' end)`;
// Placement of cleared payment k, and when things happened (deterministic, spread over two years).
const placementOf = (k: string) => `(1 + ((${k})::bigint * 7919) % ${P})`;
const placedAt = (i: string) => `(now() - make_interval(days => ((${i}) * 7 % 700 + 30)::int, secs => ((${i}) % 86400)::int))`;
const clearedAt = (k: string) => `least(now() - interval '1 minute', ${placedAt(placementOf(k))} + make_interval(days => ((${k}) % 29 + 1)::int, secs => ((${k}) * 17 % 86400)::int))`;
const recovered = (k: string) => `(1000 + ((${k})::bigint * 37) % 20000)`;

/** The statements, in order, each with a label for the progress log. */
export function seedStatements(): Array<[string, string]> {
  return [
    ["creditors", `insert into creditors (id, name, slug, default_currency, contingency_rate_bps, created_at)
      select ${uid("c", "ci")}, 'Bench creditor ' || ci, 'bench-' || ci, ${currencyOf("ci")}, 2500, now() - interval '3 years'
      from generate_series(0, ${C - 1}) ci`],
    ["creditor_rates", `insert into creditor_rates (creditor_id, rate_bps, effective_from, reason, created_by)
      select ${uid("c", "ci")}, 2500, now() - interval '3 years', 'initial rate', 'system:bench' from generate_series(0, ${C - 1}) ci`],
    ["debtors", `insert into debtors (id, creditor_id, name, email)
      select ${uid("d", "i")}, ${uid("c", creditorOf("i"))}, 'Debtor ' || i, 'debtor' || i || '@example.test' from generate_series(1, ${P}) i`],
    ["placements", `insert into placements (id, creditor_id, debtor_id, invoice_number, invoice_amount, currency, due_date, status, placed_at, updated_at)
      select ${uid("p", "i")}, ${uid("c", creditorOf("i"))}, ${uid("d", "i")}, 'INV-' || lpad(i::text, 7, '0'), 50000 + (i::bigint * 7919) % 900000,
        ${currencyOf(creditorOf("i"))}, (${placedAt("i")})::date - (i % 120),
        (case when i % 20 < 10 then 'open' when i % 20 < 16 then 'paid' when i % 20 < 19 then 'closed_uncollected' else 'recalled' end)::placement_status,
        ${placedAt("i")}, now()
      from generate_series(1, ${P}) i`],
    ["payment_attempts", `insert into payment_attempts (id, creditor_id, placement_id, source, external_id, charge_id, amount, currency, status, received_at)
      select ${uid("pa", "k")}, ${uid("c", creditorOf(placementOf("k")))}, ${uid("p", placementOf("k"))}, 'stripe', 'pi_bench_' || k, 'ch_bench_' || k,
        ${recovered("k")}, ${currencyOf(creditorOf(placementOf("k")))}, (case when k % 19 = 0 then 'partially_reversed' else 'succeeded' end)::payment_status, ${clearedAt("k")}
      from generate_series(1, ${K}) k`],
    ["journal_entries (payments)", `insert into journal_entries (id, creditor_id, kind, description, source_ref, occurred_at)
      select ${uid("je", "k")}, ${uid("c", creditorOf(placementOf("k")))}, 'payment_cleared', 'Payment pi_bench_' || k, 'payment_attempt:' || ${uid("pa", "k")}, ${clearedAt("k")}
      from generate_series(1, ${K}) k`],
    ["journal_entries (reversals)", `insert into journal_entries (id, creditor_id, kind, description, source_ref, occurred_at)
      select ${uid("jr", "r")}, ${uid("c", creditorOf(placementOf("r * 19")))}, 'chargeback', 'chargeback du_bench_' || r, 'reversal:du_bench_' || r, ${clearedAt("r * 19")} + interval '10 days'
      from generate_series(1, ${R}) r`],
    ["remittances (cleared)", `insert into remittances (id, creditor_id, placement_id, payment_attempt_id, status, recovered_amount, fee_amount, net_remit_amount, currency, contingency_pct_snapshot, journal_entry_id, occurred_at)
      select ${uid("r", "k")}, ${uid("c", creditorOf(placementOf("k")))}, ${uid("p", placementOf("k"))}, ${uid("pa", "k")}, 'cleared',
        ${recovered("k")}, ${recovered("k")} / 4, ${recovered("k")} - ${recovered("k")} / 4, ${currencyOf(creditorOf(placementOf("k")))}, 2500, ${uid("je", "k")}, ${clearedAt("k")}
      from generate_series(1, ${K}) k`],
    ["remittances (reversals)", `insert into remittances (id, creditor_id, placement_id, payment_attempt_id, parent_remittance_id, status, reason, external_ref, recovered_amount, fee_amount, net_remit_amount, currency, contingency_pct_snapshot, journal_entry_id, occurred_at)
      select ${uid("rr", "r")}, ${uid("c", creditorOf(placementOf("r * 19")))}, ${uid("p", placementOf("r * 19"))}, ${uid("pa", "r * 19")}, ${uid("r", "r * 19")}, 'reversed', 'chargeback', 'du_bench_' || r,
        -(${recovered("r * 19")} / 2), -((${recovered("r * 19")} / 4) / 2), -(${recovered("r * 19")} / 2) + (${recovered("r * 19")} / 4) / 2,
        ${currencyOf(creditorOf(placementOf("r * 19")))}, 2500, ${uid("jr", "r")}, ${clearedAt("r * 19")} + interval '10 days'
      from generate_series(1, ${R}) r`],
    ["postings", `insert into postings (entry_id, account, creditor_id, placement_id, amount, currency)
      select rm.journal_entry_id, leg.account, rm.creditor_id, rm.placement_id, leg.amount, rm.currency
      from remittances rm
      cross join lateral (values
        ('cash:stripe_clearing', rm.recovered_amount),
        ('creditor_payable:' || rm.creditor_id, -rm.net_remit_amount),
        ('fee_income', -rm.fee_amount)) as leg(account, amount)`],
    ["accounting_documents", `insert into accounting_documents (id, creditor_id, placement_id, type, number, original_type, original_number, amount, currency, value_date, journal_entry_id)
      select md5('doc' || rm.id::text)::uuid, rm.creditor_id, rm.placement_id,
        (case when rm.status = 'cleared' then 'AGENCY_PAYMENT' else 'CANCELLATION' end)::accounting_document_type,
        (case when rm.status = 'cleared' then 'PAY-' else 'CAN-' end) || rm.id::text,
        (case when rm.status = 'cleared' then null else 'AGENCY_PAYMENT' end)::accounting_document_type,
        (case when rm.status = 'cleared' then null else 'PAY-' || rm.parent_remittance_id::text end),
        -rm.recovered_amount, rm.currency, (rm.occurred_at at time zone 'UTC')::date, rm.journal_entry_id
      from remittances rm`],
    ["accounting_document_lines", `insert into accounting_document_lines (document_id, placement_id, allocate_to, amount, currency)
      select d.id, d.placement_id, 'principal', d.amount, d.currency from accounting_documents d`],
    ["audit_events", `insert into audit_events (occurred_at, actor_type, actor_id, action, category, creditor_id, target_type, target_id, details)
      select rm.occurred_at, 'stripe_webhook', 'evt_bench_' || rm.id::text, case when rm.status = 'cleared' then 'payment.cleared' else 'payment.chargeback' end, 'payments',
        rm.creditor_id, 'placement', rm.placement_id::text, jsonb_build_object('remittanceId', rm.id, 'amount', rm.recovered_amount::text)
      from remittances rm`],
    ["placement totals", `update placements p set recovered_amount = s.recovered, fee_amount = s.fee
      from (select placement_id, sum(recovered_amount) as recovered, sum(fee_amount) as fee from remittances group by placement_id) s
      where s.placement_id = p.id`],
  ];
}

/** Run the seed on one connection; returns per-statement seconds. */
export async function seedPortalBench(client: Client, log: (line: string) => void) {
  await client.query("set session_replication_role = replica");
  await client.query("set maintenance_work_mem = '256MB'");
  await client.query("set work_mem = '64MB'");
  const timings: Record<string, number> = {};
  for (const [label, statement] of seedStatements()) {
    const t0 = performance.now();
    const result = await client.query(statement);
    timings[label] = (performance.now() - t0) / 1000;
    log(`  ${label.padEnd(28)} ${String(result.rowCount ?? 0).padStart(9)} rows  ${timings[label]!.toFixed(1)} s`);
  }
  await client.query("set session_replication_role = origin");
  const t0 = performance.now();
  await client.query("vacuum (analyze)");
  log(`  ${"vacuum analyze".padEnd(28)} ${"".padStart(9)}       ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return timings;
}
