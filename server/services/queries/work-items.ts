import { and, asc, eq, inArray, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, users, workItems, type workItemKind, type workItemStatus } from "@/db/schema";
import { STAFF_ROLES } from "@/server/auth/roles";
import { ageBucketRange, ageDays, isOverdue, type AgeBucket } from "@/server/domain/work-items";
import { keyset, type PageRequest, type SortKey } from "@/server/lib/list-cursor";

export type WorkItemKind = (typeof workItemKind.enumValues)[number];
export type WorkItemStatus = (typeof workItemStatus.enumValues)[number];

export type WorkItemListParams = {
  /** Default: everything not yet closed. "closed": resolved or dismissed. */
  status?: WorkItemStatus | "unresolved" | "closed";
  kind?: WorkItemKind;
  creditorId?: string;
  /** "me" needs `viewerId`. */
  owner?: "me" | "unassigned" | "anyone";
  viewerId?: string;
  age?: AgeBucket;
  overdue?: boolean;
  pendingApproval?: boolean;
} & PageRequest;

const CREATED_KEY: SortKey = { column: workItems.createdAt, kind: "timestamp" };
const OPEN = ["open", "in_progress"] as const;

function statusFilter(status: WorkItemListParams["status"]): SQL {
  if (!status || status === "unresolved") return inArray(workItems.status, [...OPEN]);
  if (status === "closed") return inArray(workItems.status, ["resolved", "dismissed"]);
  return eq(workItems.status, status);
}

/** The filters of the queue as SQL (also used by the sidebar count and the scorecard). */
export function workItemFilters(params: WorkItemListParams, now: Date): (SQL | undefined)[] {
  const age = params.age ? ageBucketRange(params.age) : null;
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
  return [
    statusFilter(params.status),
    params.kind ? eq(workItems.kind, params.kind) : undefined,
    params.creditorId ? eq(workItems.creditorId, params.creditorId) : undefined,
    params.owner === "unassigned" ? isNull(workItems.ownerUserId) : undefined,
    params.owner === "me"
      ? eq(workItems.ownerUserId, params.viewerId ?? "00000000-0000-0000-0000-000000000000")
      : undefined,
    // Age counts whole days: an item aged d days has created_at in (now − (d+1) days, now − d days].
    age ? sql`${workItems.createdAt} <= ${daysAgo(age.fromDays).toISOString()}::timestamptz` : undefined,
    age?.toDays != null ? sql`${workItems.createdAt} > ${daysAgo(age.toDays).toISOString()}::timestamptz` : undefined,
    params.overdue ? and(inArray(workItems.status, [...OPEN]), lt(workItems.dueAt, now)) : undefined,
    params.pendingApproval
      ? and(inArray(workItems.status, [...OPEN]), isNotNull(workItems.proposal), isNull(workItems.approvedAt))
      : undefined,
  ];
}

/** The operator queue, oldest first (the most aged work on top), one keyset page at a time. */
export async function listWorkItemPage(db: Db, params: WorkItemListParams, now = new Date()) {
  const ks = keyset("createdAt", CREATED_KEY, workItems.id, "asc", params);
  const rows = await db
    .select({
      id: workItems.id,
      kind: workItems.kind,
      status: workItems.status,
      version: workItems.version,
      creditorId: workItems.creditorId,
      creditorName: creditors.name,
      subjectType: workItems.subjectType,
      subjectId: workItems.subjectId,
      title: workItems.title,
      nextAction: workItems.nextAction,
      evidence: workItems.evidence,
      ownerUserId: workItems.ownerUserId,
      ownerName: users.name,
      dueAt: workItems.dueAt,
      proposedAt: workItems.proposedAt,
      approvedAt: workItems.approvedAt,
      resolvedAt: workItems.resolvedAt,
      resolvedBy: workItems.resolvedBy,
      createdAt: workItems.createdAt,
      sortValue: ks.sortValue,
    })
    .from(workItems)
    .leftJoin(creditors, eq(creditors.id, workItems.creditorId))
    .leftJoin(users, eq(users.id, workItems.ownerUserId))
    .where(and(...workItemFilters(params, now), ks.after))
    .orderBy(...ks.orderBy)
    .limit(ks.fetch);
  const page = ks.page(rows);
  return {
    ...page,
    items: page.items.map((w) => ({
      ...w,
      ageDays: ageDays(w.createdAt, now),
      isOverdue: isOverdue(w, now),
      isPendingApproval:
        w.proposedAt !== null && w.approvedAt === null && (w.status === "open" || w.status === "in_progress"),
    })),
  };
}

/** Unresolved work per kind, with the oldest item's creation time and how many are overdue: the queue's header. */
export async function workItemSummary(db: Db, now = new Date()) {
  const rows = await db
    .select({
      kind: workItems.kind,
      open: sql<number>`count(*)::int`,
      overdue: sql<number>`(count(*) filter (where ${workItems.dueAt} < ${now.toISOString()}::timestamptz))::int`,
      pendingApproval: sql<number>`(count(*) filter (where ${workItems.proposal} is not null and ${workItems.approvedAt} is null))::int`,
      oldest: sql<Date>`min(${workItems.createdAt})`,
    })
    .from(workItems)
    .where(inArray(workItems.status, [...OPEN]))
    .groupBy(workItems.kind);
  return rows.map((r) => {
    const oldest = new Date(r.oldest);
    return { ...r, oldest, oldestAgeDays: ageDays(oldest, now) };
  });
}

/** Active agency staff, by name: who work can be assigned to. */
export async function listAssignees(db: Db) {
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(inArray(users.role, [...STAFF_ROLES]), isNull(users.disabledAt)))
    .orderBy(asc(users.name));
}
