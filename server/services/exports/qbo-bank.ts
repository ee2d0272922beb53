import { sql } from "drizzle-orm";
import { formatMinorText } from "@/server/domain/money";
import { bpsToPct } from "../v1/objects";
import { commonConditions, type ExportFilters, whereAll } from "./filters";
import type { ExportSource, PageCursor } from "./sources";

/**
 * The QuickBooks-ready file: QuickBooks Online's "upload transactions from file" three-column
 * layout (Date, Description, Amount; one currency per file, as a QuickBooks bank account has one).
 * Meant for a clearing account in the creditor's books ("Collections agency clearing"): each net
 * remittance adds what the agency now holds for you (a reversal subtracts), each disbursement takes
 * it out to your bank, so the account's balance is what is still to be paid out. Descriptions carry
 * the invoice number and the `[ai-collect:placement=…]` stamp our QuickBooks writebacks use.
 */
const usDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
const ISO = (col: ReturnType<typeof sql>) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function branches(f: ExportFilters, creditorId: string | null, p: PageCursor | null, limit: number | null) {
  const seek = (t: string, id: string) =>
    p ? [sql`(${sql.raw(t)}, ${sql.raw(id)}) > (${p.k}::timestamptz, ${p.id}::uuid)`] : [];
  const rem = commonConditions(f, creditorId, {
    creditor: sql`r.creditor_id`,
    time: sql`r.occurred_at`,
    currency: sql`r.currency`,
    placement: sql`r.placement_id`,
  });
  if (f.status) rem.push(sql`r.status = ${f.status}::remittance_status`);
  const dis = commonConditions({ ...f, placement_id: undefined }, creditorId, {
    creditor: sql`ds.creditor_id`,
    time: sql`ds.created_at`,
    currency: sql`ds.currency`,
  });
  // Disbursements pay many placements: a file for one placement or one status lists remittances only.
  const withDisbursements = !f.placement_id && !f.status;
  const lim = limit === null ? sql`` : sql`limit ${limit}`;
  const remittances = sql`(select r.id, r.occurred_at as t, 'remittance' as kind, pl.invoice_number, r.placement_id::text as placement_id,
      r.status::text as status, r.reason::text as reason, r.net_remit_amount::text as amount, r.currency,
      r.contingency_pct_snapshot as rate_bps, null::text as transfer_ref
    from remittances r join placements pl on pl.id = r.placement_id
    ${whereAll([...rem, ...seek("r.occurred_at", "r.id")])} order by r.occurred_at, r.id ${lim})`;
  const disbursements = sql`(select ds.id, ds.created_at as t, 'disbursement' as kind, null::text, null::text, ds.status::text, null::text,
      (-ds.amount)::text, ds.currency, null::int, coalesce(ds.stripe_transfer_id, ds.ach_reference)
    from disbursements ds ${whereAll([...dis, ...seek("ds.created_at", "ds.id")])} order by ds.created_at, ds.id ${lim})`;
  return withDisbursements ? sql`${remittances} union all ${disbursements}` : remittances;
}

const ACTION: Record<string, string> = { cleared: "payment", reversed: "reversal", reinstated: "reinstatement" };

export const qboBankCsv: ExportSource = {
  columns: [
    { key: "date", header: "Date", description: "MM/DD/YYYY (UTC)" },
    { key: "description", header: "Description", description: "invoice number and placement stamp" },
    { key: "amount", header: "Amount", description: "decimal; deposits positive, withdrawals negative" },
  ],
  count: (f, c) => sql`select count(*)::int as n from (${branches(f, c, null, null)}) u`,
  page: (f, c, p, limit) =>
    sql`select u.id::text as id, ${ISO(sql`u.t`)} as k, u.* from (${branches(f, c, p, limit)}) u order by u.t, u.id ${limit === null ? sql`` : sql`limit ${limit}`}`,
  record: (r) => {
    const amount = formatMinorText(r.amount as string, r.currency as string);
    const date = usDate(r.k as string);
    if (r.kind === "disbursement")
      return {
        date,
        description: `Disbursement ${r.transfer_ref ?? "(pending transfer)"} to your bank [ai-collect:disbursement=${r.id}]`,
        amount,
      };
    const what = ACTION[r.status as string] ?? r.status;
    const detail = r.reason ? `${what}, ${r.reason}` : `${what}, fee ${bpsToPct(Number(r.rate_bps))}%`;
    return {
      date,
      description: `Net remittance ${r.invoice_number} (${detail}) [ai-collect:placement=${r.placement_id}]`,
      amount,
    };
  },
};
