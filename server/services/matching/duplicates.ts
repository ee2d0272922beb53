import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import { formatMinor } from "@/server/domain/money";
import { env } from "@/server/env";
import { openWorkItem } from "../work-items/open";

type Pair = {
  first_id: string;
  second_id: string;
  first_external: string;
  second_external: string;
  first_at: Date;
  second_at: Date;
  amount: string;
  currency: string;
  creditor_id: string;
  debtor_id: string;
  debtor_name: string;
  first_invoice: string;
  second_invoice: string;
};

/**
 * Possible duplicate payments: two payments booked for the same debtor, of the same amount and
 * currency, received within the window (DUPLICATE_PAYMENT_WINDOW_HOURS), with different payment
 * ids (parts of one split payment are one payment). Each pair opens one `possible_duplicate` item
 * (its key names both payments, so a rescan adds nothing). Nothing is ever refunded here: a person
 * checks with the debtor first. One set-based statement over the payments received since `since`.
 */
export async function openPossibleDuplicates(
  db: Db,
  params: { now?: Date; since?: Date; windowHours?: number } = {},
): Promise<{ pairs: number; opened: number }> {
  const windowHours = params.windowHours ?? env().DUPLICATE_PAYMENT_WINDOW_HOURS;
  const now = params.now ?? new Date();
  const since = params.since ?? new Date(now.getTime() - 2 * windowHours * 3_600_000);
  const pairs = await queryRows<Pair>(
    db,
    sql`with recent as (
        select a.id, a.external_id, a.amount, a.currency, a.received_at, pl.creditor_id, pl.debtor_id, pl.invoice_number,
          coalesce(a.parent_payment_attempt_id, a.id) as root
        from payment_attempts a join placements pl on pl.id = a.placement_id
        where a.status in ('succeeded', 'partially_reversed') and a.received_at >= ${since.toISOString()}::timestamptz)
      select x.id as first_id, y.id as second_id, x.external_id as first_external, y.external_id as second_external,
        x.received_at as first_at, y.received_at as second_at, x.amount::text as amount, x.currency, x.creditor_id, x.debtor_id,
        d.name as debtor_name, x.invoice_number as first_invoice, y.invoice_number as second_invoice
      from recent x join recent y on y.debtor_id = x.debtor_id and y.amount = x.amount and y.currency = x.currency
        and y.root <> x.root and (y.received_at, y.id) > (x.received_at, x.id)
        and y.received_at - x.received_at <= make_interval(hours => ${windowHours})
      join debtors d on d.id = x.debtor_id
      order by y.received_at`,
  );
  let opened = 0;
  for (const p of pairs) {
    const money = `${formatMinor(BigInt(p.amount), p.currency)} ${p.currency}`;
    const id = await openWorkItem(db, {
      kind: "possible_duplicate",
      creditorId: p.creditor_id,
      subjectType: "payment_attempt",
      subjectId: p.second_id,
      title: `Possible duplicate: ${p.debtor_name} paid ${money} twice within ${windowHours} h`,
      nextAction:
        "Check with the debtor whether both payments were meant. A duplicate is refunded by a person (never automatically); otherwise dismiss it as not a duplicate.",
      evidence: {
        debtorId: p.debtor_id,
        debtorName: p.debtor_name,
        amount: p.amount,
        currency: p.currency,
        windowHours,
        payments: [
          {
            paymentAttemptId: p.first_id,
            externalId: p.first_external,
            receivedAt: p.first_at,
            invoiceNumber: p.first_invoice,
          },
          {
            paymentAttemptId: p.second_id,
            externalId: p.second_external,
            receivedAt: p.second_at,
            invoiceNumber: p.second_invoice,
          },
        ],
      },
      dedupeKey: `duplicate:${p.first_id}:${p.second_id}`,
      causedAt: new Date(p.second_at),
    });
    if (id) opened++;
  }
  return { pairs: pairs.length, opened };
}
