import { randomUUID } from "node:crypto";
import { and, count, desc, eq, gt, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInAttempts, users } from "@/db/schema";
import { recordAudit } from "@/server/services/audit/record";
import { normalizeEmail } from "@/server/services/identity/users";
import { UNKNOWN_CLIENT } from "./client-ip";
import { verifyPassword } from "./password";
import type { SessionUser } from "./roles";

/** Failures from one address on one account before it must wait. */
export const MAX_FAILURES_PER_EMAIL_IP = 5;
/** Failures on one account from anywhere (a spread-out guessing run) before it must wait. */
export const MAX_FAILURES_PER_EMAIL = 20;
/**
 * Failures from one address across all accounts (password spraying: one password on many accounts)
 * before that address must wait. High enough for an office behind one NAT; never applied to the
 * unknown address, which is everyone's when no proxy is trusted.
 */
export const MAX_FAILURES_PER_IP = 50;
export const THROTTLE_WINDOW_MS = 15 * 60_000;

/**
 * Failures on one account from one previously seen device (a signed device cookie of that account,
 * device-cookie.ts). Such a device has a bucket of its own and is never held by the account-wide or
 * address limits: whoever fails 20 times on an account locks out new devices for 15 minutes, never
 * the owner on a browser they signed in from before.
 */
export const MAX_FAILURES_PER_DEVICE = 5;

/** Which limit stopped an attempt, for the audit record. */
export type ThrottleReason = "email_ip" | "email" | "ip" | "device";

export type SignInResult =
  | { ok: true; user: SessionUser & { email: string; name: string; sessionId: string } }
  | { ok: false; reason: "invalid" | "throttled"; retryAfterSeconds?: number };

/** Failures matching `scope` after `from`. */
async function failuresSince(db: Db, scope: SQL | undefined, from: Date) {
  const [row] = await db
    .select({ n: count() })
    .from(signInAttempts)
    .where(and(scope, eq(signInAttempts.outcome, "failure"), gt(signInAttempts.attemptedAt, from)));
  return row?.n ?? 0;
}

async function recentFailures(db: Db, email: string, bucket: SQL | undefined, now: Date) {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const sameAccount = and(eq(signInAttempts.email, email), bucket);
  // A success resets the count: only failures after the last success in the window matter.
  const [lastSuccess] = await db
    .select({ at: signInAttempts.attemptedAt })
    .from(signInAttempts)
    .where(and(sameAccount, eq(signInAttempts.outcome, "success"), gt(signInAttempts.attemptedAt, since)))
    .orderBy(desc(signInAttempts.attemptedAt))
    .limit(1);
  return failuresSince(db, sameAccount, lastSuccess && lastSuccess.at > since ? lastSuccess.at : since);
}

// No reset on success here: an attacker signing in to an account of their own must not clear the count.
const recentFailuresFromAddress = (db: Db, ip: string, now: Date) =>
  failuresSince(db, eq(signInAttempts.ip, ip), new Date(now.getTime() - THROTTLE_WINDOW_MS));

async function throttleReason(
  db: Db,
  email: string,
  ip: string,
  device: string | null,
  now: Date,
): Promise<ThrottleReason | null> {
  if (device)
    return (await recentFailures(db, email, eq(signInAttempts.device, device), now)) >= MAX_FAILURES_PER_DEVICE
      ? "device"
      : null;
  const unseen = isNull(signInAttempts.device);
  if ((await recentFailures(db, email, and(unseen, eq(signInAttempts.ip, ip)), now)) >= MAX_FAILURES_PER_EMAIL_IP)
    return "email_ip";
  if ((await recentFailures(db, email, unseen, now)) >= MAX_FAILURES_PER_EMAIL) return "email";
  if (ip !== UNKNOWN_CLIENT && (await recentFailuresFromAddress(db, ip, now)) >= MAX_FAILURES_PER_IP) return "ip";
  return null;
}

/**
 * Attempts on one account (and from one address) are counted one at a time: a transaction-scoped
 * advisory lock per email and per address, taken in that order everywhere, so 40 parallel guesses
 * find each other's attempts and 5 are checked, not 6 or 40.
 */
async function lockAttempts(tx: Db, email: string, ip: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sign-in:email:${email}`}))`);
  if (ip !== UNKNOWN_CLIENT) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sign-in:ip:${ip}`}))`);
}

/**
 * Check an email and password, throttled per email+address, per email and per address, or per
 * device for a previously seen device (`device`: the id of a verified device cookie of this email).
 * Every attempt is stored and audited (success, failure, throttled); a success carries a fresh
 * session id. The attempt is counted as a failure before the password is checked (under the lock),
 * and turned into a success only once the check passed, so parallel guesses cannot outrun the count.
 */
export async function authenticate(
  db: Db,
  input: { email: string; password: string; ip: string; device?: string | null },
  now = new Date(),
): Promise<SignInResult> {
  const email = normalizeEmail(input.email).slice(0, 320);
  const ip = input.ip.slice(0, 64) || UNKNOWN_CLIENT;
  const device = input.device?.slice(0, 64) || null;
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const actor = user ? { type: "user" as const, id: user.id } : { type: "system" as const, id: "sign-in" };
  const creditorId = user?.creditorId ?? null;

  const claim = await db.transaction(async (tx) => {
    await lockAttempts(tx, email, ip);
    const throttled = await throttleReason(tx, email, ip, device, now);
    if (throttled) {
      await tx.insert(signInAttempts).values({ email, ip, device, outcome: "throttled", attemptedAt: now });
      await recordAudit(tx, {
        actor,
        action: "auth.sign_in_throttled",
        category: "auth",
        creditorId,
        targetType: "user",
        targetId: user?.id,
        details: { email, ip, reason: throttled, ...(device ? { device } : {}) },
      });
      return { throttled };
    }
    const [attempt] = await tx
      .insert(signInAttempts)
      .values({ email, ip, device, outcome: "failure", attemptedAt: now })
      .returning({ id: signInAttempts.id });
    return { attemptId: attempt!.id };
  });
  if ("throttled" in claim) return { ok: false, reason: "throttled", retryAfterSeconds: THROTTLE_WINDOW_MS / 1000 };

  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  const failure = !user ? "unknown_email" : user.disabledAt ? "disabled" : !passwordOk ? "wrong_password" : null;
  const sessionId = randomUUID();
  await db.transaction(async (tx) => {
    if (!failure)
      await tx.update(signInAttempts).set({ outcome: "success" }).where(eq(signInAttempts.id, claim.attemptId));
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
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, creditorId: user.creditorId, sessionId },
  };
}
