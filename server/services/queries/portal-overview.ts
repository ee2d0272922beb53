import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import { AppError } from "@/server/errors";
import { ACCOUNTS } from "@/server/domain/ledger-rules";
import {
  AGEING_BUCKETS,
  bucketRanges,
  granularityFor,
  periodProblem,
  toDate,
  type AgeingBucketKey,
  type Period,
} from "@/server/domain/periods";

export type CurrencyTotals = {
  currency: string;
  /** Recovered money net of reversals in the period. */
  collected: bigint;
  fees: bigint;
  /** Net remit (recovered − fee) owed to the creditor for the period. */
  netRemitted: bigint;
  /** The (negative) part of `collected` that reversals took back. */
  reversed: bigint;
  payments: number;
  reversals: number;
  /** From the ledger: what the agency holds for the creditor now (its payable account's credit balance). */
  owedNow: bigint;
  /** From the ledger: disbursements to the creditor in the period (net of any that failed and came back). */
  paidOut: bigint;
};

export type SeriesPoint = { bucket: string; currency: string; collected: bigint; fees: bigint; netRemitted: bigint };
export type AgeingRow = { bucket: AgeingBucketKey; currency: string; amount: bigint; placements: number };

type SeriesRow = {
  bucket: string;
  currency: string;
  collected: string;
  fees: string;
  net: string;
  reversed: string;
  payments: number;
  reversals: number;
};
type AgeingSqlRow = { bucket: AgeingBucketKey; currency: string; amount: string; placements: number };
type PayableRow = { currency: string; owed: string; paid_out: string };

/** Journal entries that pay a creditor (or undo such a payment): their payable postings are what was paid out. */
const PAYOUT_KINDS = ["disbursement", "disbursement_failed", "disbursement_reversal"];

const ageingCase = (today: string) => {
  const dpd = sql`(${today}::date - due_date)`;
  const arms = AGEING_BUCKETS.filter((b) => b.max !== null).map((b) => sql`when ${dpd} <= ${b.max} then ${b.key}`);
  return sql`case ${sql.join(arms, sql` `)} else ${AGEING_BUCKETS.at(-1)!.key} end`;
};

/**
 * A creditor's figures for a period, per currency (never summed across currencies): collected,
 * fees and net remit from the remittance rows (reversals included, negative), the same split
 * over time for the chart, and today's outstanding balance of open placements by age.
 */
export async function portalOverview(db: Db, creditorId: string, period: Period, now = new Date()) {
  const problem = periodProblem(period);
  if (problem) throw new AppError("BAD_REQUEST", problem);
  const granularity = granularityFor(period);
  const today = toDate(now);
  const ranges = bucketRanges(period, granularity);
  const payable = ACCOUNTS.creditorPayable(creditorId);
  const [seriesRows, ageingRows, payableRows] = await Promise.all([
    // One index range per bucket (lateral): each sums a narrow slice of the covering index
    // remittances_overview with a tiny hash aggregate, instead of sorting the whole period.
    queryRows<SeriesRow>(
      db,
      sql`select to_char(b.bucket, 'YYYY-MM-DD') as bucket, r.currency, r.collected, r.fees, r.net, r.reversed, r.payments, r.reversals
          from unnest(${pgArray(ranges.map((r) => r.bucket))}::date[], ${pgArray(ranges.map((r) => `${r.from}T00:00:00Z`))}::timestamptz[], ${pgArray(ranges.map((r) => `${r.to}T00:00:00Z`))}::timestamptz[]) as b(bucket, lo, hi)
          cross join lateral (
            select currency, sum(recovered_amount)::text as collected, sum(fee_amount)::text as fees, sum(net_remit_amount)::text as net,
              coalesce(sum(recovered_amount) filter (where status = 'reversed'), 0)::text as reversed,
              (count(*) filter (where status <> 'reversed'))::int as payments, (count(*) filter (where status = 'reversed'))::int as reversals
            from remittances
            where creditor_id = ${creditorId} and occurred_at >= b.lo and occurred_at < b.hi
            group by currency
          ) r`,
    ),
    queryRows<AgeingSqlRow>(
      db,
      sql`select ${ageingCase(today)} as bucket, currency, sum(invoice_amount - recovered_amount)::text as amount, count(*)::int as placements
          from placements where creditor_id = ${creditorId} and status = 'open'
          group by 1, 2`,
    ),
    // From the ledger: the payable's balance now (credit = owed to the creditor), and what left it
    // by disbursement in the period (debits of payout entries; a failed one's reversal counts back).
    queryRows<PayableRow>(
      db,
      sql`select p.currency, (-sum(p.amount))::text as owed,
            coalesce(sum(p.amount) filter (where e.kind in (${sql.join(
              PAYOUT_KINDS.map((k) => sql`${k}`),
              sql`, `,
            )})
              and e.occurred_at >= ${`${period.from}T00:00:00Z`}::timestamptz and e.occurred_at < ${`${period.to}T00:00:00Z`}::timestamptz), 0)::text as paid_out
          from postings p join journal_entries e on e.id = p.entry_id
          where p.account = ${payable}
          group by p.currency`,
    ),
  ]);

  const totals = new Map<string, CurrencyTotals>();
  const points = new Map<string, SeriesPoint>();
  for (const r of seriesRows) {
    const t = totals.get(r.currency) ?? {
      currency: r.currency,
      collected: 0n,
      fees: 0n,
      netRemitted: 0n,
      reversed: 0n,
      payments: 0,
      reversals: 0,
      owedNow: 0n,
      paidOut: 0n,
    };
    t.collected += BigInt(r.collected);
    t.fees += BigInt(r.fees);
    t.netRemitted += BigInt(r.net);
    t.reversed += BigInt(r.reversed);
    t.payments += Number(r.payments);
    t.reversals += Number(r.reversals);
    totals.set(r.currency, t);
    points.set(`${r.bucket}|${r.currency}`, {
      bucket: r.bucket,
      currency: r.currency,
      collected: BigInt(r.collected),
      fees: BigInt(r.fees),
      netRemitted: BigInt(r.net),
    });
  }

  const ageing: AgeingRow[] = ageingRows.map((r) => ({
    bucket: r.bucket,
    currency: r.currency,
    amount: BigInt(r.amount),
    placements: Number(r.placements),
  }));
  const outstanding = new Map<string, { currency: string; amount: bigint; placements: number }>();
  for (const a of ageing) {
    const o = outstanding.get(a.currency) ?? { currency: a.currency, amount: 0n, placements: 0 };
    o.amount += a.amount;
    o.placements += a.placements;
    outstanding.set(a.currency, o);
  }

  const ledger = new Map(payableRows.map((r) => [r.currency, { owed: BigInt(r.owed), paidOut: BigInt(r.paid_out) }]));
  // A currency shows when something happened or is held in it; busiest first (payments and
  // reversals in the period, then open placements, then money held), so an empty block never leads.
  const activity = (c: string) => {
    const t = totals.get(c);
    const o = outstanding.get(c);
    const l = ledger.get(c);
    return {
      rows: (t?.payments ?? 0) + (t?.reversals ?? 0),
      open: o?.placements ?? 0,
      held: l && (l.owed !== 0n || l.paidOut !== 0n) ? 1 : 0,
    };
  };
  const currencies = [...new Set([...totals.keys(), ...outstanding.keys(), ...ledger.keys()])]
    .map((c) => ({ c, a: activity(c) }))
    .filter(({ a }) => a.rows > 0 || a.open > 0 || a.held > 0)
    .sort((x, y) => y.a.rows - x.a.rows || y.a.open - x.a.open || y.a.held - x.a.held || (x.c < y.c ? -1 : 1))
    .map(({ c }) => c);
  const buckets = ranges.map((r) => r.bucket);
  const series = currencies.flatMap((currency) =>
    buckets.map(
      (bucket) => points.get(`${bucket}|${currency}`) ?? { bucket, currency, collected: 0n, fees: 0n, netRemitted: 0n },
    ),
  );
  return {
    period,
    granularity,
    asOf: today,
    currencies,
    totals: currencies.map((c) => ({
      ...(totals.get(c) ?? {
        currency: c,
        collected: 0n,
        fees: 0n,
        netRemitted: 0n,
        reversed: 0n,
        payments: 0,
        reversals: 0,
      }),
      owedNow: ledger.get(c)?.owed ?? 0n,
      paidOut: ledger.get(c)?.paidOut ?? 0n,
    })),
    outstanding: currencies.map((c) => outstanding.get(c) ?? { currency: c, amount: 0n, placements: 0 }),
    series,
    ageing,
  };
}

/** A PostgreSQL array literal of plain tokens (dates, ISO instants): no quoting needed. */
const pgArray = (items: string[]) => `{${items.join(",")}}`;

export type PortalOverview = Awaited<ReturnType<typeof portalOverview>>;
