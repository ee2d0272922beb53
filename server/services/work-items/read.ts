import { asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { creditors, users, workItemEvents, workItems } from "@/db/schema";
import { ageDays, isOverdue } from "@/server/domain/work-items";
import { notFound } from "@/server/errors";

const owner = alias(users, "owner");
const proposer = alias(users, "proposer");
const approver = alias(users, "approver");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One work item as its page shows it: the item, who owns, proposed and approved it, whether it is
 * overdue, and its history oldest first (its opening first, at its cause's time).
 */
export async function getWorkItem(db: Db, workItemId: string, now = new Date()) {
  if (!UUID.test(workItemId)) throw notFound("work item");
  const [row] = await db
    .select({
      item: workItems,
      creditorName: creditors.name,
      ownerName: owner.name,
      proposedByName: proposer.name,
      approvedByName: approver.name,
    })
    .from(workItems)
    .leftJoin(creditors, eq(creditors.id, workItems.creditorId))
    .leftJoin(owner, eq(owner.id, workItems.ownerUserId))
    .leftJoin(proposer, eq(proposer.id, workItems.proposedByUserId))
    .leftJoin(approver, eq(approver.id, workItems.approvedByUserId))
    .where(eq(workItems.id, workItemId));
  if (!row) throw notFound("work item");
  const events = await db
    .select({
      id: workItemEvents.id,
      occurredAt: workItemEvents.occurredAt,
      actorType: workItemEvents.actorType,
      actorName: workItemEvents.actorName,
      action: workItemEvents.action,
      note: workItemEvents.note,
      details: workItemEvents.details,
    })
    .from(workItemEvents)
    .where(eq(workItemEvents.workItemId, workItemId))
    .orderBy(asc(workItemEvents.occurredAt), asc(workItemEvents.id));
  const { item } = row;
  return {
    ...item,
    creditorName: row.creditorName,
    ownerName: row.ownerName,
    proposedByName: row.proposedByName,
    approvedByName: row.approvedByName,
    isOverdue: isOverdue(item, now),
    ageDays: ageDays(item.createdAt, now),
    isPendingApproval:
      item.proposal !== null && item.approvedAt === null && (item.status === "open" || item.status === "in_progress"),
    history: [
      {
        id: `${item.id}:opened`,
        occurredAt: item.createdAt,
        actorType: "system" as const,
        actorName: "Clearbook",
        action: "opened",
        note: item.title,
        details: {} as Record<string, unknown>,
      },
      ...events,
    ],
  };
}

export type WorkItemDetail = Awaited<ReturnType<typeof getWorkItem>>;
