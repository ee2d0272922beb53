import { cache } from "react";
import { getDb } from "@/server/db";
import { currentSessionUser } from "@/server/services/identity/sessions";
import { auth } from "./config";
import type { SessionUser } from "./roles";

/**
 * The signed-in user for this request, or null. Role and creditor are re-read from the database,
 * so a role change, a disabled account or a sign-out takes effect on the next request, not at
 * token expiry.
 */
export const getSession = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  if (!session?.user?.id || !session.user.sessionId) return null;
  return currentSessionUser(await getDb(), session.user.id, session.user.sessionId);
});
