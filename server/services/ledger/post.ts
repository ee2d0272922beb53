import type { Db } from "@/db/client";
import { journalEntries, postings } from "@/db/schema";
import { assertBalanced } from "@/server/domain/ledger-rules";

export type PostingInput = {
  account: string;
  amount: bigint;
  currency: string;
  creditorId?: string | null;
  placementId?: string | null;
};

export type JournalInput = {
  kind: string;
  description: string;
  creditorId?: string | null;
  sourceRef?: string;
  occurredAt: Date;
  postings: PostingInput[];
};

/**
 * Post one balanced journal entry in the caller's transaction. Checked here first for a clear
 * error, and again by the database at commit (a deferred trigger) for anything that writes around us.
 */
export async function postJournalEntry(db: Db, input: JournalInput): Promise<string> {
  const legs = input.postings.filter((p) => p.amount !== 0n);
  assertBalanced(legs);
  if (legs.length < 2) throw new Error(`journal entry "${input.description}" needs at least two non-zero postings`);
  const [entry] = await db
    .insert(journalEntries)
    .values({
      kind: input.kind,
      description: input.description,
      creditorId: input.creditorId,
      sourceRef: input.sourceRef,
      occurredAt: input.occurredAt,
    })
    .returning({ id: journalEntries.id });
  if (!entry) throw new Error("journal entry insert returned nothing");
  await db.insert(postings).values(
    legs.map((p) => ({
      entryId: entry.id,
      account: p.account,
      amount: p.amount,
      currency: p.currency,
      creditorId: p.creditorId ?? input.creditorId ?? null,
      placementId: p.placementId ?? null,
    })),
  );
  return entry.id;
}
