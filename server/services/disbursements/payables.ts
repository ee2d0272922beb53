import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import type { OpenRow } from "@/server/domain/disbursement-plan";

/**
 * What each creditor is owed, per currency, read from the ledger's postings (the payable and fees-
 * owed accounts) and from the remittance rows no live disbursement pays yet.
 *
 *  - payable: credit balance of `creditor_payable:<id>` (net remitted, less clawbacks, less what
 *    was disbursed, plus transfers that came back);
 *  - feesOwed: debit balance of `creditor_fees_owed:<id>` (fees on payments made to the creditor
 *    directly), less what proposed runs already net;
 *  - rowsOpen / clawbacks: positive and negative rows not paid by a live disbursement;
 *  - adjustment: payable not tied to any such row (money a reversed transfer returned), less what
 *    proposed runs already pay;
 *  - inFlight: approved or sent disbursements not yet paid; last: the latest one paid out.
 */
export type PayableRow = {
  creditorId: string;
  creditorName: string;
  hasConnectedAccount: boolean;
  currency: string;
  payable: bigint;
  rowsOpen: bigint;
  clawbacks: bigint;
  openRowCount: number;
  adjustment: bigint;
  feesOwed: bigint;
  /** What a run now would pay (≤ 0: it would carry forward). */
  due: bigint;
  proposed: bigint;
  inFlight: bigint;
  lastDisbursementId: string | null;
  lastDisbursementAt: Date | null;
  lastDisbursementAmount: bigint | null;
};

type Raw = Record<string, string | number | boolean | Date | null>;
const big = (v: unknown) => BigInt(String(v ?? "0"));

const POSTED = sql`('approved','sent','paid','reversed','bank_confirmed')`;

/** The payable picture per creditor and currency (optionally for some creditors, rows before a cut-off). */
export async function payableBalances(
  db: Db,
  p: { creditorIds?: string[] | null; cutoff?: Date } = {},
): Promise<PayableRow[]> {
  const only = p.creditorIds?.length
    ? sql`and c.id in (${sql.join(
        p.creditorIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;
  const before = p.cutoff ? sql`and r.occurred_at < ${p.cutoff.toISOString()}::timestamptz` : sql``;
  const rows = await queryRows<Raw>(
    db,
    sql`with led as (
        select creditor_id, currency,
          -sum(amount) filter (where account like 'creditor_payable:%') as payable,
          sum(amount) filter (where account like 'creditor_fees_owed:%') as fees_owed
        from postings where creditor_id is not null
          and (account like 'creditor_payable:%' or account like 'creditor_fees_owed:%')
        group by creditor_id, currency),
      unposted as (
        select r.creditor_id, r.currency, r.net_remit_amount as net, r.occurred_at
        from remittances r
        where not exists (select 1 from disbursement_items i join disbursements d on d.id = i.disbursement_id
          where i.remittance_id = r.id and i.released_at is null and d.status in ${POSTED})),
      opn as (
        select r.creditor_id, r.currency,
          coalesce(sum(r.net_remit_amount) filter (where r.net_remit_amount > 0), 0) as rows_open,
          coalesce(sum(r.net_remit_amount) filter (where r.net_remit_amount < 0), 0) as clawbacks,
          count(*)::int as n
        from remittances r
        where not exists (select 1 from disbursement_items i where i.remittance_id = r.id and i.released_at is null) ${before}
        group by r.creditor_id, r.currency),
      unp as (select creditor_id, currency, sum(net) as net from unposted group by creditor_id, currency),
      dis as (
        select creditor_id, currency,
          coalesce(sum(adjustment_amount) filter (where status = 'draft'), 0) as draft_adj,
          coalesce(sum(fees_netted) filter (where status = 'draft'), 0) as draft_fees,
          coalesce(sum(amount) filter (where status = 'draft'), 0) as proposed,
          coalesce(sum(amount) filter (where status in ('approved','sent')), 0) as in_flight
        from disbursements group by creditor_id, currency),
      keys as (select creditor_id, currency from led union select creditor_id, currency from opn
        union select creditor_id, currency from dis),
      last as (
        select distinct on (creditor_id, currency) creditor_id, currency, id, amount, coalesce(paid_at, sent_at, approved_at) as at
        from disbursements where status in ('sent','paid','reversed','bank_confirmed')
        order by creditor_id, currency, coalesce(paid_at, sent_at, approved_at) desc)
      select c.id as creditor_id, c.name as creditor_name, (c.stripe_account_id is not null) as connected, k.currency,
        coalesce(led.payable, 0)::text as payable,
        coalesce(opn.rows_open, 0)::text as rows_open, coalesce(opn.clawbacks, 0)::text as clawbacks, coalesce(opn.n, 0) as n,
        (coalesce(led.payable, 0) - coalesce(unp.net, 0) - coalesce(dis.draft_adj, 0))::text as adjustment,
        greatest(coalesce(led.fees_owed, 0) - coalesce(dis.draft_fees, 0), 0)::text as fees_owed,
        coalesce(dis.proposed, 0)::text as proposed, coalesce(dis.in_flight, 0)::text as in_flight,
        last.id as last_id, last.at as last_at, last.amount::text as last_amount
      from keys k join creditors c on c.id = k.creditor_id
      left join led on led.creditor_id = k.creditor_id and led.currency = k.currency
      left join opn on opn.creditor_id = k.creditor_id and opn.currency = k.currency
      left join unp on unp.creditor_id = k.creditor_id and unp.currency = k.currency
      left join dis on dis.creditor_id = k.creditor_id and dis.currency = k.currency
      left join last on last.creditor_id = k.creditor_id and last.currency = k.currency
      where true ${only}
      order by c.name, k.currency`,
  );
  return rows.map((r) => {
    const rowsOpen = big(r.rows_open);
    const clawbacks = big(r.clawbacks);
    const adjustment = big(r.adjustment);
    const feesOwed = big(r.fees_owed);
    return {
      creditorId: String(r.creditor_id),
      creditorName: String(r.creditor_name),
      hasConnectedAccount: Boolean(r.connected),
      currency: String(r.currency),
      payable: big(r.payable),
      rowsOpen,
      clawbacks,
      openRowCount: Number(r.n),
      adjustment,
      feesOwed,
      due: rowsOpen + clawbacks + adjustment - feesOwed,
      proposed: big(r.proposed),
      inFlight: big(r.in_flight),
      lastDisbursementId: r.last_id ? String(r.last_id) : null,
      lastDisbursementAt: r.last_at ? new Date(String(r.last_at)) : null,
      lastDisbursementAmount: r.last_amount === null ? null : big(r.last_amount),
    };
  });
}

/** Open rows (not paid or reserved by a live disbursement) booked before `cutoff`, per creditor-currency. */
export async function openRows(
  db: Db,
  p: { creditorIds: string[]; cutoff: Date },
): Promise<
  Map<string, Array<OpenRow & { placementId: string; invoiceNumber: string; occurredAt: Date; status: string }>>
> {
  const out = new Map<
    string,
    Array<OpenRow & { placementId: string; invoiceNumber: string; occurredAt: Date; status: string }>
  >();
  if (!p.creditorIds.length) return out;
  const rows = await queryRows<Raw>(
    db,
    sql`select r.id, r.creditor_id, r.currency, r.net_remit_amount::text as net, r.recovered_amount::text as recovered,
        r.fee_amount::text as fee, r.placement_id, pl.invoice_number, r.occurred_at, r.status
      from remittances r join placements pl on pl.id = r.placement_id
      where r.creditor_id in (${sql.join(
        p.creditorIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
        and r.occurred_at < ${p.cutoff.toISOString()}::timestamptz
        and not exists (select 1 from disbursement_items i where i.remittance_id = r.id and i.released_at is null)
      order by r.occurred_at, r.id`,
  );
  for (const r of rows) {
    const key = `${String(r.creditor_id)}:${String(r.currency)}`;
    const list = out.get(key) ?? [];
    list.push({
      id: String(r.id),
      net: big(r.net),
      recovered: big(r.recovered),
      fee: big(r.fee),
      placementId: String(r.placement_id),
      invoiceNumber: String(r.invoice_number),
      occurredAt: new Date(String(r.occurred_at)),
      status: String(r.status),
    });
    out.set(key, list);
  }
  return out;
}
