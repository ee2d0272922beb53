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
  });
});

const DEMO_CREDITOR_COUNT = 4;
