/**
 * `npm run bench:drift` — a drift sweep over 100,000 linked placements in 20 QuickBooks companies,
 * against the QuickBooks TEST DOUBLE with QBO's per-company limits enforced (500 requests/min,
 * 10 in flight → 429). Seeds a fresh PostgreSQL database with set-based SQL (placements, 20% of
 * them with a cleared payment whose writeback is posted), mirrors the books in the double, injects
 * known drift, then times one sweep and compares QBO calls with the lower bound ⌈invoices ÷ 1,000⌉
 * per company. Needs PostgreSQL: DATABASE_URL (server-level) or postgres://postgres@127.0.0.1:5432/postgres.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { Client } from "pg";
import { connect } from "@/db/client";
import { migrateDb } from "@/db/migrate";
import { queryRows } from "@/db/rows";
import { startQboDouble } from "@/server/integrations/qbo/double";
import { doubleOAuthConfig } from "@/server/testing/qbo";
import { connectToDouble, testTokenKey } from "@/server/testing/jobs";
import { sweepDrift } from "@/server/services/qbo/drift";

const COMPANIES = 20;
const PER_COMPANY = 5_000;
const PAID_EVERY = 5; // 20% of placements have a posted writeback
const EDITED = (n: number) => n % 500 === 1; // 10 per company: invoice total edited in QBO
const DIRECT = (n: number) => n % 1000 === 2; // 5 per company: paid directly in QBO
const LANDED = (n: number) => n % 2500 === 0; // 2 per company: our writeback landed, answer lost
const amountOf = (n: number) => 10_000 + ((n * 7919) % 990_000);

async function main() {
  const admin = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `clearbook_bench_${randomBytes(5).toString("hex")}`;
  const root = new Client({ connectionString: admin });
  await root.connect();
  await root.query(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const handle = await connect({ url: url.toString(), driver: "postgres", poolSize: 10 });
  const double = await startQboDouble();
  try {
    await migrateDb(handle);
    const db = handle.db;
    const key = testTokenKey();
    const t0 = Date.now();

    // Our books, set-based.
    await db.execute(sql`insert into creditors (name, slug, default_currency, contingency_rate_bps)
      select 'Bench creditor ' || c, 'bench-' || c, 'USD', 2500 from generate_series(1, ${COMPANIES}) c`);
    await db.execute(
      sql`insert into debtors (creditor_id, name) select cr.id, 'Bench debtor ' || g from creditors cr cross join generate_series(1, ${PER_COMPANY}) g`,
    );
    await db.execute(sql`insert into placements (creditor_id, debtor_id, invoice_number, qbo_invoice_id, invoice_amount, currency, due_date)
      select d.creditor_id, d.id, 'BENCH-' || d.n, d.n::text, 10000 + (d.n * 7919) % 990000, 'USD', date '2026-01-15'
      from (select id, creditor_id, split_part(name, ' ', 3)::int as n from debtors) d`);
    const creditors = await queryRows<{ id: string; slug: string }>(
      db,
      sql`select id, slug from creditors order by slug`,
    );

    // The same books in the double: invoices 1..5000 per company, then our Payments (ids 5001…, in n order).
    for (const [c, cr] of creditors.entries()) {
      const realmId = String(9_130_360_000_000_000n + BigInt(c + 1));
      double.seedRealm({
        realmId,
        companyName: `Bench company ${c + 1}`,
        customers: Array.from({ length: 50 }, (_, i) => ({ Id: `c${i}`, DisplayName: `Customer ${i}` })),
      });
      double.store.addInvoices(
        realmId,
        Array.from({ length: PER_COMPANY }, (_, i) => ({
          Id: String(i + 1),
          DocNumber: `BENCH-${i + 1}`,
          customerId: `c${i % 50}`,
          totalCents: amountOf(i + 1),
        })),
      );
      for (let n = PAID_EVERY; n <= PER_COMPANY; n += PAID_EVERY) {
        const p = double.store.applyPayment(realmId, {
          customerId: `c${(n - 1) % 50}`,
          totalCents: Math.floor(amountOf(n) / 4),
          lines: [{ amountCents: Math.floor(amountOf(n) / 4), invoiceId: String(n) }],
          origin: "api",
          privateNote: "[ai-collect:placement=bench]",
        });
        if (p.Id !== String(PER_COMPANY + n / PAID_EVERY)) throw new Error(`unexpected payment id ${p.Id}`);
      }
      for (let n = 1; n <= PER_COMPANY; n++) {
        if (EDITED(n)) double.store.editInvoiceTotal(realmId, String(n), amountOf(n) + 10_000);
        if (DIRECT(n)) double.store.recordOutOfBandPayment(realmId, { invoiceId: String(n), amountCents: 5_000 });
      }
      await connectToDouble(db, double, { creditorId: cr.id, realmId, key, companyName: `Bench company ${c + 1}` });
    }
    await db.execute(sql`create temp table bench_pay as
      select gen_random_uuid() as attempt_id, gen_random_uuid() as entry_id, gen_random_uuid() as rem_id, p.id as placement_id, p.creditor_id,
        p.qbo_invoice_id, p.invoice_amount / 4 as amt, p.qbo_invoice_id::int as n, q.realm_id
      from placements p join qbo_connections q on q.creditor_id = p.creditor_id where p.qbo_invoice_id::int % ${PAID_EVERY} = 0`);
    await db.transaction(async (tx) => {
      await tx.execute(
        sql`insert into journal_entries (id, creditor_id, kind, description, source_ref, occurred_at) select entry_id, creditor_id, 'payment', 'bench payment', 'bench:' || attempt_id, now() from bench_pay`,
      );
      await tx.execute(sql`insert into postings (entry_id, account, creditor_id, placement_id, amount, currency)
        select entry_id, 'asset:stripe_clearing', creditor_id, placement_id, amt, 'USD' from bench_pay
        union all select entry_id, 'liability:creditor_payable:' || creditor_id, creditor_id, placement_id, -amt, 'USD' from bench_pay`);
    });
    await db.execute(sql`insert into payment_attempts (id, creditor_id, placement_id, source, external_id, amount, currency, status, received_at)
      select attempt_id, creditor_id, placement_id, 'stripe', 'pi_bench_' || attempt_id, amt, 'USD', 'succeeded', now() from bench_pay`);
    await db.execute(sql`insert into remittances (id, creditor_id, placement_id, payment_attempt_id, status, recovered_amount, fee_amount, net_remit_amount, currency, contingency_pct_snapshot, journal_entry_id, occurred_at)
      select rem_id, creditor_id, placement_id, attempt_id, 'cleared', amt, 0, amt, 'USD', 0, entry_id, now() from bench_pay`);
    await db.execute(
      sql`update placements p set recovered_amount = b.amt from bench_pay b where p.id = b.placement_id`,
    );
    await db.execute(sql`insert into qbo_payment_mappings (payment_attempt_id, remittance_id, placement_id, creditor_id, realm_id, qbo_invoice_id, amount, currency, qbo_payment_id, status, attempts, request_id, posted_at)
      select attempt_id, rem_id, placement_id, creditor_id, realm_id, qbo_invoice_id, amt, 'USD',
        case when n % 2500 = 0 then null else (${PER_COMPANY} + n / ${PAID_EVERY})::text end,
        case when n % 2500 = 0 then 'failed'::qbo_mapping_status else 'posted'::qbo_mapping_status end, 1, 'pay-' || attempt_id, now()
      from bench_pay`);
    await db.execute(sql`analyze`);
    const [{ n: linked } = { n: 0 }] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from placements where qbo_invoice_id is not null`,
    );
    console.log(
      `seeded ${linked} linked placements in ${COMPANIES} companies (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );

    double.resetCounters();
    const started = performance.now();
    const result = await sweepDrift(db, {}, { key, apiBase: double.url, oauth: doubleOAuthConfig(double) });
    const wall = (performance.now() - started) / 1000;

    const counters = double.counters().byRealm;
    const calls = Object.entries(counters)
      .filter(([realm]) => realm !== "_oauth")
      .reduce((s, [, c]) => s + c.total, 0);
    const throttled = Object.values(counters).reduce((s, c) => s + c.throttled, 0);
    const lowerBound = COMPANIES * Math.ceil(PER_COMPANY / 1000);
    const injected =
      COMPANIES *
      Array.from({ length: PER_COMPANY }, (_, i) => i + 1).filter((n) => EDITED(n) || DIRECT(n) || LANDED(n)).length;
    console.log(
      `sweep: checked ${result.checked}, drifted ${result.drifted} (injected ${injected}), new work items ${result.newDrift}, skipped ${result.skipped.length}, throttled ${throttled}, peak in flight ${Math.max(...Object.values(double.counters().peakInFlight))}`,
    );
    if (result.checked !== linked || result.drifted !== injected || result.skipped.length) {
      console.error("sweep result does not match the seeded books", result.skipped.slice(0, 3));
      process.exitCode = 1;
    }
    console.log(
      `RESULT drift calls=${calls} lower_bound=${lowerBound} ratio=${(calls / lowerBound).toFixed(2)} wall_s=${wall.toFixed(2)} placements=${linked} companies=${COMPANIES}`,
    );
  } finally {
    await double.close();
    await handle.close();
    // The pool has closed its connections; a moment for the server to notice, then drop without force.
    for (let i = 0; ; i++) {
      try {
        await root.query(`DROP DATABASE IF EXISTS ${name}`);
        break;
      } catch (err) {
        if (i >= 20) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    await root.end();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
