import { and, eq, gte, like, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, creditors, type actorType } from "@/db/schema";
import { keyset, type PageRequest, type SortKey } from "@/server/lib/list-cursor";
import { escapeLike, utcDay } from "@/server/lib/list-filters";

export type AuditListParams = {
  creditorId?: string;
  category?: string;
  /** Action prefix, e.g. "creditor." or "creditor.rate_changed". */
  action?: string;
  actorType?: (typeof actorType.enumValues)[number];
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
} & PageRequest;

/**
 * An audit event as the logs show it: who acted (with the person's name when a user did), on what, for
 * which creditor. `creditorName` needs `.leftJoin(creditors, eq(creditors.id, auditEvents.creditorId))`.
 */
export const auditEventColumns = {
  id: auditEvents.id,
  occurredAt: auditEvents.occurredAt,
  actorType: auditEvents.actorType,
  actorId: auditEvents.actorId,
  actorName: sql<
    string | null
  >`(select u.name from users u where ${auditEvents.actorType} = 'user' and u.id::text = ${auditEvents.actorId})`,
  action: auditEvents.action,
  creditorId: auditEvents.creditorId,
  creditorName: creditors.name,
  targetType: auditEvents.targetType,
  targetId: auditEvents.targetId,
  details: auditEvents.details,
};

const TIME_KEY: SortKey = { column: auditEvents.occurredAt, kind: "timestamp" };

/** The audit log, newest first, filtered in the database, one keyset page at a time. */
export async function listAuditPage(db: Db, params: AuditListParams) {
  const ks = keyset("occurredAt", TIME_KEY, auditEvents.id, "desc", params);
  const rows = await db
    .select({ ...auditEventColumns, category: auditEvents.category, sortValue: ks.sortValue })
    .from(auditEvents)
    .leftJoin(creditors, eq(creditors.id, auditEvents.creditorId))
    .where(
      and(
        params.creditorId ? eq(auditEvents.creditorId, params.creditorId) : undefined,
        params.category ? eq(auditEvents.category, params.category) : undefined,
        params.action ? like(auditEvents.action, `${escapeLike(params.action.trim())}%`) : undefined,
        params.actorType ? eq(auditEvents.actorType, params.actorType) : undefined,
        params.actorId ? eq(auditEvents.actorId, params.actorId) : undefined,
        params.targetType ? eq(auditEvents.targetType, params.targetType) : undefined,
        params.targetId ? eq(auditEvents.targetId, params.targetId) : undefined,
        params.from ? gte(auditEvents.occurredAt, utcDay(params.from)) : undefined,
        params.to ? lt(auditEvents.occurredAt, utcDay(params.to)) : undefined,
        ks.after,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(ks.fetch);
  return ks.page(rows);
}
