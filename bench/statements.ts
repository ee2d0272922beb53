/**
 * `npm run bench:statements` — the monthly statement run and the PDF renderer.
 * 1. 1,000 creditors, each with three cleared payments in June 2025 (seeded set-based, ledger
 *    entries, postings and remittance rows that tie out), then one timed monthly run through the
 *    same service as the job: 1,000 one-page statements tied out, rendered, stored and issued.
 * 2. One statement of about 5,000 lines laid out on exactly 140 pages, rendered by react-pdf, and
 *    the same table drawn by bare pdfkit (the engine react-pdf writes with), timed in the same run.
 * Goals: 1,000 statements in under 60 s; the long one at most 15 × pdfkit; peak RSS under 500 MB.
 * Needs PostgreSQL: DATABASE_URL (server-level) or postgres://postgres@127.0.0.1:5432/postgres.
 */
import { sql } from "drizzle-orm";
import PDFDocument from "pdfkit";
import { freshDatabase } from "./lib/database";
import { runMonthlyStatements } from "@/server/services/statements/monthly";
import { renderStatementPdf } from "@/server/pdf/statement/render";
import { blocksOf, paginate } from "@/server/pdf/statement/layout";
import { drawTable, isTableBlock, tableFonts } from "@/server/pdf/statement/table";
import { sampleSnapshot } from "@/server/testing/statements";

const CREDITORS = Number(process.env.BENCH_CREDITORS ?? 1_000);
const LONG_PAGES = 140;
const PERIOD = "2025-06";

async function seed(db: Awaited<ReturnType<typeof freshDatabase>>["db"]) {
  await db.execute(sql`insert into creditors (name, slug, default_currency, contingency_rate_bps)
    select 'Bench creditor ' || c, 'bench-' || c, 'USD', 2500 from generate_series(1, ${CREDITORS}) c`);
  await db.execute(sql`insert into debtors (creditor_id, name) select id, 'Bench debtor of ' || name from creditors`);
  await db.execute(sql`insert into placements (creditor_id, debtor_id, invoice_number, invoice_amount, currency, due_date, placed_at)
    select d.creditor_id, d.id, 'INV-' || g || '-' || left(d.creditor_id::text, 8), 90000, 'USD', '2025-05-01', '2025-05-15'
    from debtors d cross join generate_series(1, 3) g`);
  // One cleared payment per placement: attempt, balanced entry, remittance (fee 25 %, half-up).
  await db.execute(sql`with p as (
      select id, creditor_id, 10000 + (row_number() over ()) % 50000 as amount,
        timestamptz '2025-06-02 10:00:00+00' + ((row_number() over ()) % 600) * interval '1 hour' as at
      from placements),
    a as (insert into payment_attempts (creditor_id, placement_id, source, external_id, amount, currency, status, received_at)
      select creditor_id, id, 'manual', 'bench-' || id, amount, 'USD', 'succeeded', at from p returning id, placement_id),
    e as (insert into journal_entries (creditor_id, kind, description, source_ref, occurred_at)
      select p.creditor_id, 'payment_cleared', 'bench payment', 'bench:' || p.id, p.at from p returning id, source_ref),
    x as (select p.*, a.id as attempt_id, e.id as entry_id, (p.amount * 2500 + 5000) / 10000 as fee
      from p join a on a.placement_id = p.id join e on e.source_ref = 'bench:' || p.id),
    legs as (insert into postings (entry_id, account, creditor_id, placement_id, amount, currency)
      select entry_id, 'cash:stripe_clearing', creditor_id, id, amount, 'USD' from x
      union all select entry_id, 'creditor_payable:' || creditor_id, creditor_id, id, -(amount - fee), 'USD' from x
      union all select entry_id, 'fee_income', creditor_id, id, -fee, 'USD' from x returning 1)
    insert into remittances (creditor_id, placement_id, payment_attempt_id, status, recovered_amount, fee_amount,
      net_remit_amount, currency, contingency_pct_snapshot, journal_entry_id, occurred_at)
    select creditor_id, id, attempt_id, 'cleared', amount, fee, amount - fee, 'USD', 2500, entry_id, at from x`);
  await db.execute(sql`update placements p set recovered_amount = r.rec, fee_amount = r.fee
    from (select placement_id, sum(recovered_amount) as rec, sum(fee_amount) as fee from remittances group by placement_id) r
    where r.placement_id = p.id`);
}

/** Lines for exactly LONG_PAGES pages: the most lines that still fit on them. */
function longSnapshot() {
  let lo = 1;
  let hi = 10_000;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (paginate(blocksOf(sampleSnapshot(mid))).length <= LONG_PAGES) lo = mid;
    else hi = mid - 1;
  }
  return sampleSnapshot(lo);
}

/** The same pages' tables drawn on a bare pdfkit document, with the same drawing code and fonts. */
async function pdfkitTable(snap: ReturnType<typeof sampleSnapshot>): Promise<number> {
  const pages = paginate(blocksOf(snap));
  const doc = new PDFDocument({ size: "A4", layout: "landscape", margin: 28, autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  const f = tableFonts();
  // Open both faces once; drawTable then finds them by PostScript name, as it does in react-pdf.
  doc.font(f.bold.src).font(f.regular.src);
  for (const [i, blocks] of pages.entries()) {
    doc.addPage();
    doc
      .font(f.regular.src, f.regular.name)
      .fontSize(7.5)
      .text(`Page ${i + 1} of ${pages.length}`, 760, 570, { lineBreak: false });
    doc.save().translate(28, 50);
    drawTable(doc as never, blocks.filter(isTableBlock), snap.timeZone);
    doc.restore();
  }
  doc.end();
  await done;
  return Buffer.concat(chunks).length;
}

async function main() {
  const server = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const handle = await freshDatabase(server, 8);
  try {
    const s0 = Date.now();
    await seed(handle.db);
    console.log(`seeded ${CREDITORS} creditors × 3 payments in ${((Date.now() - s0) / 1000).toFixed(1)} s`);
    await renderStatementPdf(sampleSnapshot(3)); // load react-pdf and the fonts before timing
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const run = await runMonthlyStatements(handle.db, { period: PERIOD, timeZone: "UTC" });
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    console.log(`node cpu during the run: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
    console.log(
      `monthly run ${PERIOD}: ${run.issued} issued, ${run.tieOutFailed} not tied out, ${run.failed.length} failed in ${wall.toFixed(1)} s`,
    );
    if (run.issued !== CREDITORS) throw new Error(`expected ${CREDITORS} statements, got ${JSON.stringify(run)}`);

    const snap = longSnapshot();
    await pdfkitTable(sampleSnapshot(50)); // warm pdfkit's font loading too
    const l0 = performance.now();
    const long = await renderStatementPdf(snap);
    const longS = (performance.now() - l0) / 1000;
    const k0 = performance.now();
    await pdfkitTable(snap);
    const pdfkitS = (performance.now() - k0) / 1000;
    console.log(`long statement: ${snap.lines.length} lines, ${long.pages} pages, ${long.bytes.length} bytes`);
    const peak = process.resourceUsage().maxRSS / 1024;
    console.log(
      `RESULT statements count=${run.issued} wall_s=${wall.toFixed(1)} long_pages=${long.pages} long_s=${longS.toFixed(2)} pdfkit_s=${pdfkitS.toFixed(2)} ratio=${(longS / pdfkitS).toFixed(1)} peak_rss_mb=${Math.round(peak)}`,
    );
  } finally {
    await handle.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
