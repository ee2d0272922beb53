import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { useTestDb } from "@/db/testing/test-db";
import { queryRows } from "@/db/rows";
import { verifyLedger } from "@/server/services/ledger/verify";
import { seedDemo } from "./demo";
import { seedDemoAccess } from "./access";
import { seedDemoWorkbench } from "./workbench";

describe("demo workbench", () => {
  const t = useTestDb();

  it("shows the workbench in use: aged items, owners, closed and reopened ones, a pending approval, a direct payment", async () => {
    const now = new Date("2026-11-01T00:00:00Z");
    const summary = await seedDemo(t.db, now);
    await seedDemoAccess(t.db, summary);
    await seedDemoWorkbench(t.db, now);
    const [s] = await queryRows<Record<string, number>>(
      t.db,
      sql`select
        (select count(*)::int from work_items where kind = 'reversal_decision' and created_at < ${now.toISOString()}::timestamptz - interval '7 days') as aged_reversals,
        (select count(*)::int from work_items where owner_user_id is not null and status = 'in_progress') as owned,
        (select count(*)::int from work_items where status in ('resolved', 'dismissed')) as closed,
        (select count(*)::int from work_items where reopen_count > 0) as reopened,
        (select count(*)::int from work_items where proposal is not null and approved_at is null) as pending,
        (select count(*)::int from work_items where kind = 'direct_payment_candidate' and status = 'open') as direct,
        (select count(*)::int from work_items where kind = 'reversal_decision' and status = 'open' and proposal is null) as to_decide,
        (select count(*)::int from work_item_events) as history`,
    );
    for (const k of ["aged_reversals", "owned", "closed", "reopened", "pending", "direct", "to_decide", "history"])
      expect(s![k], k).toBeGreaterThan(0);
    expect(await verifyLedger(t.db)).toEqual([]);
  }, 240_000);
});
