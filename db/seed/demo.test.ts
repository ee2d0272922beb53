import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { useTestDb } from "@/db/testing/test-db";
import { queryRows } from "@/db/rows";
import { verifyLedger } from "@/server/services/ledger/verify";
import { seedDemo } from "./demo";

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
  }, 240_000); // the whole demo book: minutes on a loaded 2-core machine
});

const DEMO_CREDITOR_COUNT = 4;
