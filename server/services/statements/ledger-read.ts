import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import type { LedgerEntry } from "@/server/domain/statements";

/**
 * The ledger side of a statement: which journal entries a month accounts for, and the payable
 * balance before it. A statement reads entries of the creditor that touch its payable account or
 * fee income. An issued month's entries are its `statement_bookings`; a month not yet issued takes
 * every entry not booked to an earlier statement that happened before the month's end.
 */
export type BookedEntry = LedgerEntry & { occurredAt: Date; bookedAt: Date; sourceRef: string | null };

type EntryRow = {
  entry_id: string;
  kind: string;
  source_ref: string | null;
  occurred_at: Date | string;
  created_at: Date | string;
  account: string;
  amount: string;
  currency: string;
};

/** Entries that concern a creditor's statement: they move its payable or fee income. */
const concernsStatement = (payable: string) =>
  sql`exists (select 1 from postings q where q.entry_id = e.id and (q.account = ${payable} or (q.account = 'fee_income' and q.creditor_id = e.creditor_id)))`;

function group(rows: EntryRow[]): BookedEntry[] {
  const out = new Map<string, BookedEntry>();
  for (const r of rows) {
    let e = out.get(r.entry_id);
    if (!e) {
      e = {
        entryId: r.entry_id,
        kind: r.kind,
        sourceRef: r.source_ref,
        occurredAt: new Date(r.occurred_at),
        bookedAt: new Date(r.created_at),
        postings: [],
      };
      out.set(r.entry_id, e);
    }
    (e.postings as LedgerEntry["postings"][number][]).push({
      account: r.account,
      amount: BigInt(r.amount),
      currency: r.currency.trim(),
    });
  }
  return [...out.values()];
}

const ENTRY_COLUMNS = sql`e.id::text as entry_id, e.kind, e.source_ref, e.occurred_at, e.created_at, p.account, p.amount::text as amount, p.currency`;

/** The entries booked to an issued month (brought-forward history excluded), with their postings. */
export async function bookedEntries(db: Db, creditorId: string, period: string): Promise<BookedEntry[]> {
  const rows = await queryRows<EntryRow>(
    db,
    sql`select ${ENTRY_COLUMNS} from statement_bookings b
      join journal_entries e on e.id = b.journal_entry_id
      join postings p on p.entry_id = e.id
      where b.creditor_id = ${creditorId} and b.period = ${period} and not b.brought_forward
      order by e.occurred_at, e.id`,
  );
  return group(rows);
}

/**
 * Entries not yet on any statement that happened before `end` (and, when `from` is given, not
 * before it): a new month's own entries and any late ones about earlier months.
 */
export async function unbookedEntries(
  db: Db,
  p: { creditorId: string; payable: string; end: Date; from?: Date },
): Promise<BookedEntry[]> {
  const rows = await queryRows<EntryRow>(
    db,
    sql`select ${ENTRY_COLUMNS} from journal_entries e
      join postings p on p.entry_id = e.id
      where e.creditor_id = ${p.creditorId} and e.occurred_at < ${p.end}
        ${p.from ? sql`and e.occurred_at >= ${p.from}` : sql``}
        and not exists (select 1 from statement_bookings b where b.journal_entry_id = e.id)
        and ${concernsStatement(p.payable)}
      order by e.occurred_at, e.id`,
  );
  return group(rows);
}

const balances = (rows: Array<{ currency: string; balance: string }>) =>
  new Map(rows.map((r) => [r.currency.trim(), BigInt(r.balance)]));

/**
 * The payable's credit balance per currency before `period`: everything booked to earlier
 * statements, plus the history brought forward into `period` itself if it was a first statement.
 */
export async function bookedOpening(db: Db, creditorId: string, payable: string, period: string) {
  const rows = await queryRows<{ currency: string; balance: string }>(
    db,
    sql`select p.currency, (-sum(p.amount))::text as balance from statement_bookings b
      join postings p on p.entry_id = b.journal_entry_id
      where b.creditor_id = ${creditorId} and p.account = ${payable}
        and (b.period < ${period} or (b.period = ${period} and b.brought_forward))
      group by p.currency`,
  );
  return balances(rows);
}

/** A first statement's opening: the payable's balance over all unbooked history before `start`. */
export async function historyOpening(db: Db, creditorId: string, payable: string, start: Date) {
  const rows = await queryRows<{ currency: string; balance: string }>(
    db,
    sql`select p.currency, (-sum(p.amount))::text as balance from journal_entries e
      join postings p on p.entry_id = e.id
      where e.creditor_id = ${creditorId} and e.occurred_at < ${start} and p.account = ${payable}
        and not exists (select 1 from statement_bookings b where b.journal_entry_id = e.id)
      group by p.currency`,
  );
  return balances(rows);
}

/** The entries a first statement brings forward: the unbooked history before `start` (what `historyOpening` sums, in the same snapshot). */
export async function historyEntryIds(
  db: Db,
  p: { creditorId: string; payable: string; start: Date },
): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select e.id::text from journal_entries e
      where e.creditor_id = ${p.creditorId} and e.occurred_at < ${p.start}
        and not exists (select 1 from statement_bookings b where b.journal_entry_id = e.id)
        and ${concernsStatement(p.payable)}`,
  );
  return rows.map((r) => r.id);
}
