import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, users, workItems, type workItemKind, type workItemStatus } from "@/db/schema";
import { keyset, type PageRequest, type SortKey } from "@/server/lib/list-cursor";

export type WorkItemKind = (typeof workItemKind.enumValues)[number];
export type WorkItemStatus = (typeof workItemStatus.enumValues)[number];

export type WorkItemListParams = {
  /** Default: everything not yet resolved. */
  status?: WorkItemStatus | "unresolved";
  kind?: WorkItemKind;
  creditorId?: string;
} & PageRequest;

const CREATED_KEY: SortKey = { column: workItems.createdAt, kind: "timestamp" };

/** The operator queue, oldest first (the most aged work on top), one keyset page at a time. */
export async function listWorkItemPage(db: Db, params: WorkItemListParams, now = new Date()) {
  const ks = keyset("createdAt", CREATED_KEY, workItems.id, "asc", params);
  const status = params.status ?? "unresolved";
  const rows = await db
    .select({
      id: workItems.id,
      kind: workItems.kind,
      status: workItems.status,
      creditorId: workItems.creditorId,
      creditorName: creditors.name,
      subjectType: workItems.subjectType,
      subjectId: workItems.subjectId,
      title: workItems.title,
      nextAction: workItems.nextAction,
      evidence: workItems.evidence,
      ownerName: users.name,
      resolvedAt: workItems.resolvedAt,
      createdAt: workItems.createdAt,
      sortValue: ks.sortValue,
    })
    .from(workItems)
    .leftJoin(creditors, eq(creditors.id, workItems.creditorId))
    .leftJoin(users, eq(users.id, workItems.ownerUserId))
    .where(
      and(
        status === "unresolved" ? inArray(workItems.status, ["open", "in_progress"]) : eq(workItems.status, status),
        params.kind ? eq(workItems.kind, params.kind) : undefined,
        params.creditorId ? eq(workItems.creditorId, params.creditorId) : undefined,
        ks.after,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(ks.fetch);
  const page = ks.page(rows);
  return {
    ...page,
    items: page.items.map((w) => ({
      ...w,
      ageDays: Math.max(0, Math.floor((now.getTime() - w.createdAt.getTime()) / 86_400_000)),
    })),
  };
}

/** Unresolved work per kind, with the oldest item's creation time: the queue's header. */
export async function workItemSummary(db: Db, now = new Date()) {
  const rows = await db
    .select({ kind: workItems.kind, open: sql<number>`count(*)::int`, oldest: sql<Date>`min(${workItems.createdAt})` })
    .from(workItems)
    .where(inArray(workItems.status, ["open", "in_progress"]))
    .groupBy(workItems.kind);
  return rows.map((r) => {
    const oldest = new Date(r.oldest);
    return { ...r, oldest, oldestAgeDays: Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 86_400_000)) };
  });
}
