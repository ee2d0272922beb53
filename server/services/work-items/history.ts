import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, workItemEvents } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";
import { jsonSafe } from "../audit/record";

/** What people see as the actor: a person's name, otherwise the kind of machine and its id. */
export async function actorDisplayName(db: Db, actor: Actor): Promise<string> {
  if (actor.type !== "user") return `${actor.type.replace("_", " ")} ${actor.id}`;
  const [u] = await db.select({ name: users.name }).from(users).where(eq(users.id, actor.id));
  return u?.name ?? `user ${actor.id}`;
}

export type WorkItemEventInput = {
  workItemId: string;
  actor: Actor;
  actorName: string;
  action: string;
  note?: string | null;
  details?: Record<string, unknown>;
};

/** A work item's history row: the one place it is built. Append it in the transaction of the change it records. */
export function workItemEventRow(input: WorkItemEventInput): typeof workItemEvents.$inferInsert {
  return {
    workItemId: input.workItemId,
    actorType: input.actor.type,
    actorId: input.actor.id,
    actorName: input.actorName,
    action: input.action,
    note: input.note ?? null,
    details: jsonSafe(input.details ?? {}),
  };
}

/** Append one history row. */
export async function appendWorkItemEvent(db: Db, input: WorkItemEventInput): Promise<void> {
  await db.insert(workItemEvents).values(workItemEventRow(input));
}
