import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, invitations, users } from "@/db/schema";
import type { DeliverInvitation } from "@/server/auth/invitation-delivery";
import { hashPassword, passwordProblems } from "@/server/auth/password";
import { isCreditorRole, type Role } from "@/server/auth/roles";
import { AppError, notFound } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { sendInvitationNotice } from "./invitation-notice";
import { assertRoleFitsCreditor, createUser, normalizeEmail, type UserAdminScope } from "./users";

export const INVITATION_TTL_MS = 72 * 60 * 60_000;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** An invitation's columns fit to hand out: everything but the token's hash (also what the admin list and revoke return). */
export const invitationColumns = {
  id: invitations.id,
  email: invitations.email,
  name: invitations.name,
  role: invitations.role,
  creditorId: invitations.creditorId,
  expiresAt: invitations.expiresAt,
  acceptedAt: invitations.acceptedAt,
  revokedAt: invitations.revokedAt,
  createdAt: invitations.createdAt,
};

/**
 * Invite someone to set a password (audited). A creditor admin invites only into their own creditor
 * (naming another creditor answers NOT_FOUND); an agency admin invites staff or any creditor's users.
 * The one-time link is mailed (or logged) after commit; a failed mail leaves the invitation valid and
 * hands the link back in `delivery`.
 *
 * What the inviter learns is the same whether or not the email already has an account, and whether
 * or not someone else invited it too (no enumeration of other tenants' people or agency staff):
 * - an earlier open invitation for the same email stops working only if it leads to the same place
 *   (the same creditor, or the agency): another creditor's, or the agency's, is never touched;
 *   several may be open at once, and the first accepted makes the account (the others then fail);
 * - an email that already has an account gets the invitation all the same (same answer, same row,
 *   same audit), but its mail says an account exists and how to sign in, instead of a link.
 */
export async function inviteUser(
  db: Db,
  scope: UserAdminScope,
  input: { email: string; name: string; role: Role; creditorId?: string | null },
  actor: Actor,
  opts: { now?: Date; deliver?: DeliverInvitation } = {},
) {
  const now = opts.now ?? new Date();
  const email = normalizeEmail(input.email);
  if (!input.name.trim()) throw new AppError("BAD_REQUEST", "name is required");
  if (scope.kind === "creditor") {
    if (input.creditorId && input.creditorId !== scope.creditorId) throw notFound("creditor");
    if (!isCreditorRole(input.role))
      throw new AppError("FORBIDDEN", "a creditor admin can invite only creditor admins and members");
  }
  const creditorIdWanted = scope.kind === "creditor" ? scope.creditorId : input.creditorId;
  const token = randomBytes(32).toString("base64url");
  const invitation = await db.transaction(async (tx) => {
    const creditorId = await assertRoleFitsCreditor(tx, input.role, creditorIdWanted);
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.email, email),
          sql`${invitations.creditorId} is not distinct from ${creditorId}`,
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      );
    const [row] = await tx
      .insert(invitations)
      .values({
        email,
        name: input.name.trim(),
        role: input.role,
        creditorId,
        tokenHash: sha256(token),
        invitedBy: `${actor.type}:${actor.id}`,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        createdAt: now,
      })
      .returning(invitationColumns);
    await recordAudit(tx, {
      actor,
      action: "invitation.created",
      category: "auth",
      creditorId,
      targetType: "invitation",
      targetId: row!.id,
      details: { email, role: input.role },
    });
    return { row: row!, hasAccount: Boolean(existing) };
  });
  const delivery = await sendInvitationNotice(db, invitation.row, token, actor, opts.deliver, invitation.hasAccount);
  return { ...invitation.row, delivery };
}

export type InvitationState = "valid" | "expired" | "used" | "revoked" | "unknown";

async function findByToken(db: Db, token: string, lock = false) {
  const query = db
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, sha256(token)));
  const [row] = lock ? await query.for("update") : await query;
  return row;
}

const stateOf = (
  row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date } | undefined,
  now: Date,
): InvitationState =>
  !row ? "unknown" : row.acceptedAt ? "used" : row.revokedAt ? "revoked" : row.expiresAt <= now ? "expired" : "valid";

/** What the accept page shows for a token: who it is for and whether it still works. */
export async function describeInvitation(db: Db, token: string, now = new Date()) {
  const row = await findByToken(db, token);
  const state = stateOf(row, now);
  if (!row || state !== "valid") return { state: state as Exclude<InvitationState, "valid"> };
  const [creditor] = row.creditorId
    ? await db.select({ name: creditors.name }).from(creditors).where(eq(creditors.id, row.creditorId))
    : [];
  return { state, email: row.email, name: row.name, role: row.role, creditorName: creditor?.name ?? null } as const;
}

const STATE_MESSAGES: Record<Exclude<InvitationState, "valid">, string> = {
  unknown: "this invitation link is not valid: check you copied the whole link, or ask for a new invitation",
  used: "this invitation link has already been used: sign in with the password you set",
  revoked:
    "this invitation was withdrawn or replaced by a newer one: use the newest invitation you received, or ask for a new one",
  expired: "this invitation link has expired: ask your administrator for a new one",
};

/** Set the password of an invited person: creates the user and consumes the token, once (audited). */
export async function acceptInvitation(db: Db, input: { token: string; password: string }, now = new Date()) {
  const problems = passwordProblems(input.password);
  if (problems.length) throw new AppError("BAD_REQUEST", `password: ${problems.join("; ")}`);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const row = await findByToken(tx, input.token, true);
    const state = stateOf(row, now);
    if (!row || state !== "valid")
      throw new AppError("BAD_REQUEST", STATE_MESSAGES[state as Exclude<InvitationState, "valid">]);
    const user = await createUser(
      tx,
      { email: row.email, name: row.name, role: row.role, creditorId: row.creditorId },
      { type: "system", id: `invitation:${row.id}` },
    );
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await tx.update(invitations).set({ acceptedAt: now, userId: user.id }).where(eq(invitations.id, row.id));
    await recordAudit(tx, {
      actor: { type: "user", id: user.id },
      action: "invitation.accepted",
      category: "auth",
      creditorId: row.creditorId,
      targetType: "invitation",
      targetId: row.id,
      details: { email: row.email },
    });
    return user;
  });
}
