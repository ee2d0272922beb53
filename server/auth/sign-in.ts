import { randomUUID } from "node:crypto";
import { and, count, desc, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInAttempts, users } from "@/db/schema";
import { recordAudit } from "@/server/services/audit";
import { normalizeEmail } from "@/server/services/users";
import { verifyPassword } from "./password";
import type { SessionUser } from "./roles";

/** Failures from one address on one account before it must wait. */
export const MAX_FAILURES_PER_EMAIL_IP = 5;
/** Failures on one account from anywhere (a spread-out guessing run) before it must wait. */
export const MAX_FAILURES_PER_EMAIL = 20;
export const THROTTLE_WINDOW_MS = 15 * 60_000;

export type SignInResult =
  | { ok: true; user: SessionUser & { email: string; name: string; sessionId: string } }
  | { ok: false; reason: "invalid" | "throttled"; retryAfterSeconds?: number };

async function recentFailures(db: Db, email: string, ip: string | null, now: Date) {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const sameAccount = and(eq(signInAttempts.email, email), ip === null ? undefined : eq(signInAttempts.ip, ip));
  // A success resets the count: only failures after the last success in the window matter.
  const [lastSuccess] = await db
    .select({ at: signInAttempts.attemptedAt })
    .from(signInAttempts)
    .where(and(sameAccount, eq(signInAttempts.outcome, "success"), gt(signInAttempts.attemptedAt, since)))
    .orderBy(desc(signInAttempts.attemptedAt))
    .limit(1);
  const from = lastSuccess && lastSuccess.at > since ? lastSuccess.at : since;
  const [row] = await db
    .select({ n: count() })
    .from(signInAttempts)
    .where(and(sameAccount, eq(signInAttempts.outcome, "failure"), gt(signInAttempts.attemptedAt, from)));
  return row?.n ?? 0;
}

/**
 * Check an email and password, throttled per email+address and per email. Every attempt is stored
 * and audited (success, failure, throttled); a success carries a fresh session id.
 */
export async function authenticate(db: Db, input: { email: string; password: string; ip: string }, now = new Date()): Promise<SignInResult> {
  const email = normalizeEmail(input.email).slice(0, 320);
  const ip = input.ip.slice(0, 64) || "unknown";
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const actor = user ? { type: "user" as const, id: user.id } : { type: "system" as const, id: "sign-in" };
  const creditorId = user?.creditorId ?? null;

  const throttled =
    (await recentFailures(db, email, ip, now)) >= MAX_FAILURES_PER_EMAIL_IP || (await recentFailures(db, email, null, now)) >= MAX_FAILURES_PER_EMAIL;
  if (throttled) {
    await db.transaction(async (tx) => {
      await tx.insert(signInAttempts).values({ email, ip, outcome: "throttled", attemptedAt: now });
      await recordAudit(tx, { actor, action: "auth.sign_in_throttled", category: "auth", creditorId, targetType: "user", targetId: user?.id, details: { email, ip } });
    });
    return { ok: false, reason: "throttled", retryAfterSeconds: THROTTLE_WINDOW_MS / 1000 };
  }

  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  const failure = !user ? "unknown_email" : user.disabledAt ? "disabled" : !passwordOk ? "wrong_password" : null;
  const sessionId = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(signInAttempts).values({ email, ip, outcome: failure ? "failure" : "success", attemptedAt: now });
    await recordAudit(tx, {
      actor,
      action: failure ? "auth.sign_in_failed" : "auth.signed_in",
      category: "auth",
      creditorId,
      targetType: "user",
      targetId: user?.id,
      details: failure ? { email, ip, reason: failure } : { ip, sessionId },
    });
  });
  if (failure || !user) return { ok: false, reason: "invalid" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, creditorId: user.creditorId, sessionId } };
}
