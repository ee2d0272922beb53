import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import { AGE_BUCKETS, type AgeBucket, type CashState, ageBucket, cashStateOf } from "@/server/domain/cash-truth";

/**
 * Read-models of the three-state cash truth (server/domain/cash-truth.ts): per payment (its payout
 * and the bank line that proves it), and the back-office overview of collected money not yet
 * bank-confirmed, by age.
 */
export type PaymentCash = {
  paymentAttemptId: string;
  state: CashState;
  payoutId: string | null;
  payoutArrival: string | null;
  bankLineId: string | null;
  bankDate: string | null;
  bankAmount: bigint | null;
};

type Raw = Record<string, string | null | undefined>;

/** The cash state of each booked payment of these placements (or of these payments). */
export async function paymentCashStates(
  db: Db,
  by: { placementIds?: string[]; paymentIds?: string[] },
): Promise<PaymentCash[]> {
  const ids = by.placementIds ?? by.paymentIds ?? [];
  if (!ids.length) return [];
  const list = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = await queryRows<Raw>(
    db,
    sql`select pa.id, po.id as payout_id, po.arrival_date::text as arrival, bl.id as line_id, bl.booking_date::text as bank_date,
        bl.amount::text as bank_amount
      from payment_attempts pa
      left join lateral (select i.payout_id from stripe_payout_items i join stripe_payouts p on p.id = i.payout_id and p.status = 'paid'
        where i.payment_attempt_id = pa.id order by p.arrival_date limit 1) s on true
      left join stripe_payouts po on po.id = s.payout_id
      left join bank_matches m on m.subject_type = 'payout' and m.subject_id = po.id
      left join bank_lines bl on bl.id = m.bank_line_id
      where ${by.placementIds ? sql`pa.placement_id` : sql`pa.id`} in (${list})
        and exists (select 1 from remittances r where r.payment_attempt_id = pa.id)`,
  );
  return rows.map((r) => ({
    paymentAttemptId: String(r.id),
    state: cashStateOf({ isPayoutPaid: Boolean(r.payout_id), isBankConfirmed: Boolean(r.line_id) }),
    payoutId: r.payout_id ?? null,
    payoutArrival: r.arrival ?? null,
    bankLineId: r.line_id ?? null,
    bankDate: r.bank_date ?? null,
    bankAmount: r.bank_amount ? BigInt(r.bank_amount) : null,
  }));
}

export type CashOverview = {
  currencies: Array<{
    currency: string;
    notConfirmed: bigint;
    buckets: Array<{ bucket: AgeBucket; matched: bigint; settled: bigint; payments: number }>;
  }>;
  bankConfirmed: Record<string, bigint>;
};

/** Collected money (booked payments) not yet bank-confirmed, per currency and age since received. */
export async function cashOverview(db: Db, now = new Date()): Promise<CashOverview> {
  const rows = await queryRows<Raw>(
    db,
    sql`with booked as (
        select pa.id, pa.currency, pa.received_at,
          (select coalesce(sum(r.recovered_amount), 0) from remittances r where r.payment_attempt_id = pa.id) as amount,
          exists (select 1 from stripe_payout_items i join stripe_payouts p on p.id = i.payout_id and p.status = 'paid'
            where i.payment_attempt_id = pa.id) as settled,
          exists (select 1 from stripe_payout_items i join stripe_payouts p on p.id = i.payout_id and p.status = 'paid'
            join bank_matches m on m.subject_type = 'payout' and m.subject_id = p.id where i.payment_attempt_id = pa.id) as confirmed
        from payment_attempts pa where exists (select 1 from remittances r where r.payment_attempt_id = pa.id))
      select currency, floor(extract(epoch from (${now.toISOString()}::timestamptz - received_at)) / 86400)::int::text as days,
        settled::text as settled, confirmed::text as confirmed, sum(amount)::text as amount, count(*)::text as n
      from booked where amount > 0 group by 1, 2, 3, 4`,
  );
  const byCurrency = new Map<string, CashOverview["currencies"][number]>();
  const bankConfirmed: Record<string, bigint> = {};
  for (const r of rows) {
    const currency = String(r.currency);
    const amount = BigInt(r.amount ?? "0");
    if (r.confirmed === "true") {
      bankConfirmed[currency] = (bankConfirmed[currency] ?? 0n) + amount;
      continue;
    }
    let c = byCurrency.get(currency);
    if (!c) {
      c = {
        currency,
        notConfirmed: 0n,
        buckets: AGE_BUCKETS.map((bucket) => ({ bucket, matched: 0n, settled: 0n, payments: 0 })),
      };
      byCurrency.set(currency, c);
    }
    const b = c.buckets.find((x) => x.bucket === ageBucket(Math.max(0, Number(r.days))))!;
    if (r.settled === "true") b.settled += amount;
    else b.matched += amount;
    b.payments += Number(r.n);
    c.notConfirmed += amount;
  }
  return { currencies: [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency)), bankConfirmed };
}
