import type { Db } from "@/db/client";
import { journalEntries, postings } from "@/db/schema";
import { assertBalanced } from "@/server/domain/ledger-rules";
import { journalRows, type JournalInput } from "./rows";

/**
 * Post one balanced journal entry in the caller's transaction; returns its id. Checked here first
 * for a clear error, and again by the database at commit (a deferred trigger) for anything that
 * writes around us.
 */
export async function postJournalEntry(db: Db, input: Omit<JournalInput, "id">): Promise<string> {
  const legs = input.postings.filter((p) => p.amount !== 0n);
  assertBalanced(legs);
  if (legs.length < 2) throw new Error(`journal entry "${input.description}" needs at least two non-zero postings`);
  const rows = journalRows({ ...input, id: crypto.randomUUID(), postings: legs });
  await db.insert(journalEntries).values(rows.entry);
  await db.insert(postings).values(rows.postings);
  return rows.entry.id!;
}
