import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import { AGE_BUCKETS, ageBucket, type AgeBucket } from "@/server/domain/work-items";

const WEEKS = 12;

/**
 * The workbench's scorecard, computed from the data over the last 12 weeks:
 * - auto-match rate: payments received that were placed without a person (no unmatched or
 *   ambiguous payment item was ever opened for them), of all payments received;
 * - items opened and closed (resolved or dismissed) per ISO week;
 * - open items by age bucket and by kind; overdue now;
 * - median time to resolve (hours, items closed in the window);
 * - reopen rate: items reopened at least once, of items ever closed;
 * - manual adjustments: WRITE_OFF, DIRECT_PAYMENT, CREDIT_WAIVER and DEBIT documents (count, amount per currency);
 * - four-eyes approvals pending.
 */
export async function workbenchScorecard(db: Db, now = new Date()) {
  const since = new Date(now.getTime() - WEEKS * 7 * 86_400_000);
  const [sinceIso, nowIso] = [since.toISOString(), now.toISOString()];
  const [head] = await queryRows<{
    payments: number;
    manual_payments: number;
    median_hours: number | null;
    closed_ever: number;
    reopened: number;
    pending: number;
    overdue: number;
  }>(
    db,
    sql`select
      (select count(*)::int from payment_attempts where received_at >= ${sinceIso}::timestamptz and source <> 'direct') as payments,
      (select count(distinct pa.id)::int from payment_attempts pa join work_items w on w.subject_type = 'payment_attempt'
        and w.subject_id = pa.id::text and w.kind in ('unmatched_payment', 'ambiguous_payment')
        where pa.received_at >= ${sinceIso}::timestamptz and pa.source <> 'direct') as manual_payments,
      (select percentile_cont(0.5) within group (order by extract(epoch from resolved_at - created_at) / 3600)
        from work_items where resolved_at >= ${sinceIso}::timestamptz and status in ('resolved', 'dismissed')) as median_hours,
      (select count(*)::int from work_items where resolved_at is not null or reopen_count > 0) as closed_ever,
      (select count(*)::int from work_items where reopen_count > 0) as reopened,
      (select count(*)::int from work_items where status in ('open', 'in_progress') and proposal is not null and approved_at is null) as pending,
      (select count(*)::int from work_items where status in ('open', 'in_progress') and due_at < ${nowIso}::timestamptz) as overdue`,
  );
  const weekly = await queryRows<{ week: string; opened: number; closed: number }>(
    db,
    sql`with weeks as (select generate_series(date_trunc('week', ${sinceIso}::timestamptz), date_trunc('week', ${nowIso}::timestamptz), interval '1 week') as week)
      select to_char(weeks.week, 'YYYY-MM-DD') as week,
        (select count(*)::int from work_items w where date_trunc('week', w.created_at) = weeks.week) as opened,
        (select count(*)::int from work_items w where w.status in ('resolved', 'dismissed') and date_trunc('week', w.resolved_at) = weeks.week) as closed
      from weeks order by weeks.week`,
  );
  const open = await queryRows<{ kind: string; age_days: number; n: number }>(
    db,
    sql`select kind::text, floor(extract(epoch from ${nowIso}::timestamptz - created_at) / 86400)::int as age_days, count(*)::int as n
      from work_items where status in ('open', 'in_progress') group by 1, 2`,
  );
  const adjustments = await queryRows<{ currency: string; n: number; amount: string }>(
    db,
    sql`select currency, count(*)::int as n, sum(amount)::text as amount from accounting_documents
      where type in ('WRITE_OFF', 'DIRECT_PAYMENT', 'CREDIT_WAIVER', 'DEBIT') and created_at >= ${sinceIso}::timestamptz
      group by currency order by currency`,
  );
  const byAge = new Map<AgeBucket, number>(AGE_BUCKETS.map((b) => [b, 0]));
  const byKind = new Map<string, number>();
  for (const r of open) {
    byAge.set(ageBucket(Math.max(0, r.age_days)), (byAge.get(ageBucket(Math.max(0, r.age_days))) ?? 0) + r.n);
    byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + r.n);
  }
  const h = head!;
  return {
    since,
    weeks: WEEKS,
    payments: h.payments,
    autoMatched: h.payments - h.manual_payments,
    /** Share 0..1, null when no payment arrived in the window. */
    autoMatchRate: h.payments ? (h.payments - h.manual_payments) / h.payments : null,
    weekly,
    openByAge: AGE_BUCKETS.map((bucket) => ({ bucket, open: byAge.get(bucket) ?? 0 })),
    openByKind: [...byKind].map(([kind, open]) => ({ kind, open })).sort((a, b) => b.open - a.open),
    overdue: h.overdue,
    medianHoursToResolve: h.median_hours === null ? null : Number(h.median_hours),
    reopenRate: h.closed_ever ? h.reopened / h.closed_ever : null,
    reopened: h.reopened,
    manualAdjustments: adjustments.map((a) => ({ currency: a.currency, count: a.n, amount: BigInt(a.amount) })),
    pendingApprovals: h.pending,
  };
}
