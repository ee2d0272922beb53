/**
 * A work item's lifecycle: open → in progress (an owner) → resolved | dismissed → reopened. Every
 * change locks the row, checks the version the person saw (optimistic concurrency: two people on
 * one item → one wins, the other is told who won), bumps it, and writes history and audit in the
 * same transaction. `settleWorkItem` and the four-eyes steps take a transaction so the service that
 * makes the money effect closes the item in the same commit.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, workItems } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";
import { approvalRefusal, isOpenState, lifecycleRefusal, type LifecycleAction } from "@/server/domain/work-items";
import { AppError, notFound } from "@/server/errors";
import { isStaffRole } from "@/server/auth/roles";
import { jsonSafe, recordAudit } from "../audit/record";
import { actorDisplayName, appendWorkItemEvent } from "./history";

type WorkItemRow = typeof workItems.$inferSelect;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The item, locked for the rest of the transaction. Unknown (or malformed) ids are NOT_FOUND. */
async function lockItem(tx: Db, workItemId: string): Promise<WorkItemRow> {
  if (!UUID.test(workItemId)) throw notFound("work item");
  const [row] = await tx.select().from(workItems).where(eq(workItems.id, workItemId)).for("update");
  if (!row) throw notFound("work item");
  return row;
}

/** Refuse an action on an item someone else already closed or changed since it was read. */
function assertActionable(row: WorkItemRow, action: LifecycleAction, expectedVersion?: number) {
  if (action !== "reopen" && !isOpenState(row.status))
    throw new AppError(
      "CONFLICT",
      `already ${row.status} by ${row.resolvedBy ?? "someone"}${row.resolvedAt ? ` at ${row.resolvedAt.toISOString()}` : ""}; reload the item to see what was done`,
      { status: row.status, resolvedBy: row.resolvedBy, version: row.version },
    );
  const refusal = lifecycleRefusal(row.status, action);
  if (refusal) throw new AppError("CONFLICT", refusal, { status: row.status, version: row.version });
  if (expectedVersion !== undefined && row.version !== expectedVersion)
    throw new AppError(
      "CONFLICT",
      `this item changed since you opened it (version ${expectedVersion}, now ${row.version}); reload it and try again`,
      { version: row.version },
    );
}

/** Write the change with the version bumped; the row is locked, so the version check cannot race. */
async function writeChange(tx: Db, row: WorkItemRow, patch: Partial<typeof workItems.$inferInsert>) {
  const [updated] = await tx
    .update(workItems)
    .set({ ...patch, version: row.version + 1, updatedAt: new Date() })
    .where(and(eq(workItems.id, row.id), eq(workItems.version, row.version)))
    .returning();
  return updated!;
}

async function record(
  tx: Db,
  row: WorkItemRow,
  actor: Actor,
  actorName: string,
  action: string,
  note?: string | null,
  details: Record<string, unknown> = {},
) {
  await appendWorkItemEvent(tx, { workItemId: row.id, actor, actorName, action, note, details });
  await recordAudit(tx, {
    actor,
    action: `work_item.${action}`,
    category: "exceptions",
    creditorId: row.creditorId,
    targetType: "work_item",
    targetId: row.id,
    details: { kind: row.kind, actorName, ...(note ? { note } : {}), ...details },
  });
}

/** A staff member who can own work: exists, is agency staff, not disabled. */
async function assertOwner(tx: Db, userId: string) {
  const [u] = UUID.test(userId)
    ? await tx
        .select({ id: users.id, name: users.name, role: users.role, disabledAt: users.disabledAt })
        .from(users)
        .where(eq(users.id, userId))
    : [];
  if (!u || !isStaffRole(u.role) || u.disabledAt)
    throw new AppError("BAD_REQUEST", "work can only be assigned to active agency staff; pick someone from the list");
  return u;
}

export type AssignParams = { workItemId: string; ownerUserId: string; expectedVersion?: number };

async function assignLocked(tx: Db, row: WorkItemRow, owner: { id: string; name: string }, actor: Actor, name: string) {
  const updated = await writeChange(tx, row, { ownerUserId: owner.id, status: "in_progress" });
  await record(tx, row, actor, name, "assigned", null, { ownerUserId: owner.id, ownerName: owner.name });
  return updated;
}

/** Give an open item to an agency staff member; it is then in progress. */
export async function assignWorkItem(db: Db, params: AssignParams, actor: Actor) {
  return db.transaction(async (tx) => {
    const row = await lockItem(tx, params.workItemId);
    assertActionable(row, "assign", params.expectedVersion);
    const owner = await assertOwner(tx, params.ownerUserId);
    return assignLocked(tx, row, owner, actor, await actorDisplayName(tx, actor));
  });
}

/** Take an item off its owner: back to open in the shared queue. */
export async function unassignWorkItem(db: Db, params: { workItemId: string; expectedVersion?: number }, actor: Actor) {
  return db.transaction(async (tx) => {
    const row = await lockItem(tx, params.workItemId);
    assertActionable(row, "unassign", params.expectedVersion);
    const updated = await writeChange(tx, row, { ownerUserId: null, status: "open" });
    await record(tx, row, actor, await actorDisplayName(tx, actor), "unassigned", null, {
      previousOwnerUserId: row.ownerUserId,
    });
    return updated;
  });
}

/** "I'm on it": the acting person takes the item (a user actor only). */
export async function startWorkItem(db: Db, params: { workItemId: string; expectedVersion?: number }, actor: Actor) {
  if (actor.type !== "user") throw new AppError("BAD_REQUEST", "only a person can start work on an item");
  return db.transaction(async (tx) => {
    const row = await lockItem(tx, params.workItemId);
    assertActionable(row, "start", params.expectedVersion);
    const owner = await assertOwner(tx, actor.id);
    const updated = await writeChange(tx, row, { ownerUserId: owner.id, status: "in_progress" });
    await record(tx, row, actor, owner.name, "started");
    return updated;
  });
}

/** Assign many open items at once (closed or unknown ones are skipped and counted). `ownerUserId` null unassigns. */
export async function bulkAssign(db: Db, params: { workItemIds: string[]; ownerUserId: string | null }, actor: Actor) {
  const ids = [...new Set(params.workItemIds)].filter((id) => UUID.test(id));
  if (params.workItemIds.length === 0 || params.workItemIds.length > 500)
    throw new AppError("BAD_REQUEST", "choose between 1 and 500 items to assign");
  return db.transaction(async (tx) => {
    const owner = params.ownerUserId ? await assertOwner(tx, params.ownerUserId) : null;
    const name = await actorDisplayName(tx, actor);
    const rows = ids.length
      ? await tx.select().from(workItems).where(inArray(workItems.id, ids)).orderBy(workItems.id).for("update")
      : [];
    let assigned = 0;
    for (const row of rows) {
      if (!isOpenState(row.status)) continue;
      if (owner) await assignLocked(tx, row, owner, actor, name);
      else {
        await writeChange(tx, row, { ownerUserId: null, status: "open" });
        await record(tx, row, actor, name, "unassigned", null, { bulk: true });
      }
      assigned += 1;
    }
    return { assigned, skipped: params.workItemIds.length - assigned };
  });
}

export type SettleParams = {
  workItemId: string;
  expectedVersion: number;
  outcome: "resolved" | "dismissed";
  /** What was done, for the item page and the scorecard (e.g. `{ action: "write_off", documentId }`). */
  resolution: Record<string, unknown>;
  /** Required to dismiss; the note of a resolution made outside Clearbook. */
  reason?: string;
};

/**
 * Close an item INSIDE the caller's transaction (the one that makes the money effect), so the effect
 * and the closing commit together. Throws CONFLICT "already resolved by X" when someone got there first.
 */
export async function settleWorkItem(tx: Db, params: SettleParams, actor: Actor) {
  const reason = params.reason?.trim();
  if (params.outcome === "dismissed" && !reason)
    throw new AppError("BAD_REQUEST", "say why the item is dismissed (a reason is required)");
  const row = await lockItem(tx, params.workItemId);
  assertActionable(row, "settle", params.expectedVersion);
  const name = await actorDisplayName(tx, actor);
  const updated = await writeChange(tx, row, {
    status: params.outcome,
    resolution: jsonSafe(params.resolution),
    resolvedBy: name,
    resolvedByUserId: actor.type === "user" ? actor.id : null,
    resolvedAt: new Date(),
    closeReason: reason ?? null,
  });
  await record(tx, row, actor, name, params.outcome, reason, { resolution: params.resolution });
  return updated;
}

/** Close an item with no money effect of its own (dismissed, or resolved outside Clearbook with a note). */
export async function closeWorkItem(db: Db, params: SettleParams, actor: Actor) {
  return db.transaction((tx) => settleWorkItem(tx, params, actor));
}

/** Bring a closed item back (reason required); the reopen is counted for the scorecard. */
export async function reopenWorkItem(
  db: Db,
  params: { workItemId: string; expectedVersion: number; reason: string },
  actor: Actor,
) {
  const reason = params.reason.trim();
  if (!reason) throw new AppError("BAD_REQUEST", "say why the item is reopened (a reason is required)");
  return db.transaction(async (tx) => {
    const row = await lockItem(tx, params.workItemId);
    assertActionable(row, "reopen", params.expectedVersion);
    const updated = await writeChange(tx, row, {
      status: row.ownerUserId ? "in_progress" : "open",
      reopenCount: row.reopenCount + 1,
      resolution: null,
      resolvedBy: null,
      resolvedByUserId: null,
      resolvedAt: null,
      closeReason: null,
      proposal: null,
      proposedByUserId: null,
      proposedAt: null,
      approvedByUserId: null,
      approvedAt: null,
    });
    await record(tx, row, actor, await actorDisplayName(tx, actor), "reopened", reason, {
      previousStatus: row.status,
      previousResolution: row.resolution,
    });
    return updated;
  });
}

/** Four-eyes, step one: record a decision for someone else to approve (inside the caller's transaction). */
export async function proposeDecision(
  tx: Db,
  params: { workItemId: string; expectedVersion: number; proposal: Record<string, unknown> },
  actor: Actor,
) {
  if (actor.type !== "user") throw new AppError("BAD_REQUEST", "only a person can propose a decision");
  const row = await lockItem(tx, params.workItemId);
  assertActionable(row, "propose", params.expectedVersion);
  if (row.proposal && !row.approvedAt)
    throw new AppError("CONFLICT", "a decision is already waiting for approval; approve or reject it first");
  const name = await actorDisplayName(tx, actor);
  const updated = await writeChange(tx, row, {
    proposal: jsonSafe(params.proposal),
    proposedByUserId: actor.id,
    proposedAt: new Date(),
    approvedByUserId: null,
    approvedAt: null,
  });
  await record(tx, row, actor, name, "proposed", null, { proposal: params.proposal });
  return updated;
}

/**
 * Four-eyes, step two: a different person with the finance or admin role approves (inside the
 * caller's transaction, which then makes the effect and settles). Returns the item with its proposal.
 */
export async function approveDecision(tx: Db, params: { workItemId: string; expectedVersion: number }, actor: Actor) {
  const row = await lockItem(tx, params.workItemId);
  assertActionable(row, "approve", params.expectedVersion);
  if (!row.proposal || !row.proposedByUserId || row.approvedAt)
    throw new AppError("CONFLICT", "there is no decision waiting for approval on this item");
  const approver = actor.type === "user" ? await approverOf(tx, actor.id) : null;
  const refusal = approver ? approvalRefusal(row.proposedByUserId, approver) : "only a person can approve a decision";
  if (refusal) throw new AppError("FORBIDDEN", refusal);
  const updated = await writeChange(tx, row, { approvedByUserId: approver!.id, approvedAt: new Date() });
  await record(tx, row, actor, approver!.name, "approved", null, {
    proposal: row.proposal,
    proposedByUserId: row.proposedByUserId,
  });
  return updated;
}

/** Four-eyes: the approver (or the proposer, withdrawing) declines; the proposal is cleared, the item stays open. */
export async function rejectDecision(
  db: Db,
  params: { workItemId: string; expectedVersion: number; reason: string },
  actor: Actor,
) {
  const reason = params.reason.trim();
  if (!reason) throw new AppError("BAD_REQUEST", "say why the decision is rejected (a reason is required)");
  return db.transaction(async (tx) => {
    const row = await lockItem(tx, params.workItemId);
    assertActionable(row, "reject", params.expectedVersion);
    if (!row.proposal || row.approvedAt)
      throw new AppError("CONFLICT", "there is no decision waiting for approval on this item");
    const person = actor.type === "user" ? await approverOf(tx, actor.id) : null;
    if (!person || (person.id !== row.proposedByUserId && approvalRefusal("", person)))
      throw new AppError(
        "FORBIDDEN",
        "only the proposer or someone with the finance or admin role can reject a decision",
      );
    const updated = await writeChange(tx, row, {
      proposal: null,
      proposedByUserId: null,
      proposedAt: null,
    });
    await record(tx, row, actor, person.name, "rejected", reason, { proposal: row.proposal });
    return updated;
  });
}

async function approverOf(tx: Db, userId: string) {
  const [u] = await tx
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)));
  return u ?? null;
}

export { getWorkItem } from "./read";
