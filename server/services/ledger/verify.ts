import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";

export type InvariantBreak = {
  invariant: string;
  description: string;
  count: number;
  examples: Array<Record<string, unknown>>;
};

type Check = { invariant: string; description: string; query: SQL };

/** Every invariant of the books, as a query returning the rows that break it. */
const CHECKS: Check[] = [
  {
    invariant: "entries_balance_per_currency",
    description: "each journal entry's postings sum to zero in every currency",
    query: sql`select entry_id::text, currency, sum(amount)::text as total from postings group by entry_id, currency having sum(amount) <> 0`,
  },
  {
    invariant: "entries_have_postings",
    description: "each journal entry has at least two postings",
    query: sql`select e.id::text as entry_id, count(p.id)::int as postings from journal_entries e left join postings p on p.entry_id = e.id group by e.id having count(p.id) < 2`,
  },
  {
    invariant: "placement_recovered_equals_remittances",
    description: "each placement's recovered_amount equals the sum of its remittance rows",
    query: sql`select p.id::text as placement_id, p.recovered_amount::text as cached, coalesce(sum(r.recovered_amount),0)::text as derived
      from placements p left join remittances r on r.placement_id = p.id group by p.id having p.recovered_amount <> coalesce(sum(r.recovered_amount),0)`,
  },
  {
    invariant: "placement_fee_equals_remittances",
    description: "each placement's fee_amount equals the sum of its remittance fees",
    query: sql`select p.id::text as placement_id, p.fee_amount::text as cached, coalesce(sum(r.fee_amount),0)::text as derived
      from placements p left join remittances r on r.placement_id = p.id group by p.id having p.fee_amount <> coalesce(sum(r.fee_amount),0)`,
  },
  {
    invariant: "remittance_net_is_recovered_minus_fee",
    description: "net_remit_amount = recovered_amount − fee_amount on every remittance row",
    query: sql`select id::text as remittance_id from remittances where net_remit_amount <> recovered_amount - fee_amount`,
  },
  {
    invariant: "reversal_parent_same_placement",
    description: "a reversal or reinstatement points at a parent of the same placement and currency",
    query: sql`select r.id::text as remittance_id from remittances r left join remittances p on p.id = r.parent_remittance_id
      where r.parent_remittance_id is not null and (p.id is null or p.placement_id <> r.placement_id or p.currency <> r.currency)`,
  },
  {
    invariant: "reversals_never_exceed_parent",
    description: "what a cleared row has lost, net of reinstatements, never exceeds its recovered amount or its fee",
    query: sql`with out as (
        select rev.parent_remittance_id as parent_id, -sum(rev.recovered_amount) as r, -sum(rev.fee_amount) as f,
          coalesce(sum(back.r),0) as br, coalesce(sum(back.f),0) as bf
        from remittances rev
        left join (select parent_remittance_id, sum(recovered_amount) as r, sum(fee_amount) as f from remittances where status = 'reinstated' group by parent_remittance_id) back
          on back.parent_remittance_id = rev.id
        where rev.status = 'reversed' group by rev.parent_remittance_id)
      select p.id::text as remittance_id, p.recovered_amount::text as original, (o.r - o.br)::text as net_reversed
      from out o join remittances p on p.id = o.parent_id
      where o.r - o.br > p.recovered_amount or o.f - o.bf > p.fee_amount or o.r - o.br < 0`,
  },
  {
    invariant: "placement_settled_outside_equals_documents",
    description:
      "each placement's direct_paid_amount and written_off_amount equal the sums of its DIRECT_PAYMENT and WRITE_OFF documents",
    query: sql`select p.id::text as placement_id, p.direct_paid_amount::text as direct_paid, p.written_off_amount::text as written_off
      from placements p left join accounting_documents d on d.placement_id = p.id and d.type in ('DIRECT_PAYMENT', 'WRITE_OFF')
      group by p.id
      having p.direct_paid_amount <> coalesce(sum(d.amount) filter (where d.type = 'DIRECT_PAYMENT'), 0)
        or p.written_off_amount <> coalesce(sum(d.amount) filter (where d.type = 'WRITE_OFF'), 0)`,
  },
  {
    invariant: "open_placement_not_fully_recovered",
    description: "an open placement has not yet recovered its invoice amount (it would be paid)",
    query: sql`select id::text as placement_id from placements where status = 'open' and recovered_amount >= invoice_amount`,
  },
  {
    invariant: "payable_ledger_equals_remittances",
    description: "each creditor's payable account equals net remitted less disbursed",
    query: sql`with led as (select creditor_id, currency, sum(amount) as bal from postings where account like 'creditor_payable:%' group by creditor_id, currency),
      rem as (select creditor_id, currency, sum(net_remit_amount) as net from remittances group by creditor_id, currency),
      dis as (select creditor_id, currency, sum(amount + fees_netted - reversed_amount) as paid from disbursements
        where journal_entry_id is not null and status <> 'failed' group by creditor_id, currency)
      select coalesce(led.creditor_id, rem.creditor_id)::text as creditor_id, coalesce(led.currency, rem.currency) as currency,
        coalesce(led.bal,0)::text as ledger, (coalesce(dis.paid,0) - coalesce(rem.net,0))::text as derived
      from led full join rem on rem.creditor_id = led.creditor_id and rem.currency = led.currency
      left join dis on dis.creditor_id = coalesce(led.creditor_id, rem.creditor_id) and dis.currency = coalesce(led.currency, rem.currency)
      where coalesce(led.bal,0) <> coalesce(dis.paid,0) - coalesce(rem.net,0)`,
  },
  {
    invariant: "fee_income_equals_remittance_fees",
    description:
      "fee income booked for each creditor equals the fees on its remittance rows plus the fees it was charged on direct payments (creditor_fees_owed)",
    query: sql`with led as (select creditor_id, currency, -sum(amount) as fees from postings where account = 'fee_income' group by creditor_id, currency),
      owed as (select p.creditor_id, p.currency, sum(p.amount) as fees from postings p join journal_entries e on e.id = p.entry_id
        where p.account like 'creditor_fees_owed:%' and e.kind not in ('disbursement', 'disbursement_failed') group by p.creditor_id, p.currency),
      rem0 as (select creditor_id, currency, sum(fee_amount) as fees from remittances group by creditor_id, currency
        union all select creditor_id, currency, fees from owed),
      rem as (select creditor_id, currency, sum(fees) as fees from rem0 group by creditor_id, currency)
      select coalesce(led.creditor_id, rem.creditor_id)::text as creditor_id, coalesce(led.currency, rem.currency) as currency,
        coalesce(led.fees,0)::text as ledger, coalesce(rem.fees,0)::text as derived
      from led full join rem on rem.creditor_id = led.creditor_id and rem.currency = led.currency
      where coalesce(led.fees,0) <> coalesce(rem.fees,0)`,
  },
  {
    invariant: "disbursement_rows_equal_items",
    description: "a live disbursement's rows amount equals the net of the remittance rows it pays",
    query: sql`select d.id::text as disbursement_id, d.rows_amount::text as recorded, coalesce(sum(r.net_remit_amount),0)::text as items
      from disbursements d left join disbursement_items i on i.disbursement_id = d.id and i.released_at is null
      left join remittances r on r.id = i.remittance_id
      where d.status not in ('failed','cancelled') group by d.id having d.rows_amount <> coalesce(sum(r.net_remit_amount),0)`,
  },
  {
    invariant: "customer_credit_ledger_equals_open_credits",
    description: "each creditor's customer-credit account equals its open customer credits",
    query: sql`with led as (select creditor_id, currency, -sum(amount) as bal from postings where account like 'customer_credit:%' group by creditor_id, currency),
      cr as (select creditor_id, currency, sum(amount) as bal from customer_credits where status = 'open' group by creditor_id, currency)
      select coalesce(led.creditor_id, cr.creditor_id)::text as creditor_id, coalesce(led.bal,0)::text as ledger, coalesce(cr.bal,0)::text as derived
      from led full join cr on cr.creditor_id = led.creditor_id and cr.currency = led.currency
      where coalesce(led.bal,0) <> coalesce(cr.bal,0)`,
  },
];

/** The names of every invariant the verifier checks. */
export const INVARIANTS = CHECKS.map((c) => c.invariant);

/** Check every invariant over the whole database; an empty list means the books are sound. */
export async function verifyLedger(db: Db): Promise<InvariantBreak[]> {
  const breaks: InvariantBreak[] = [];
  for (const check of CHECKS) {
    const rows = await queryRows<Record<string, unknown>>(db, check.query);
    if (rows.length)
      breaks.push({
        invariant: check.invariant,
        description: check.description,
        count: rows.length,
        examples: rows.slice(0, 5),
      });
  }
  return breaks;
}
