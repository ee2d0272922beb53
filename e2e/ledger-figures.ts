import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";

/**
 * What the ledger says a creditor collected in a period, per currency, derived from postings
 * alone (not from remittance rows or placement caches, which is what the portal reads):
 * fee income credited and creditor payable credited by the placement's money movements.
 */
export async function ledgerFigures(db: Db, creditorId: string, from: string, to: string) {
  const rows = await queryRows<{ currency: string; fees: string; net: string }>(
    db,
    sql`select p.currency,
          coalesce(-sum(p.amount) filter (where p.account = 'fee_income'), 0)::text as fees,
          coalesce(-sum(p.amount) filter (where p.account = ${`creditor_payable:${creditorId}`}), 0)::text as net
        from postings p join journal_entries e on e.id = p.entry_id
        where p.creditor_id = ${creditorId} and p.placement_id is not null
          and e.occurred_at >= ${`${from}T00:00:00Z`}::timestamptz and e.occurred_at < ${`${to}T00:00:00Z`}::timestamptz
        group by p.currency`,
  );
  return rows.map((r) => ({
    currency: r.currency,
    fees: BigInt(r.fees),
    net: BigInt(r.net),
    collected: BigInt(r.fees) + BigInt(r.net),
  }));
}

/** Open balance of a creditor's open placements, with each placement's recovery re-derived from its postings. */
export async function ledgerOutstanding(db: Db, creditorId: string) {
  const rows = await queryRows<{ currency: string; amount: string }>(
    db,
    sql`select pl.currency, sum(pl.invoice_amount - coalesce(r.recovered, 0))::text as amount
        from placements pl
        left join (
          select p.placement_id, -sum(p.amount) filter (where p.account = 'fee_income' or p.account = ${`creditor_payable:${creditorId}`}) as recovered
          from postings p where p.creditor_id = ${creditorId} and p.placement_id is not null group by p.placement_id
        ) r on r.placement_id = pl.id
        where pl.creditor_id = ${creditorId} and pl.status = 'open'
        group by pl.currency`,
  );
  return rows.map((r) => ({ currency: r.currency, amount: BigInt(r.amount) }));
}

/** The creditor's payable from postings alone: its balance now (owed), and what payout entries took from it in a period. */
export async function ledgerPayable(db: Db, creditorId: string, from: string, to: string) {
  const rows = await queryRows<{ currency: string; owed: string; paid_out: string }>(
    db,
    sql`select p.currency, (-sum(p.amount))::text as owed,
          coalesce(sum(p.amount) filter (where e.kind like 'disbursement%'
            and e.occurred_at >= ${`${from}T00:00:00Z`}::timestamptz and e.occurred_at < ${`${to}T00:00:00Z`}::timestamptz), 0)::text as paid_out
        from postings p join journal_entries e on e.id = p.entry_id
        where p.account = ${`creditor_payable:${creditorId}`}
        group by p.currency`,
  );
  return rows.map((r) => ({ currency: r.currency, owed: BigInt(r.owed), paidOut: BigInt(r.paid_out) }));
}
