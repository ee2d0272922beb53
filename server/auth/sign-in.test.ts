import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, signInAttempts, users } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { systemActor } from "@/server/domain/actor";
import { createUser } from "@/server/services/identity/users";
import { makeCreditor } from "@/server/testing/factories";
import { UNKNOWN_CLIENT } from "./client-ip";
import {
  MAX_FAILURES_PER_EMAIL,
  MAX_FAILURES_PER_EMAIL_IP,
  MAX_FAILURES_PER_IP,
  THROTTLE_WINDOW_MS,
  authenticate,
} from "./sign-in";

const PASSWORD = "correct horse battery staple";

describe("password sign-in", () => {
  const t = useTestDb();
  let creditorId = "";
  let userId = "";
  let n = 0;
  const newUser = async () => {
    n += 1;
    const u = await createUser(
      t.db,
      {
        email: `Person${n}@Example.test`,
        name: `Person ${n}`,
        role: "creditor_member",
        creditorId,
        password: PASSWORD,
      },
      systemActor("test"),
    );
    return u;
  };
  const lastAudit = async (targetId: string | null, action?: string) => {
    const [row] = await t.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.category, "auth"),
          targetId ? eq(auditEvents.targetId, targetId) : undefined,
          action ? eq(auditEvents.action, action) : undefined,
        ),
      )
      .orderBy(desc(auditEvents.occurredAt))
      .limit(1);
    return row;
  };

  beforeAll(async () => {
    creditorId = (await makeCreditor(t.db)).id;
    userId = (await newUser()).id;
  });

  it("signs in with the right password (email case and spaces ignored), with a fresh session id each time, audited", async () => {
    const first = await authenticate(t.db, { email: "  PERSON1@example.TEST ", password: PASSWORD, ip: "10.0.0.1" });
    const second = await authenticate(t.db, { email: "person1@example.test", password: PASSWORD, ip: "10.0.0.1" });
    expect(first).toMatchObject({ ok: true, user: { id: userId, role: "creditor_member", creditorId } });
    if (!first.ok || !second.ok) throw new Error("sign-in failed");
    expect(first.user.sessionId).not.toBe(second.user.sessionId);
    expect(await lastAudit(userId)).toMatchObject({
      action: "auth.signed_in",
      actorType: "user",
      actorId: userId,
      creditorId,
      details: { ip: "10.0.0.1", sessionId: second.user.sessionId },
    });
    const [stored] = await t.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
    expect(stored!.hash).toMatch(/^\$argon2id\$/);
  });

  it("refuses a wrong password and an unknown email alike, and audits both", async () => {
    expect(
      await authenticate(t.db, { email: "person1@example.test", password: "wrong password!", ip: "10.0.0.2" }),
    ).toEqual({ ok: false, reason: "invalid" });
    expect(await lastAudit(userId)).toMatchObject({
      action: "auth.sign_in_failed",
      details: { reason: "wrong_password", ip: "10.0.0.2" },
    });
    expect(await authenticate(t.db, { email: "nobody@example.test", password: PASSWORD, ip: "10.0.0.2" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await lastAudit(null, "auth.sign_in_failed")).toMatchObject({
      actorType: "system",
      details: { reason: "unknown_email", email: "nobody@example.test" },
    });
  });

  it("refuses a disabled account even with the right password", async () => {
    const u = await newUser();
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, u.id));
    expect(await authenticate(t.db, { email: u.email, password: PASSWORD, ip: "10.0.0.3" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await lastAudit(u.id)).toMatchObject({ action: "auth.sign_in_failed", details: { reason: "disabled" } });
  });

  it(`throttles after ${MAX_FAILURES_PER_EMAIL_IP} failures from one address, even the right password, until the window passes`, async () => {
    const u = await newUser();
    const now = new Date();
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL_IP; i++) {
      expect(
        await authenticate(t.db, { email: u.email, password: `guess ${i} wrong`, ip: "203.0.113.9" }, now),
      ).toMatchObject({ ok: false, reason: "invalid" });
    }
    expect(await authenticate(t.db, { email: u.email, password: PASSWORD, ip: "203.0.113.9" }, now)).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    expect(await lastAudit(u.id)).toMatchObject({
      action: "auth.sign_in_throttled",
      details: { ip: "203.0.113.9", reason: "email_ip" },
    });
    // Another address is not blocked by this one's failures.
    expect(await authenticate(t.db, { email: u.email, password: PASSWORD, ip: "198.51.100.4" }, now)).toMatchObject({
      ok: true,
    });
    const later = new Date(now.getTime() + THROTTLE_WINDOW_MS + 1000);
    expect(await authenticate(t.db, { email: u.email, password: PASSWORD, ip: "203.0.113.9" }, later)).toMatchObject({
      ok: true,
    });
  });

  it("a success resets the count for that address", async () => {
    const u = await newUser();
    const ip = "192.0.2.50";
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL_IP - 1; i++)
      await authenticate(t.db, { email: u.email, password: "nope nope nope", ip });
    expect(await authenticate(t.db, { email: u.email, password: PASSWORD, ip })).toMatchObject({ ok: true });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL_IP - 1; i++)
      await authenticate(t.db, { email: u.email, password: "nope nope nope", ip });
    expect(await authenticate(t.db, { email: u.email, password: PASSWORD, ip })).toMatchObject({ ok: true });
  });

  it(`throttles an account after ${MAX_FAILURES_PER_EMAIL} failures spread over many addresses`, async () => {
    const u = await newUser();
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++)
      await authenticate(t.db, { email: u.email, password: "spray and pray", ip: `198.18.0.${i}` });
    expect(await authenticate(t.db, { email: u.email, password: PASSWORD, ip: "198.18.1.1" })).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    expect(await lastAudit(u.id)).toMatchObject({ action: "auth.sign_in_throttled", details: { reason: "email" } });
  }, 60_000);

  describe(`one address across accounts (password spraying, ${MAX_FAILURES_PER_IP} failures)`, () => {
    /** Failures already stored for this address, each on another account (the throttle reads only the table). */
    const priorFailures = (ip: string, count: number, at: Date, tag: string) =>
      t.db.insert(signInAttempts).values(
        Array.from({ length: count }, (_, i) => ({
          email: `${tag}-${i}@example.test`,
          ip,
          outcome: "failure" as const,
          attemptedAt: at,
        })),
      );

    it("throttles the address on every account, the right password included, audited with the reason; other addresses carry on", async () => {
      const u = await newUser();
      const ip = "203.0.113.66";
      const now = new Date();
      for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
        expect(
          await authenticate(t.db, { email: `sprayed${i}@example.test`, password: "Winter2026!", ip }, now),
        ).toMatchObject({ ok: false, reason: "invalid" });
      }
      expect(await authenticate(t.db, { email: u.email, password: PASSWORD, ip }, now)).toMatchObject({
        ok: false,
        reason: "throttled",
      });
      expect(await lastAudit(u.id)).toMatchObject({
        action: "auth.sign_in_throttled",
        actorType: "user",
        details: { ip, reason: "ip", email: u.email },
      });
      expect(await authenticate(t.db, { email: u.email, password: PASSWORD, ip: "198.51.100.66" }, now)).toMatchObject({
        ok: true,
      });
      const later = new Date(now.getTime() + THROTTLE_WINDOW_MS + 1000);
      expect(await authenticate(t.db, { email: u.email, password: PASSWORD, ip }, later)).toMatchObject({ ok: true });
    }, 120_000);

    it(`lets the address through at ${MAX_FAILURES_PER_IP - 1} failures, and counts only the window`, async () => {
      const u = await newUser();
      const now = new Date();
      await priorFailures("203.0.113.67", MAX_FAILURES_PER_IP - 1, new Date(now.getTime() - 60_000), "below");
      expect(await authenticate(t.db, { email: u.email, password: PASSWORD, ip: "203.0.113.67" }, now)).toMatchObject({
        ok: true,
      });
      await priorFailures(
        "203.0.113.68",
        MAX_FAILURES_PER_IP * 2,
        new Date(now.getTime() - THROTTLE_WINDOW_MS - 1000),
        "stale",
      );
      expect(await authenticate(t.db, { email: u.email, password: PASSWORD, ip: "203.0.113.68" }, now)).toMatchObject({
        ok: true,
      });
    });

    it("a success from the address does not clear its count (an attacker's own account launders nothing)", async () => {
      const own = await newUser();
      const victim = await newUser();
      const ip = "203.0.113.69";
      const now = new Date();
      await priorFailures(ip, MAX_FAILURES_PER_IP - 1, new Date(now.getTime() - 60_000), "laundry");
      expect(await authenticate(t.db, { email: own.email, password: PASSWORD, ip }, now)).toMatchObject({ ok: true });
      expect(await authenticate(t.db, { email: victim.email, password: "Winter2026!", ip }, now)).toMatchObject({
        ok: false,
        reason: "invalid",
      });
      expect(await authenticate(t.db, { email: victim.email, password: PASSWORD, ip }, now)).toMatchObject({
        ok: false,
        reason: "throttled",
      });
      expect(await lastAudit(victim.id)).toMatchObject({ action: "auth.sign_in_throttled", details: { reason: "ip" } });
    });

    it("never applies to the unknown address, which is everyone's when no proxy is trusted", async () => {
      const u = await newUser();
      const now = new Date();
      await priorFailures(UNKNOWN_CLIENT, MAX_FAILURES_PER_IP * 2, new Date(now.getTime() - 60_000), "nobody-knows");
      expect(await authenticate(t.db, { email: u.email, password: PASSWORD, ip: UNKNOWN_CLIENT }, now)).toMatchObject({
        ok: true,
      });
      expect(await authenticate(t.db, { email: u.email, password: PASSWORD, ip: "" }, now)).toMatchObject({ ok: true });
    });
  });
});
