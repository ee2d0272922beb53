import type { Db } from "@/db/client";
import { workItems } from "@/db/schema";
import { dueAtFor } from "@/server/domain/work-items";
import { env } from "@/server/env";
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
  /** When its cause happened (the payment, the refund, the failed post); default now. The item's age and due time count from it. */
  causedAt?: Date;
};

/** Queue an exception for an operator unless the same cause is already queued. Returns the new id, if any. */
export async function openWorkItem(db: Db, input: WorkItemInput): Promise<string | undefined> {
  const [row] = await db
    .insert(workItems)
    .values(workItemRow(input))
    .onConflictDoNothing({ target: workItems.dedupeKey })
    .returning({ id: workItems.id });
  return row?.id;
}

/** A work item's row: the one place it is built, whichever statement writes it (insert with `on conflict (dedupe_key) do nothing`). */
export function workItemRow(input: WorkItemInput): typeof workItems.$inferInsert {
  const causedAt = input.causedAt ?? new Date();
  return {
    kind: input.kind,
    creditorId: input.creditorId ?? null,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    title: input.title,
    nextAction: input.nextAction,
    evidence: jsonSafe(input.evidence ?? {}),
    dedupeKey: input.dedupeKey,
    dueAt: dueAtFor(input.kind, causedAt, env().WORK_ITEM_SLA_DAYS),
    ...(input.causedAt ? { createdAt: input.causedAt, updatedAt: input.causedAt } : {}),
  };
}
