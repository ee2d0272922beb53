import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import { emptyActivity, type PlacementActivity } from "@/server/domain/statement-snapshot";

type Row = {
  currency: string;
  placed: number;
  placed_amount: string;
  paid: number;
  closed: number;
  open_count: number;
  open_balance: string;
};

/**
 * Placements activity per currency in [start, end): placed, paid in full (the remittance that
 * brought recovered to the invoice amount happened in the period), closed or recalled (from the
 * audit log), and what was still open at the end with its balance then. Descriptive: the money
 * figures come from the ledger, not from here.
 */
export async function placementActivity(
  db: Db,
  p: { creditorId: string; start: Date; end: Date },
): Promise<Map<string, PlacementActivity>> {
  const rows = await queryRows<Row>(
    db,
    sql`with pl as (
        select id, currency, invoice_amount, placed_at from placements where creditor_id = ${p.creditorId} and placed_at < ${p.end}
      ), closed as (
        select target_id::uuid as id, min(occurred_at) as at from audit_events
        where creditor_id = ${p.creditorId} and action in ('placement.closed_uncollected', 'placement.recalled')
        group by target_id
      ), running as (
        select r.placement_id, r.occurred_at,
          sum(r.recovered_amount) over (partition by r.placement_id order by r.occurred_at, r.created_at, r.id) as cum
        from remittances r where r.creditor_id = ${p.creditorId} and r.occurred_at < ${p.end}
      ), paid as (
        select x.placement_id as id, min(x.occurred_at) as at from running x join pl on pl.id = x.placement_id
        where x.cum >= pl.invoice_amount group by x.placement_id
      ), recovered as (
        select placement_id as id, sum(recovered_amount) as amount from remittances
        where creditor_id = ${p.creditorId} and occurred_at < ${p.end} group by placement_id
      )
      select pl.currency,
        count(*) filter (where pl.placed_at >= ${p.start})::int as placed,
        coalesce(sum(pl.invoice_amount) filter (where pl.placed_at >= ${p.start}), 0)::text as placed_amount,
        count(*) filter (where paid.at >= ${p.start})::int as paid,
        count(*) filter (where closed.at >= ${p.start} and closed.at < ${p.end})::int as closed,
        count(*) filter (where (closed.at is null or closed.at >= ${p.end}) and coalesce(rec.amount, 0) < pl.invoice_amount)::int as open_count,
        coalesce(sum(pl.invoice_amount - coalesce(rec.amount, 0)) filter (where (closed.at is null or closed.at >= ${p.end}) and coalesce(rec.amount, 0) < pl.invoice_amount), 0)::text as open_balance
      from pl
      left join closed on closed.id = pl.id
      left join paid on paid.id = pl.id
      left join recovered rec on rec.id = pl.id
      group by pl.currency`,
  );
  return new Map(
    rows.map((r) => [
      r.currency.trim(),
      {
        ...emptyActivity(),
        placed: r.placed,
        placedAmount: BigInt(r.placed_amount),
        paid: r.paid,
        closed: r.closed,
        openCount: r.open_count,
        openBalance: BigInt(r.open_balance),
      },
    ]),
  );
}
