import type { Db } from "@/db/client";
import { queryStatement, statement, type Bind } from "@/db/statements";
import type { LockedPlacement, PaymentContext } from "@/server/domain/payment-plan";
import { env } from "@/server/env";

/**
 * What the payment rules need to know, read in one statement: whether the payment is already
 * recorded; if not, its placement (locked FOR UPDATE on the transaction path, read as it is on the
 * batched path, which then updates it only if unchanged), the creditor's rate in force on the
 * payment date (else the earliest) and the installment, if it belongs to that placement.
 */
export type ReadContext = PaymentContext & { existingId: string | null; placement: LockedPlacement | null };

export type ContextRow = {
  existing_id: string | null;
  id: string | null;
  creditor_id: string;
  debtor_id: string;
  invoice_number: string;
  currency: string;
  status: string;
  invoice_amount: string;
  recovered_amount: string;
  fee_amount: string;
  rate_bps: number | null;
  installment_id: string | null;
};

/**
 * One statement: whether (source, externalId) is already recorded; if not, the placement locked
 * FOR UPDATE, the creditor's rate in force at `at` (else the earliest one) and the installment,
 * if it belongs to that placement. Ids must already be valid UUIDs or null.
 */
export async function readPaymentContext(db: Db, q: PaymentContextQuery): Promise<ReadContext> {
  const [row] = await queryStatement<ContextRow>(
    db,
    statement((p) => paymentContextSql(p, q, { lock: true })),
  );
  if (!row) throw new Error("payment context query returned nothing");
  return toPaymentContext(row);
}

export type PaymentContextQuery = {
  source: string;
  externalId: string;
  placementId: string | null;
  installmentId: string | null;
  at: Date;
};

/**
 * The select of readPaymentContext, for callers that read more in the same statement. Without
 * `lock` the placement is read as it is (no FOR UPDATE): the writer must then check it is
 * unchanged when it writes (see PlacementVersion).
 */
export function paymentContextSql(p: Bind, q: PaymentContextQuery, opts: { lock: boolean }): string {
  return paymentContextOf(
    {
      source: p(q.source, '"payment_source"'),
      externalId: p(q.externalId, "text"),
      placementId: p(q.placementId, "uuid"),
      installmentId: p(q.installmentId, "uuid"),
      at: p(q.at.toISOString(), "timestamptz"),
    },
    opts,
  );
}

/**
 * paymentContextSql over SQL expressions instead of bound values: the batched read of the Stripe
 * fast path runs it once per payment, laterally over the batch's recordset (`q.placement_id`…).
 */
export function paymentContextOf(
  x: { source: string; externalId: string; placementId: string; installmentId: string; at: string },
  opts: { lock: boolean },
): string {
  return `
    select a.id as existing_id, pl.id, pl.creditor_id, pl.debtor_id, pl.invoice_number, pl.currency, pl.status::text as status,
      pl.invoice_amount::text as invoice_amount, pl.recovered_amount::text as recovered_amount, pl.fee_amount::text as fee_amount,
      r.rate_bps, i.id as installment_id
    from (select 1) as one
    left join payment_attempts a on a.source = ${x.source} and a.external_id = ${x.externalId}
    left join lateral (select * from placements where id = ${x.placementId} and a.id is null${opts.lock ? " for update" : ""}) pl on true
    left join lateral (select coalesce(
      (select rate_bps from creditor_rates where creditor_id = pl.creditor_id and effective_from <= ${x.at} order by effective_from desc limit 1),
      (select rate_bps from creditor_rates where creditor_id = pl.creditor_id order by effective_from limit 1)) as rate_bps) r on true
    left join installments i on i.id = ${x.installmentId} and i.placement_id = pl.id`;
}

/** A row of paymentContextSql as a PaymentContext. */
export function toPaymentContext(row: ContextRow): ReadContext {
  const placement = row.id
    ? {
        id: row.id,
        creditorId: row.creditor_id,
        debtorId: row.debtor_id,
        invoiceNumber: row.invoice_number,
        currency: row.currency,
        status: row.status,
        invoiceAmount: BigInt(row.invoice_amount),
        recoveredAmount: BigInt(row.recovered_amount),
        feeAmount: BigInt(row.fee_amount),
      }
    : null;
  return {
    existingId: row.existing_id,
    placement,
    rateBps: row.rate_bps === null ? null : Number(row.rate_bps),
    installmentId: row.installment_id,
    reviewMultiple: env().OVERPAYMENT_REVIEW_MULTIPLE,
  };
}
