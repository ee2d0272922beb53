import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { useTestDb } from "@/db/testing/test-db";
import { queryRows } from "@/db/rows";
import { verifyLedger } from "@/server/services/ledger/verify";
import { AGEING_BUCKETS } from "@/server/domain/periods";
import { seedDemoAccess } from "./access";
import { seedDemo } from "./demo";
import { seedDemoDisbursements } from "./disbursements";

describe("demo seed", () => {
  const t = useTestDb();

  it("builds a realistic book that passes every ledger invariant", async () => {
    const summary = await seedDemo(t.db, new Date("2026-11-01T00:00:00Z"));
    expect(summary.placements).toBeGreaterThanOrEqual(300);
    const [stats] = await queryRows<Record<string, number>>(
      t.db,
      sql`select
      (select count(distinct currency)::int from placements) as currencies,
      (select count(*)::int from placements where status = 'paid') as paid,
      (select count(*)::int from placements where status = 'open' and recovered_amount > 0) as partial,
      (select count(*)::int from placements where status in ('closed_uncollected','recalled')) as closed,
      (select count(*)::int from installments where status = 'paid') as installments_paid,
      (select count(*)::int from remittances where status = 'reversed' and reason = 'chargeback') as chargebacks,
      (select count(*)::int from customer_credits) as credits,
      (select count(*)::int from (select distinct creditor_id, contingency_pct_snapshot from remittances) x) as rates`,
    );
    expect(stats!.currencies).toBeGreaterThanOrEqual(2);
    for (const k of ["paid", "partial", "closed", "installments_paid", "chargebacks", "credits"])
      expect(stats![k], k).toBeGreaterThan(0);
    expect(stats!.rates).toBeGreaterThan(DEMO_CREDITOR_COUNT);
    expect(await verifyLedger(t.db)).toEqual([]);
    // Every ended month is stated for every creditor (each tied out), one month re-issued; months chain.
    expect(summary.statements).toBeGreaterThanOrEqual(DEMO_CREDITOR_COUNT * 10 + 1);
    const chain = await queryRows<{ breaks: number; failed: number }>(
      t.db,
      sql`select
        (select count(*)::int from statements a join statements b on b.creditor_id = a.creditor_id
          and b.version = 1 and a.version = 1 and b.period = to_char(to_date(a.period || '-01', 'YYYY-MM-DD') + interval '1 month', 'YYYY-MM')
          cross join lateral jsonb_array_elements(a.summary->'sections') sa
          join lateral jsonb_array_elements(b.summary->'sections') sb on sb->>'currency' = sa->>'currency'
          where sa->'figures'->>'closing' <> sb->'figures'->>'opening') as breaks,
        (select count(*)::int from statement_runs where status <> 'issued') as failed`,
    );
    expect(chain[0]).toEqual({ breaks: 0, failed: 0 });
    // The matching cascade's cases, aged from when the money arrived (not the seeding time).
    const items = await queryRows<{ kind: string; age_h: number }>(
      t.db,
      sql`select kind::text, floor(extract(epoch from (timestamptz '2026-11-01T00:00:00Z' - created_at)) / 3600)::int as age_h
        from work_items where kind in ('unmatched_payment', 'ambiguous_payment', 'possible_duplicate') order by kind, age_h`,
    );
    const kinds = new Set(items.map((i) => i.kind));
    expect([...kinds].sort()).toEqual(["ambiguous_payment", "possible_duplicate", "unmatched_payment"]);
    expect(items.find((i) => i.kind === "ambiguous_payment")!.age_h).toBe(76);
    expect(items.find((i) => i.kind === "possible_duplicate")!.age_h).toBe(210);
    const [auto] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_events where details->>'matchedBy' = 'auto-matched by rule 2'`,
    );
    expect(auto!.n).toBeGreaterThanOrEqual(1);

    // The ageing card has open placements in every bucket (days past due on the seed's day).
    const ages = await queryRows<{ dpd: number }>(
      t.db,
      sql`select (date '2026-11-01' - due_date)::int as dpd from placements where status = 'open'`,
    );
    for (const b of AGEING_BUCKETS) {
      const inBucket = ages.filter((a) => (b.min === null || a.dpd >= b.min) && (b.max === null || a.dpd <= b.max));
      expect(inBucket.length, `open placements ${b.label}`).toBeGreaterThan(0);
    }

    // Payouts to creditors: two approved runs (four-eyes), paid by ACH; older rows paid out, newer still owed.
    await seedDemoAccess(t.db, summary);
    const out = await seedDemoDisbursements(t.db, new Date("2026-11-01T00:00:00Z"));
    expect(out.disbursements).toBeGreaterThanOrEqual(DEMO_CREDITOR_COUNT);
    const [paid] = await queryRows<{ runs: number; paid: number; rows_paid: number; rows_open: number }>(
      t.db,
      sql`select
        (select count(*)::int from disbursement_runs where status = 'approved' and decided_by <> proposed_by) as runs,
        (select count(*)::int from disbursements where status = 'paid' and ach_reference like 'ACH-DEMO-%') as paid,
        (select count(*)::int from remittances r where exists (select 1 from disbursement_items i where i.remittance_id = r.id)) as rows_paid,
        (select count(*)::int from remittances r where not exists (select 1 from disbursement_items i where i.remittance_id = r.id)) as rows_open`,
    );
    expect(paid!.runs).toBe(2);
    expect(paid!.paid).toBe(out.disbursements);
    expect(paid!.rows_paid).toBeGreaterThan(0);
    expect(paid!.rows_open).toBeGreaterThan(0);
    expect(await verifyLedger(t.db)).toEqual([]);
  }, 240_000); // the whole demo book: minutes on a loaded 2-core machine
});

const DEMO_CREDITOR_COUNT = 4;
