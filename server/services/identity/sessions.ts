import { and, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { endedSessions, users } from "@/db/schema";
import { ABSOLUTE_LIFETIME_MS } from "@/server/auth/base-config";
import type { SessionUser } from "@/server/auth/roles";
import { recordAudit } from "../audit/record";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Sign-out, on the server: the session's id is recorded as ended, so its token (wherever it was
 * copied) is refused from the next request on. Audited once; ending a session twice is harmless.
 */
export async function endSession(
  db: Db,
  session: { userId: string; sessionId: string; creditorId: string | null },
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    // A token older than the absolute lifetime is refused by its own age: its row is no longer needed.
    await tx.delete(endedSessions).where(lt(endedSessions.endedAt, new Date(now.getTime() - ABSOLUTE_LIFETIME_MS)));
    const [ended] = await tx
      .insert(endedSessions)
      .values({ sessionId: session.sessionId, userId: session.userId, endedAt: now })
      .onConflictDoNothing()
      .returning({ sessionId: endedSessions.sessionId });
    if (!ended) return;
    await recordAudit(tx, {
      actor: { type: "user", id: session.userId },
      action: "auth.signed_out",
      category: "auth",
      creditorId: session.creditorId,
      targetType: "user",
      targetId: session.userId,
      details: { sessionId: session.sessionId },
    });
  });
}

/**
 * Who a session token stands for on this request, read fresh from the database (role and creditor
 * as they are now): null when the user is gone or disabled, or this session was signed out.
 */
export async function currentSessionUser(db: Db, userId: string, sessionId: string): Promise<SessionUser | null> {
  if (!UUID.test(userId) || !UUID.test(sessionId)) return null;
  const [row] = await db
    .select({
      id: users.id,
      role: users.role,
      creditorId: users.creditorId,
      disabledAt: users.disabledAt,
      endedAt: endedSessions.endedAt,
    })
    .from(users)
    .leftJoin(endedSessions, and(eq(endedSessions.sessionId, sessionId), eq(endedSessions.userId, users.id)))
    .where(eq(users.id, userId));
  if (!row || row.disabledAt || row.endedAt) return null;
  return { id: row.id, role: row.role, creditorId: row.creditorId, sessionId };
}
