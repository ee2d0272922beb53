import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { AppError } from "@/server/errors";
import { makeCreditor } from "@/server/testing/factories";
import { systemActor } from "@/server/domain/actor";
import { changeUserRole, createUser, listUsers, sessionUserById } from "./users";

const fails = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e: unknown) => (e instanceof AppError ? `${e.code}: ${e.message}` : String(e)),
  );

describe("users and roles", () => {
  const t = useTestDb();
  let creditorId = "";
  let otherCreditorId = "";
  let admin = { id: "" };
  let member = { id: "" };
  let operator = { id: "" };

  beforeAll(async () => {
    creditorId = (await makeCreditor(t.db)).id;
    otherCreditorId = (await makeCreditor(t.db)).id;
    const sys = systemActor("test");
    admin = await createUser(t.db, { email: "admin@c.test", name: "Admin", role: "creditor_admin", creditorId }, sys);
    member = await createUser(
      t.db,
      { email: "member@c.test", name: "Member", role: "creditor_member", creditorId },
      sys,
    );
    operator = await createUser(t.db, { email: "ops@agency.test", name: "Ops", role: "operator" }, sys);
    await createUser(
      t.db,
      { email: "other@o.test", name: "Other", role: "creditor_admin", creditorId: otherCreditorId },
      sys,
    );
  });

  it("keeps roles and creditors consistent at creation", async () => {
    const sys = systemActor("test");
    expect(await fails(createUser(t.db, { email: "x@c.test", name: "X", role: "creditor_member" }, sys))).toMatch(
      /needs the creditor/,
    );
    expect(await fails(createUser(t.db, { email: "y@c.test", name: "Y", role: "finance", creditorId }, sys))).toMatch(
      /agency role/,
    );
    expect(await fails(createUser(t.db, { email: "ADMIN@c.test", name: "Dup", role: "admin" }, sys))).toMatch(
      /^CONFLICT/,
    );
    expect(
      await fails(createUser(t.db, { email: "z@c.test", name: "Z", role: "admin", password: "short" }, sys)),
    ).toMatch(/at least 12/);
  });

  it("lists a creditor admin's own people only; an agency admin sees everyone", async () => {
    expect((await listUsers(t.db, { kind: "creditor", creditorId })).map((u) => u.email)).toEqual([
      "admin@c.test",
      "member@c.test",
    ]);
    expect((await listUsers(t.db, { kind: "agency" })).length).toBe(4);
  });

  it("changes roles within a side, audited, and takes effect on the next request", async () => {
    const scope = { kind: "creditor" as const, creditorId };
    const actor = { type: "user" as const, id: admin.id };
    await changeUserRole(t.db, scope, { userId: member.id, role: "creditor_admin" }, actor);
    expect(await sessionUserById(t.db, member.id)).toMatchObject({ role: "creditor_admin" });
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "user.role_changed"), eq(auditEvents.targetId, member.id)));
    expect(audit).toMatchObject({
      category: "auth",
      creditorId,
      details: { from: "creditor_member", to: "creditor_admin" },
    });
    await changeUserRole(t.db, scope, { userId: member.id, role: "creditor_member" }, actor);
  });

  it("refuses changes across sides, across creditors, to oneself, and of a creditor's last admin", async () => {
    const scope = { kind: "creditor" as const, creditorId };
    const actor = { type: "user" as const, id: admin.id };
    expect(await fails(changeUserRole(t.db, scope, { userId: member.id, role: "admin" }, actor))).toMatch(/do not mix/);
    expect(await fails(changeUserRole(t.db, scope, { userId: operator.id, role: "operator" }, actor))).toBe(
      "NOT_FOUND: user not found",
    );
    expect(await fails(changeUserRole(t.db, scope, { userId: admin.id, role: "creditor_member" }, actor))).toMatch(
      /^FORBIDDEN: you cannot change your own role/,
    );
    const agency = { kind: "agency" as const };
    const root = { type: "user" as const, id: operator.id };
    expect(await fails(changeUserRole(t.db, agency, { userId: admin.id, role: "creditor_member" }, root))).toMatch(
      /last admin/,
    );
    expect(await fails(changeUserRole(t.db, agency, { userId: operator.id, role: "admin" }, root))).toMatch(/own role/);
  });
});
