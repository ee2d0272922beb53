/**
 * `npm run bench:bank` — bank statement import and matching at scale, on PostgreSQL.
 *
 * In a fresh database of its own: 50,000 paid Stripe payouts and 50,000 sent disbursements
 * (set-based SQL), then a generated 100,000-line CAMT.053 — a credit per payout and a debit per
 * disbursement, half of them naming their subject (rule 1, reference) and half only matching by
 * amount and date (rule 2). Times the import (parse, check, fingerprint, store) and the matching
 * run, imports the same file a second time (it must add no line), and prints, last:
 *   RESULT bank lines=100000 import_s=… match_s=… reimport_new_lines=0
 * Needs PostgreSQL: DATABASE_URL (server-level) or postgres://postgres@127.0.0.1:5432/postgres.
 */
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/rows";
import { createBankAccount } from "@/server/services/bank/accounts";
import { importBankFile } from "@/server/services/bank/import";
import { runBankMatching } from "@/server/services/bank/matching";
import { buildCamt053, type CamtEntry } from "@/server/testing/camt053";
import { freshDatabase } from "./lib/database";

const PAYOUTS = 50_000;
const DISBURSEMENTS = 50_000;
const IBAN = "DE89370400440532013000";
const DAY = 86_400_000;
const START = Date.parse("2026-01-01T00:00:00Z");
const dateOf = (i: number) => new Date(START + (i % 300) * DAY).toISOString().slice(0, 10);
// Distinct amounts, so rule 2 (amount and date) never meets two candidates: the ambiguity guard is the unit tests' job.
const payoutAmount = (i: number) => 100_000n + BigInt(i) * 7n;
const disbursementAmount = (i: number) => 50_000n + BigInt(i) * 11n;

async function main() {
  const server = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const t0 = Date.now();
  const db = await freshDatabase(server, 4);
  const log = (m: string) => console.log(`[bench:bank] ${m} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  try {
    await db.db.execute(sql`insert into creditors (name, slug, default_currency, contingency_rate_bps)
      select 'Bench creditor ' || g, 'bench-' || g, 'USD', 2000 from generate_series(1, 50) g`);
    await db.db.execute(sql`insert into stripe_payouts (id, amount, currency, status, automatic, arrival_date)
      select 'po_bench' || lpad(g::text, 7, '0'), 100000 + g * 7, 'USD', 'paid', true,
        (date '2026-01-01' + (g % 300))
      from generate_series(0, ${PAYOUTS - 1}) g`);
    await db.db
      .execute(sql`insert into disbursements (creditor_id, amount, currency, status, method, rows_amount, reversed_amount, stripe_transfer_id, sent_at, paid_at)
      select (select id from creditors order by slug offset (g % 50) limit 1), 50000 + g * 11, 'USD', 'paid', 'stripe_transfer',
        50000 + g * 11, 0, 'tr_bench' || lpad(g::text, 7, '0'),
        (timestamptz '2026-01-01 10:00:00+00' + ((g % 300) || ' days')::interval),
        (timestamptz '2026-01-01 10:00:00+00' + ((g % 300) || ' days')::interval)
      from generate_series(0, ${DISBURSEMENTS - 1}) g`);
    log(`seeded ${PAYOUTS} payouts and ${DISBURSEMENTS} disbursements`);
    const entries: CamtEntry[] = [];
    for (let i = 0; i < PAYOUTS; i++) {
      const id = `po_bench${String(i).padStart(7, "0")}`;
      entries.push({
        amount: payoutAmount(i),
        bookingDate: dateOf(i + 1),
        reference: `BNK-P-${i}`,
        text: i % 2 ? `STRIPE PAYOUT ${id}` : "STRIPE TRANSFER",
      });
    }
    for (let i = 0; i < DISBURSEMENTS; i++) {
      const id = `tr_bench${String(i).padStart(7, "0")}`;
      entries.push({
        amount: -disbursementAmount(i),
        bookingDate: dateOf(i + 1),
        reference: `BNK-D-${i}`,
        text: i % 2 ? `CONNECT TRANSFER ${id}` : "OUTGOING TRANSFER",
      });
    }
    entries.sort((a, b) => (a.bookingDate < b.bookingDate ? -1 : a.bookingDate > b.bookingDate ? 1 : 0));
    const file = new TextEncoder().encode(buildCamt053({ iban: IBAN, currency: "USD", opening: 10_000_000n, entries }));
    log(`generated a ${(file.byteLength / 1024 / 1024).toFixed(1)} MB CAMT.053 with ${entries.length} entries`);
    const actor = { type: "system" as const, id: "bench-bank" };
    await createBankAccount(db.db, { name: "Bench operating", identifier: IBAN, currency: "USD" }, actor);

    let at = Date.now();
    const first = await importBankFile(db.db, { fileName: "bench.xml", bytes: file }, actor);
    const importS = (Date.now() - at) / 1000;
    log(`import: ${first.linesNew} new of ${first.linesInFile} lines in ${importS.toFixed(2)} s`);
    at = Date.now();
    const matched = await runBankMatching(db.db, actor);
    const matchS = (Date.now() - at) / 1000;
    log(
      `matching: ${matched.matched} matched (${Object.entries(matched.byRule)
        .map(([r, n]) => `${r} ${n}`)
        .join(", ")}), ${matched.ambiguous} ambiguous, ${matched.unmatched} unmatched in ${matchS.toFixed(2)} s`,
    );
    at = Date.now();
    const again = await importBankFile(db.db, { fileName: "bench-again.xml", bytes: file }, actor);
    log(`second import of the same file: ${again.linesNew} new lines in ${((Date.now() - at) / 1000).toFixed(2)} s`);
    const [check] = await queryRows<{ lines: number; confirmed: number }>(
      db.db,
      sql`select (select count(*)::int from bank_lines) as lines,
        (select count(*)::int from disbursements where status = 'bank_confirmed') as confirmed`,
    );
    if (check!.lines !== entries.length || matched.matched !== entries.length || again.linesNew !== 0)
      throw new Error(`unexpected: ${JSON.stringify({ ...check, matched: matched.matched, again: again.linesNew })}`);
    log(`${check!.confirmed} disbursements bank-confirmed`);
    console.log(
      `RESULT bank lines=${first.linesInFile} import_s=${importS.toFixed(2)} match_s=${matchS.toFixed(2)} reimport_new_lines=${again.linesNew}`,
    );
  } finally {
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
