import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, users, workItems } from "@/db/schema";

/** Who the app frame greets: the signed-in person's name and email, and their creditor's name. */
export async function shellIdentity(db: Db, userId: string) {
  const [row] = await db
    .select({ name: users.name, email: users.email, role: users.role, creditorName: creditors.name })
    .from(users)
    .leftJoin(creditors, eq(creditors.id, users.creditorId))
    .where(eq(users.id, userId));
  return row ?? null;
}

/** Unresolved work items and how many of them are overdue: the badge on the back-office queue link. */
export async function openWorkCount(db: Db, now = new Date()): Promise<{ open: number; overdue: number }> {
  const [row] = await db
    .select({
      n: sql<number>`count(*)::int`,
      overdue: sql<number>`(count(*) filter (where ${workItems.dueAt} < ${now.toISOString()}::timestamptz))::int`,
    })
    .from(workItems)
    .where(inArray(workItems.status, ["open", "in_progress"]));
  return { open: Number(row?.n ?? 0), overdue: Number(row?.overdue ?? 0) };
}
