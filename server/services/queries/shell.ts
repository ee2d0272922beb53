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

/** Unresolved work items: the badge on the back-office queue link. */
export async function openWorkCount(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(workItems)
    .where(inArray(workItems.status, ["open", "in_progress"]));
  return Number(row?.n ?? 0);
}
