import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, invitations } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { AppError } from "@/server/errors";
import { makeCreditor } from "@/server/testing/factories";
import { listInvitations, revokeInvitation } from "./invitation-admin";
import { acceptInvitation, describeInvitation, INVITATION_TTL_MS, inviteUser } from "./invitations";

const fails = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e: unknown) => (e instanceof AppError ? `${e.code}: ${e.message}` : String(e)),
  );

describe("invitation administration: statuses and revoking", () => {
  const t = useTestDb();
  let mine = "";
  let theirs = "";
  const links = new Map<string, string>();
  const deliver = async (m: { link: string }) => (links.set("last", m.link), "log" as const);
  const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;
  const actor = { type: "user" as const, id: "00000000-0000-4000-8000-0000000000aa" };
  const mineScope = () => ({ kind: "creditor" as const, creditorId: mine });

  async function invite(email: string, creditorId = mine, now?: Date) {
    const inv = await inviteUser(
      t.db,
      { kind: "creditor", creditorId },
      { email, name: email.split("@")[0]!, role: "creditor_member" },
      actor,
      { deliver, now },
    );
    return { id: inv.id, token: tokenOf(links.get("last")!) };
  }

  beforeAll(async () => {
    mine = (await makeCreditor(t.db)).id;
    theirs = (await makeCreditor(t.db)).id;
  });

  it("lists every invitation of the admin's creditor with its status, newest first, in keyset pages", async () => {
    const pending = await invite("pending@mine.test");
    const accepted = await invite("accepted@mine.test");
    await acceptInvitation(t.db, { token: accepted.token, password: "a long enough password 1" });
    const expired = await invite("expired@mine.test", mine, new Date(Date.now() - INVITATION_TTL_MS - 60_000));
    const replaced = await invite("twice@mine.test");
    const replacement = await invite("twice@mine.test");
    const other = await invite("someone@theirs.test", theirs);

    const first = await listInvitations(t.db, mineScope(), { limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await listInvitations(t.db, mineScope(), { limit: 3, cursor: first.nextCursor! });
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    const statusOf = Object.fromEntries(all.map((i) => [i.id, i.status]));
    expect(statusOf).toEqual({
      [pending.id]: "pending",
      [accepted.id]: "accepted",
      [expired.id]: "expired",
      [replaced.id]: "revoked",
      [replacement.id]: "pending",
    });
    const created = all.map((i) => i.createdAt.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(all.every((i) => i.creditorId === mine)).toBe(true);

    const agency = await listInvitations(t.db, { kind: "agency" }, { limit: 200 });
    expect(agency.items.map((i) => i.id)).toContain(other.id);
  });

  it("revokes a pending invitation: the link stops working, once, audited with who did it", async () => {
    const inv = await invite("revoke-me@mine.test");
    expect((await describeInvitation(t.db, inv.token)).state).toBe("valid");

    const revoked = await revokeInvitation(t.db, mineScope(), inv.id, actor);
    expect(revoked).toMatchObject({ id: inv.id, status: "revoked" });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect((await describeInvitation(t.db, inv.token)).state).not.toBe("valid");
    expect(await fails(acceptInvitation(t.db, { token: inv.token, password: "a long enough password 2" }))).toMatch(
      /^BAD_REQUEST/,
    );

    // Twice is the same answer, with one audit event.
    expect(await revokeInvitation(t.db, mineScope(), inv.id, actor)).toMatchObject({
      status: "revoked",
      revokedAt: revoked.revokedAt,
    });
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "invitation.revoked"), eq(auditEvents.targetId, inv.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      category: "auth",
      creditorId: mine,
      actorType: "user",
      actorId: actor.id,
      details: { email: "revoke-me@mine.test", role: "creditor_member" },
    });
  });

  it("answers NOT_FOUND for another creditor's invitation and leaves it working", async () => {
    const theirInvite = await invite("keep-me@theirs.test", theirs);
    expect(await fails(revokeInvitation(t.db, mineScope(), theirInvite.id, actor))).toBe(
      "NOT_FOUND: invitation not found",
    );
    const [row] = await t.db
      .select({ revokedAt: invitations.revokedAt })
      .from(invitations)
      .where(eq(invitations.id, theirInvite.id));
    expect(row!.revokedAt).toBeNull();
    expect((await describeInvitation(t.db, theirInvite.token)).state).toBe("valid");
    // An agency admin may revoke any creditor's invitation.
    expect(await revokeInvitation(t.db, { kind: "agency" }, theirInvite.id, actor)).toMatchObject({
      status: "revoked",
    });
  });

  it("refuses to revoke an accepted or an expired invitation, saying why", async () => {
    const accepted = await invite("done@mine.test");
    await acceptInvitation(t.db, { token: accepted.token, password: "a long enough password 3" });
    expect(await fails(revokeInvitation(t.db, mineScope(), accepted.id, actor))).toMatch(
      /^CONFLICT: done@mine\.test already accepted/,
    );
    const expired = await invite("late@mine.test", mine, new Date(Date.now() - INVITATION_TTL_MS - 60_000));
    expect(await fails(revokeInvitation(t.db, mineScope(), expired.id, actor))).toMatch(
      /^CONFLICT: .*has already expired/,
    );
  });
});
