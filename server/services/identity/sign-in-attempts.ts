import { inArray, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInAttempts } from "@/db/schema";

/**
 * How long sign-in attempts are kept. The throttle reads only its 15-minute window; the audit log
 * keeps the durable record of every sign-in, so a month is room for investigating a burst, not history.
 */
export const SIGN_IN_ATTEMPTS_RETENTION_MS = 30 * 24 * 60 * 60_000;

// Bounded deletes: the first run on a table that grew for years must not hold one long transaction.
const BATCH = 5_000;

/** Delete sign-in attempts older than the retention (the daily `signInPrune` job). */
export async function pruneSignInAttempts(
  db: Db,
  opts: { now?: Date } = {},
): Promise<{ deleted: number; before: string }> {
  const before = new Date((opts.now ?? new Date()).getTime() - SIGN_IN_ATTEMPTS_RETENTION_MS);
  let deleted = 0;
  for (;;) {
    const old = db
      .select({ id: signInAttempts.id })
      .from(signInAttempts)
      .where(lt(signInAttempts.attemptedAt, before))
      .limit(BATCH);
    const rows = await db
      .delete(signInAttempts)
      .where(inArray(signInAttempts.id, old))
      .returning({ id: signInAttempts.id });
    deleted += rows.length;
    if (rows.length < BATCH) break;
  }
  return { deleted, before: before.toISOString() };
}
