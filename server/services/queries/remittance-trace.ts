import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import { isUuid } from "@/server/lib/list-filters";

/**
 * One remittance row traced end to end, as the creditor asks about it: the payment that made it
 * (Stripe's ids, when it arrived), the rate in force and the fee it produced, the QuickBooks
 * payment it was written back as, and the disbursement that paid it out. Scoped to the creditor
 * (from the session): another creditor's row, or an id that is not one, is null (→ 404).
 */
export type RemittanceTrace = {
  id: string;
  status: string;
  reason: string | null;
  externalRef: string | null;
  occurredAt: Date;
  currency: string;
  recovered: bigint;
  fee: bigint;
  net: bigint;
  rateBps: number;
  placement: { id: string; invoiceNumber: string; debtorName: string };
  parentRemittanceId: string | null;
  payment: {
    source: string;
    externalId: string;
    chargeId: string | null;
    amount: bigint;
    receivedAt: Date;
    stripePayoutId: string | null;
  } | null;
  quickbooks: {
    status: string;
    qboPaymentId: string | null;
    qboInvoiceId: string;
    postedAt: Date | null;
    lastError: string | null;
  } | null;
  disbursement: {
    id: string;
    status: string;
    method: string | null;
    reference: string | null;
    amount: bigint;
    paidAt: Date | null;
  } | null;
};

type Row = {
  id: string;
  status: string;
  reason: string | null;
  external_ref: string | null;
  occurred_at: Date | string;
  currency: string;
  recovered: string;
  fee: string;
  net: string;
  rate_bps: number;
  placement_id: string;
  invoice_number: string;
  debtor_name: string;
  parent_remittance_id: string | null;
  pay_source: string | null;
  pay_external_id: string | null;
  pay_charge_id: string | null;
  pay_amount: string | null;
  pay_received_at: Date | string | null;
  payout_id: string | null;
  qbo_status: string | null;
  qbo_payment_id: string | null;
  qbo_invoice_id: string | null;
  qbo_posted_at: Date | string | null;
  qbo_last_error: string | null;
  d_id: string | null;
  d_status: string | null;
  d_method: string | null;
  d_reference: string | null;
  d_amount: string | null;
  d_paid_at: Date | string | null;
};

const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));

export async function remittanceTrace(db: Db, creditorId: string, id: string): Promise<RemittanceTrace | null> {
  if (!isUuid(id)) return null;
  const [r] = await queryRows<Row>(
    db,
    sql`select r.id, r.status, r.reason, r.external_ref, r.occurred_at, r.currency,
          r.recovered_amount::text as recovered, r.fee_amount::text as fee, r.net_remit_amount::text as net,
          r.contingency_pct_snapshot as rate_bps, r.placement_id, p.invoice_number, d.name as debtor_name, r.parent_remittance_id,
          a.source as pay_source, a.external_id as pay_external_id, a.charge_id as pay_charge_id,
          a.amount::text as pay_amount, a.received_at as pay_received_at,
          (select i.payout_id from stripe_payout_items i where a.charge_id is not null and i.source = a.charge_id limit 1) as payout_id,
          m.status as qbo_status, m.qbo_payment_id, m.qbo_invoice_id, m.posted_at as qbo_posted_at, m.last_error as qbo_last_error,
          ds.id as d_id, ds.status as d_status, ds.method as d_method,
          coalesce(ds.stripe_transfer_id, ds.ach_reference) as d_reference, ds.amount::text as d_amount, coalesce(ds.paid_at, ds.sent_at) as d_paid_at
        from remittances r
        join placements p on p.id = r.placement_id
        join debtors d on d.id = p.debtor_id
        left join payment_attempts a on a.id = r.payment_attempt_id
        left join qbo_payment_mappings m on m.payment_attempt_id = r.payment_attempt_id
        left join disbursement_items di on di.remittance_id = r.id and di.released_at is null
        left join disbursements ds on ds.id = di.disbursement_id
        where r.id = ${id} and r.creditor_id = ${creditorId}
        limit 1`,
  );
  if (!r) return null;
  return {
    id: r.id,
    status: r.status,
    reason: r.reason,
    externalRef: r.external_ref,
    occurredAt: date(r.occurred_at),
    currency: r.currency,
    recovered: BigInt(r.recovered),
    fee: BigInt(r.fee),
    net: BigInt(r.net),
    rateBps: Number(r.rate_bps),
    placement: { id: r.placement_id, invoiceNumber: r.invoice_number, debtorName: r.debtor_name },
    parentRemittanceId: r.parent_remittance_id,
    payment:
      r.pay_external_id && r.pay_source && r.pay_amount && r.pay_received_at
        ? {
            source: r.pay_source,
            externalId: r.pay_external_id,
            chargeId: r.pay_charge_id,
            amount: BigInt(r.pay_amount),
            receivedAt: date(r.pay_received_at),
            stripePayoutId: r.payout_id,
          }
        : null,
    quickbooks:
      r.qbo_status && r.qbo_invoice_id
        ? {
            status: r.qbo_status,
            qboPaymentId: r.qbo_payment_id,
            qboInvoiceId: r.qbo_invoice_id,
            postedAt: r.qbo_posted_at ? date(r.qbo_posted_at) : null,
            lastError: r.qbo_last_error,
          }
        : null,
    disbursement:
      r.d_id && r.d_status && r.d_amount
        ? {
            id: r.d_id,
            status: r.d_status,
            method: r.d_method,
            reference: r.d_reference,
            amount: BigInt(r.d_amount),
            paidAt: r.d_paid_at ? date(r.d_paid_at) : null,
          }
        : null,
  };
}
