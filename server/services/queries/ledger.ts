import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, journalEntries, postings } from "@/db/schema";
import { accountCreditorId, accountName } from "@/server/domain/ledger-rules";

/** Entries shown on one ledger page; a placement with more is exceptional and says so. */
export const LEDGER_ENTRY_LIMIT = 500;

/**
 * The journal entries that touch a placement, oldest first, each with all of its postings (also
 * legs without the placement, so every entry is seen whole and balanced), plus the placement's
 * running balance per account and currency derived from those postings.
 */
export async function placementLedger(db: Db, placementId: string) {
  const entryIds = db
    .selectDistinct({ id: postings.entryId })
    .from(postings)
    .where(eq(postings.placementId, placementId));
  const entries = await db
    .select()
    .from(journalEntries)
    .where(inArray(journalEntries.id, entryIds))
    .orderBy(asc(journalEntries.occurredAt), asc(journalEntries.createdAt), asc(journalEntries.id))
    .limit(LEDGER_ENTRY_LIMIT + 1);
  const shown = entries.slice(0, LEDGER_ENTRY_LIMIT);
  const legs = shown.length
    ? await db
        .select()
        .from(postings)
        .where(
          inArray(
            postings.entryId,
            shown.map((e) => e.id),
          ),
        )
        .orderBy(asc(postings.entryId), sql`${postings.amount} < 0`, asc(postings.account))
    : [];
  const balances = await db
    .select({
      account: postings.account,
      currency: postings.currency,
      balance: sql<string>`sum(${postings.amount})::text`,
    })
    .from(postings)
    .where(eq(postings.placementId, placementId))
    .groupBy(postings.account, postings.currency)
    .orderBy(asc(postings.account), asc(postings.currency));
  // Per-creditor accounts read by the creditor's name, not its id.
  const ids = [
    ...new Set([...legs, ...balances].map((l) => accountCreditorId(l.account)).filter((x): x is string => !!x)),
  ];
  const names = new Map(
    ids.length
      ? (
          await db.select({ id: creditors.id, name: creditors.name }).from(creditors).where(inArray(creditors.id, ids))
        ).map((c) => [c.id, c.name])
      : [],
  );
  return {
    truncated: entries.length > LEDGER_ENTRY_LIMIT,
    entries: shown.map((e) => {
      const lines = legs
        .filter((l) => l.entryId === e.id)
        .map((l) => ({
          id: l.id,
          account: l.account,
          accountName: accountName(l.account, names),
          amount: l.amount,
          currency: l.currency,
          placementId: l.placementId,
        }));
      const sums = new Map<string, bigint>();
      for (const l of lines) sums.set(l.currency, (sums.get(l.currency) ?? 0n) + l.amount);
      return { ...e, postings: lines, isBalanced: [...sums.values()].every((s) => s === 0n) };
    }),
    balances: balances.map((b) => ({ ...b, accountName: accountName(b.account, names), balance: BigInt(b.balance) })),
  };
}

export type PlacementLedger = Awaited<ReturnType<typeof placementLedger>>;
