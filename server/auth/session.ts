import { cache } from "react";
import { getDb } from "@/server/db";
import { sessionUserById } from "@/server/services/users";
import { auth } from "./config";
import type { SessionUser } from "./roles";

/**
 * The signed-in user for this request, or null. Role and creditor are re-read from the database,
 * so a role change or a disabled account takes effect on the next request, not at token expiry.
 */
export const getSession = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  if (!session?.user?.id) return null;
  const current = await sessionUserById(await getDb(), session.user.id);
  return current ? { ...current, sessionId: session.user.sessionId } : null;
});
