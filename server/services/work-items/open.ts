import type { Db } from "@/db/client";
import { workItems } from "@/db/schema";
import { jsonSafe } from "../audit/record";

export type WorkItemInput = {
  kind: (typeof workItems.$inferInsert)["kind"];
  creditorId?: string | null;
  subjectType: string;
  subjectId: string;
  title: string;
  nextAction: string;
  evidence?: Record<string, unknown>;
  /** Same cause → same key → one item, however often the cause is seen. */
  dedupeKey: string;
};

/** Queue an exception for an operator unless the same cause is already queued. Returns the new id, if any. */
export async function openWorkItem(db: Db, input: WorkItemInput): Promise<string | undefined> {
  const [row] = await db
    .insert(workItems)
    .values({ ...input, evidence: jsonSafe(input.evidence ?? {}) })
    .onConflictDoNothing({ target: workItems.dedupeKey })
    .returning({ id: workItems.id });
  return row?.id;
}
