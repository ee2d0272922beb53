import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, endedSessions, users } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { ABSOLUTE_LIFETIME_MS } from "@/server/auth/base-config";
import { authenticate } from "@/server/auth/sign-in";
import { makeCreditor } from "@/server/testing/factories";
import { systemActor } from "@/server/domain/actor";
import { currentSessionUser, endSession } from "./sessions";
import { changeUserRole, createUser } from "./users";

describe("sessions: sign-out ends a session on the server", () => {
  const t = useTestDb();
  let creditorId = "";
  let userId = "";
  const password = "a long enough passphrase";

  const signIn = async (ip = "10.1.0.1") => {
    const r = await authenticate(t.db, { email: "sam@creditor.test", password, ip });
    if (!r.ok) throw new Error(`sign-in failed: ${r.reason}`);
    return r.user.sessionId;
  };

  beforeAll(async () => {
    creditorId = (await makeCreditor(t.db)).id;
    userId = (
      await createUser(
        t.db,
        { email: "sam@creditor.test", name: "Sam", role: "creditor_admin", creditorId, password },
        systemActor("test"),
      )
    ).id;
    await createUser(
      t.db,
      { email: "second@creditor.test", name: "Second Admin", role: "creditor_admin", creditorId },
      systemActor("test"),
    );
  });

  it("refuses a signed-out session's token from the next request on, while the user's other sessions go on", async () => {
    const laptop = await signIn();
    const phone = await signIn("10.1.0.2");
    expect(laptop).not.toBe(phone);
    expect(await currentSessionUser(t.db, userId, laptop)).toEqual({
      id: userId,
      role: "creditor_admin",
      creditorId,
      sessionId: laptop,
    });

    await endSession(t.db, { userId, sessionId: laptop, creditorId });
    expect(await currentSessionUser(t.db, userId, laptop)).toBeNull();
    expect(await currentSessionUser(t.db, userId, phone)).toMatchObject({ id: userId, sessionId: phone });

    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "auth.signed_out"), eq(auditEvents.targetId, userId)));
    expect(audit).toMatchObject({
      category: "auth",
      actorType: "user",
      actorId: userId,
      creditorId,
      details: { sessionId: laptop },
    });
    // Signing out twice (two tabs) is harmless and audited once.
    await endSession(t.db, { userId, sessionId: laptop, creditorId });
    expect(
      await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "auth.signed_out"), eq(auditEvents.targetId, userId))),
    ).toHaveLength(1);
  });

  it("reads role and creditor fresh on every request, and refuses a disabled user or a made-up token", async () => {
    const session = await signIn("10.1.0.3");
    const [second] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, "second@creditor.test"));
    await changeUserRole(
      t.db,
      { kind: "creditor", creditorId },
      { userId, role: "creditor_member" },
      { type: "user", id: second!.id },
    );
    expect(await currentSessionUser(t.db, userId, session)).toMatchObject({ role: "creditor_member" });
    expect(await currentSessionUser(t.db, randomUUID(), session)).toBeNull();
    expect(await currentSessionUser(t.db, userId, "not-a-session-id")).toBeNull();
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId));
    expect(await currentSessionUser(t.db, userId, session)).toBeNull();
    await t.db.update(users).set({ disabledAt: null, role: "creditor_admin" }).where(eq(users.id, userId));
  });

  it("forgets ended sessions once their tokens are past the absolute lifetime anyway", async () => {
    const old = randomUUID();
    const longAgo = new Date(Date.now() - ABSOLUTE_LIFETIME_MS - 60_000);
    await endSession(t.db, { userId, sessionId: old, creditorId }, longAgo);
    const recent = await signIn("10.1.0.4");
    await endSession(t.db, { userId, sessionId: recent, creditorId });
    const rows = await t.db
      .select({ sessionId: endedSessions.sessionId })
      .from(endedSessions)
      .where(eq(endedSessions.userId, userId));
    expect(rows.map((r) => r.sessionId)).not.toContain(old);
    expect(rows.map((r) => r.sessionId)).toContain(recent);
  });
});
