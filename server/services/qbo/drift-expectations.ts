import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";

/**
 * Our side of a drift check, for a page of linked placements, in one set-based query: per
 * placement, what our writebacks have applied in QuickBooks and what is still on its way.
 *
 * Per writeback mapping, with `net` = the payment's recovered amount after reversals:
 *  - posted                          → QBO has `net` (the Payment follows reversals once synced);
 *  - pending/failed with a Payment   → QBO still has the amount first posted; `net − amount` is on its way;
 *  - pending/failed, never posted    → QBO has nothing; all of `net` is on its way.
 * Payments that were never mapped (the creditor was not connected) are not expected in QBO at all.
 */
export type DriftRow = {
  placementId: string;
  invoiceNumber: string;
  qboInvoiceId: string;
  currency: string;
  invoiceAmount: bigint;
  recoveredAmount: bigint;
  settledInQbo: bigint;
  unsettled: bigint;
  unsettledState: "none" | "pending" | "failed";
  ourPaymentIds: string[];
};

type Raw = {
  placement_id: string;
  invoice_number: string;
  qbo_invoice_id: string;
  currency: string;
  invoice_amount: string;
  recovered_amount: string;
  in_qbo: string;
  unsettled: string;
  any_failed: boolean | null;
  any_pending: boolean | null;
  our_ids: string[] | string | null;
};

export const DRIFT_PAGE = 1000;

/** Linked, not-recalled placements of a creditor: by page (id order, after `afterId`) or for given QBO invoice ids. */
export async function loadDriftRows(
  db: Db,
  creditorId: string,
  select: { afterId?: string | null; limit?: number } | { invoiceIds: readonly string[] },
): Promise<DriftRow[]> {
  let filter: SQL;
  let tail: SQL;
  if ("invoiceIds" in select) {
    if (select.invoiceIds.length === 0) return [];
    filter = sql`and p.qbo_invoice_id in ${[...select.invoiceIds]}`;
    tail = sql``;
  } else {
    filter = select.afterId ? sql`and p.id > ${select.afterId}::uuid` : sql``;
    tail = sql`order by p.id limit ${select.limit ?? DRIFT_PAGE}`;
  }
  const rows = await queryRows<Raw>(
    db,
    sql`
    select p.id as placement_id, p.invoice_number, p.qbo_invoice_id, p.currency,
      p.invoice_amount::text as invoice_amount, p.recovered_amount::text as recovered_amount,
      coalesce(w.in_qbo, 0)::text as in_qbo, coalesce(w.unsettled, 0)::text as unsettled, w.any_failed, w.any_pending, w.our_ids
    from placements p
    left join lateral (
      select
        sum(case when m.status = 'posted' then n.net when m.qbo_payment_id is not null then m.amount else 0 end) as in_qbo,
        sum(case when m.status = 'posted' then 0 when m.qbo_payment_id is not null then n.net - m.amount else n.net end) as unsettled,
        bool_or(m.status = 'failed') as any_failed,
        bool_or(m.status = 'pending') as any_pending,
        array_agg(m.qbo_payment_id) filter (where m.qbo_payment_id is not null) as our_ids
      from qbo_payment_mappings m
      cross join lateral (select coalesce(sum(r.recovered_amount), 0) as net from remittances r where r.payment_attempt_id = m.payment_attempt_id) n
      where m.placement_id = p.id
    ) w on true
    where p.creditor_id = ${creditorId}::uuid and p.qbo_invoice_id is not null and p.qbo_invoice_id <> '' and p.status <> 'recalled' ${filter}
    ${tail}`,
  );
  return rows.map((r) => ({
    placementId: r.placement_id,
    invoiceNumber: r.invoice_number,
    qboInvoiceId: r.qbo_invoice_id,
    currency: r.currency,
    invoiceAmount: BigInt(r.invoice_amount),
    recoveredAmount: BigInt(r.recovered_amount),
    settledInQbo: BigInt(r.in_qbo),
    unsettled: BigInt(r.unsettled),
    unsettledState: r.any_failed ? "failed" : r.any_pending ? "pending" : "none",
    ourPaymentIds: pgArray(r.our_ids),
  }));
}

/** Drivers hand text[] back as an array or as its `{a,b}` literal. */
function pgArray(v: string[] | string | null): string[] {
  if (!v) return [];
  if (Array.isArray(v)) return v;
  return v
    .replace(/^\{|\}$/g, "")
    .split(",")
    .filter(Boolean)
    .map((s) => s.replace(/^"|"$/g, ""));
}
