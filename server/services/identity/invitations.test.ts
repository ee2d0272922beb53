import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, invitations, users } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import type { InvitationMessage } from "@/server/auth/invitation-delivery";
import { authenticate } from "@/server/auth/sign-in";
import { AppError } from "@/server/errors";
import { makeCreditor } from "@/server/testing/factories";
import { INVITATION_TTL_MS, acceptInvitation, describeInvitation, inviteUser } from "./invitations";

const fails = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e: unknown) => (e instanceof AppError ? `${e.code}: ${e.message}` : String(e)),
  );

describe("invitations", () => {
  const t = useTestDb();
  let mine = "";
  let theirs = "";
  const sent: InvitationMessage[] = [];
  const deliver = async (m: InvitationMessage) => (sent.push(m), "log" as const);
  const tokenOf = (m: InvitationMessage) => new URL(m.link).searchParams.get("token")!;
  const actor = { type: "user" as const, id: "00000000-0000-4000-8000-000000000001" };

  beforeAll(async () => {
    mine = (await makeCreditor(t.db)).id;
    theirs = (await makeCreditor(t.db)).id;
  });

  it("lets a creditor admin invite into their own creditor only, creditor roles only", async () => {
    const scope = { kind: "creditor" as const, creditorId: mine };
    const inv = await inviteUser(
      t.db,
      scope,
      { email: "New.Member@Example.test", name: "New Member", role: "creditor_member" },
      actor,
      { deliver },
    );
    expect(inv).toMatchObject({ email: "new.member@example.test", role: "creditor_member", creditorId: mine });
    expect(sent.at(-1)!.link).toMatch(/\/accept-invite\?token=[\w-]{43}$/);
    const [stored] = await t.db
      .select({ tokenHash: invitations.tokenHash })
      .from(invitations)
      .where(eq(invitations.id, inv.id));
    expect(stored!.tokenHash).not.toContain(tokenOf(sent.at(-1)!));
    expect(
      await fails(
        inviteUser(
          t.db,
          scope,
          { email: "x@example.test", name: "X", role: "creditor_member", creditorId: theirs },
          actor,
          { deliver },
        ),
      ),
    ).toBe("NOT_FOUND: creditor not found");
    expect(
      await fails(
        inviteUser(t.db, scope, { email: "x@example.test", name: "X", role: "operator" }, actor, { deliver }),
      ),
    ).toMatch(/^FORBIDDEN/);
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "invitation.created"), eq(auditEvents.targetId, inv.id)));
    expect(audit).toMatchObject({ category: "auth", creditorId: mine, actorId: actor.id });
  });

  it("lets an agency admin invite staff (no creditor) and any creditor's users (creditor required)", async () => {
    const agency = { kind: "agency" as const };
    expect(
      await inviteUser(t.db, agency, { email: "ops@agency.test", name: "Ops", role: "operator" }, actor, { deliver }),
    ).toMatchObject({ creditorId: null });
    expect(
      await inviteUser(
        t.db,
        agency,
        { email: "boss@theirs.test", name: "Boss", role: "creditor_admin", creditorId: theirs },
        actor,
        { deliver },
      ),
    ).toMatchObject({ creditorId: theirs });
    expect(
      await fails(
        inviteUser(t.db, agency, { email: "a@b.test", name: "A", role: "creditor_admin" }, actor, { deliver }),
      ),
    ).toMatch(/^BAD_REQUEST: creditor_admin needs the creditor/);
    expect(
      await fails(
        inviteUser(t.db, agency, { email: "a@b.test", name: "A", role: "finance", creditorId: theirs }, actor, {
          deliver,
        }),
      ),
    ).toMatch(/^BAD_REQUEST: finance is an agency role/);
  });

  it("sets the password once: the link is single-use, and the new user can sign in", async () => {
    await inviteUser(
      t.db,
      { kind: "creditor", creditorId: mine },
      { email: "once@example.test", name: "Once", role: "creditor_admin" },
      actor,
      { deliver },
    );
    const token = tokenOf(sent.at(-1)!);
    expect(await describeInvitation(t.db, token)).toMatchObject({
      state: "valid",
      email: "once@example.test",
      role: "creditor_admin",
    });
    expect(await fails(acceptInvitation(t.db, { token, password: "short" }))).toMatch(
      /^BAD_REQUEST: password: use at least 12 characters/,
    );
    const user = await acceptInvitation(t.db, { token, password: "a long enough passphrase" });
    expect(user).toMatchObject({ email: "once@example.test", role: "creditor_admin", creditorId: mine });
    expect(await fails(acceptInvitation(t.db, { token, password: "another long passphrase" }))).toMatch(
      /already been used/,
    );
    expect(await describeInvitation(t.db, token)).toEqual({ state: "used" });
    expect(
      await authenticate(t.db, { email: "once@example.test", password: "a long enough passphrase", ip: "127.0.0.1" }),
    ).toMatchObject({ ok: true });
  });

  it("answers an invitation to an existing account exactly like any other, and mails the person a sign-in notice instead of a link", async () => {
    const scope = { kind: "creditor" as const, creditorId: theirs };
    const existing = await inviteUser(
      t.db,
      scope,
      { email: "once@example.test", name: "Again", role: "creditor_member" },
      actor,
      { deliver },
    );
    const notice = sent.at(-1)!;
    const fresh = await inviteUser(
      t.db,
      scope,
      { email: "nobody-yet@example.test", name: "Fresh", role: "creditor_member" },
      actor,
      { deliver },
    );
    const shape = (i: typeof existing) => ({
      keys: Object.keys(i).sort(),
      role: i.role,
      creditorId: i.creditorId,
      acceptedAt: i.acceptedAt,
      revokedAt: i.revokedAt,
      delivery: i.delivery,
    });
    expect(shape(existing)).toEqual(shape(fresh));
    expect(notice).toMatchObject({ recipient: { email: "once@example.test" }, hasAccount: true });
    const { invitationMail } = await import("@/server/integrations/mail/invitation-message");
    const mail = invitationMail(notice);
    expect(mail.text).toMatch(/already has a Clearbook account/);
    expect(mail.text).not.toContain("accept-invite");
    expect(sent.at(-1)!.hasAccount).toBeUndefined();
  });

  it("replaces only the inviter's own scope's open invitation for an email, never another creditor's or the agency's", async () => {
    const agency = { kind: "agency" as const };
    const mineScope = { kind: "creditor" as const, creditorId: mine };
    const email = "shared.person@example.test";
    await inviteUser(t.db, agency, { email, name: "Staff", role: "operator" }, actor, { deliver });
    const staffToken = tokenOf(sent.at(-1)!);
    await inviteUser(
      t.db,
      { kind: "creditor", creditorId: theirs },
      { email, name: "Theirs", role: "creditor_member" },
      actor,
      {
        deliver,
      },
    );
    const theirToken = tokenOf(sent.at(-1)!);
    await inviteUser(t.db, mineScope, { email, name: "Mine", role: "creditor_member" }, actor, { deliver });
    const myFirst = tokenOf(sent.at(-1)!);
    const again = await inviteUser(t.db, mineScope, { email, name: "Mine", role: "creditor_admin" }, actor, {
      deliver,
    });
    expect(again.delivery).toEqual({ status: "logged" });
    expect(await describeInvitation(t.db, staffToken)).toMatchObject({ state: "valid", role: "operator" });
    expect(await describeInvitation(t.db, theirToken)).toMatchObject({ state: "valid", role: "creditor_member" });
    expect(await describeInvitation(t.db, myFirst)).toEqual({ state: "revoked" });
    // The first accepted makes the account; the others then cannot make a second one.
    await acceptInvitation(t.db, { token: theirToken, password: "a long enough passphrase" });
    expect(await fails(acceptInvitation(t.db, { token: staffToken, password: "a long enough passphrase" }))).toMatch(
      /^CONFLICT/,
    );
  });

  it("expires, and a newer invitation replaces an older one for the same email", async () => {
    const past = new Date(Date.now() - INVITATION_TTL_MS - 60_000);
    await inviteUser(
      t.db,
      { kind: "creditor", creditorId: mine },
      { email: "late@example.test", name: "Late", role: "creditor_member" },
      actor,
      { deliver, now: past },
    );
    const stale = tokenOf(sent.at(-1)!);
    expect(await describeInvitation(t.db, stale)).toEqual({ state: "expired" });
    expect(await fails(acceptInvitation(t.db, { token: stale, password: "a long enough passphrase" }))).toMatch(
      /expired/,
    );
    await inviteUser(
      t.db,
      { kind: "creditor", creditorId: mine },
      { email: "late@example.test", name: "Late", role: "creditor_member" },
      actor,
      { deliver },
    );
    const first = tokenOf(sent.at(-1)!);
    await inviteUser(
      t.db,
      { kind: "creditor", creditorId: mine },
      { email: "late@example.test", name: "Late", role: "creditor_member" },
      actor,
      { deliver },
    );
    const second = tokenOf(sent.at(-1)!);
    expect(await describeInvitation(t.db, first)).toEqual({ state: "revoked" });
    expect(await fails(acceptInvitation(t.db, { token: first, password: "a long enough passphrase" }))).toMatch(
      /withdrawn or replaced/,
    );
    expect(await acceptInvitation(t.db, { token: second, password: "a long enough passphrase" })).toMatchObject({
      email: "late@example.test",
    });
    expect(await describeInvitation(t.db, "made-up-token")).toEqual({ state: "unknown" });
    expect(
      await fails(acceptInvitation(t.db, { token: "made-up-token", password: "a long enough passphrase" })),
    ).toMatch(/not valid/);
    const [accepted] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "invitation.accepted"))
      .limit(1);
    expect(accepted).toMatchObject({ category: "auth", actorType: "user" });
    const [row] = await t.db
      .select({ hash: users.passwordHash })
      .from(users)
      .where(eq(users.email, "late@example.test"));
    expect(row!.hash).toMatch(/^\$argon2id\$/);
  });
});
