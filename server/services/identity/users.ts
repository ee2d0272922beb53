import { and, asc, eq, isNull, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, users } from "@/db/schema";
import { hashPassword, passwordProblems } from "@/server/auth/password";
import { isCreditorRole, isStaffRole, type Role, type SessionUser } from "@/server/auth/roles";
import { AppError, notFound } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";

/** Whose people a user administrator manages: one creditor's (creditor admin) or everyone (agency admin). */
export type UserAdminScope = { kind: "creditor"; creditorId: string } | { kind: "agency" };

export type NewUser = { email: string; name: string; role: Role; creditorId?: string | null; password?: string };

/** Emails are compared and stored lowercased and trimmed. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  creditorId: users.creditorId,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
};

/** Check that a role and a creditor fit together and that the creditor exists. */
export async function assertRoleFitsCreditor(
  db: Db,
  role: Role,
  creditorId: string | null | undefined,
): Promise<string | null> {
  if (isStaffRole(role)) {
    if (creditorId) throw new AppError("BAD_REQUEST", `${role} is an agency role and belongs to no creditor`);
    return null;
  }
  if (!creditorId) throw new AppError("BAD_REQUEST", `${role} needs the creditor the user belongs to`);
  const [creditor] = await db.select({ id: creditors.id }).from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor) throw notFound("creditor");
  return creditor.id;
}

/** Create a user directly (seeding, tests, invitation acceptance), optionally with a password (audited). */
export async function createUser(db: Db, input: NewUser, actor: Actor) {
  const email = normalizeEmail(input.email);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    throw new AppError("BAD_REQUEST", `"${input.email}" is not an email address`);
  if (!input.name.trim()) throw new AppError("BAD_REQUEST", "name is required");
  const problems = input.password === undefined ? [] : passwordProblems(input.password);
  if (problems.length) throw new AppError("BAD_REQUEST", `password: ${problems.join("; ")}`);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const creditorId = await assertRoleFitsCreditor(tx, input.role, input.creditorId);
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) throw new AppError("CONFLICT", `a user with email ${email} already exists`);
    const [user] = await tx
      .insert(users)
      .values({ email, name: input.name.trim(), role: input.role, creditorId, passwordHash })
      .returning(publicColumns);
    await recordAudit(tx, {
      actor,
      action: "user.created",
      category: "auth",
      creditorId,
      targetType: "user",
      targetId: user!.id,
      details: { email, role: input.role },
    });
    return user!;
  });
}

/** The people a user administrator may see: their creditor's, or everyone's for agency admins. */
export async function listUsers(db: Db, scope: UserAdminScope) {
  const where = scope.kind === "creditor" ? eq(users.creditorId, scope.creditorId) : undefined;
  return db.select(publicColumns).from(users).where(where).orderBy(asc(users.email));
}

/**
 * Change someone's role within their side of the house: creditor roles stay creditor roles, staff
 * roles stay staff roles. Nobody changes their own role, and a creditor always keeps an admin.
 */
export async function changeUserRole(
  db: Db,
  scope: UserAdminScope,
  input: { userId: string; role: Role },
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const inScope = scope.kind === "creditor" ? eq(users.creditorId, scope.creditorId) : undefined;
    const [user] = await tx
      .select(publicColumns)
      .from(users)
      .where(and(eq(users.id, input.userId), inScope))
      .for("update");
    if (!user) throw notFound("user");
    if (actor.type === "user" && actor.id === user.id)
      throw new AppError("FORBIDDEN", "you cannot change your own role; ask another administrator");
    if (isCreditorRole(user.role) !== isCreditorRole(input.role)) {
      throw new AppError(
        "BAD_REQUEST",
        `${user.role} cannot become ${input.role}: creditor and agency roles do not mix; invite a new user instead`,
      );
    }
    if (user.role === input.role) return user;
    if (user.role === "creditor_admin" && user.creditorId) {
      const others = await tx
        .select({ id: users.id })
        .from(users)
        .where(
          and(
            eq(users.creditorId, user.creditorId),
            eq(users.role, "creditor_admin"),
            ne(users.id, user.id),
            isNull(users.disabledAt),
          ),
        )
        .limit(1);
      if (!others.length)
        throw new AppError("BAD_REQUEST", "this is the creditor's last admin; make someone else admin first");
    }
    const [updated] = await tx
      .update(users)
      .set({ role: input.role })
      .where(eq(users.id, user.id))
      .returning(publicColumns);
    await recordAudit(tx, {
      actor,
      action: "user.role_changed",
      category: "auth",
      creditorId: user.creditorId,
      targetType: "user",
      targetId: user.id,
      details: { from: user.role, to: input.role },
    });
    return updated!;
  });
}

/** The current, authoritative identity behind a session: null when the user is gone or disabled. */
export async function sessionUserById(db: Db, userId: string): Promise<SessionUser | null> {
  const [user] = await db
    .select({ id: users.id, role: users.role, creditorId: users.creditorId, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || user.disabledAt) return null;
  return { id: user.id, role: user.role, creditorId: user.creditorId };
}

/** A signed-in person's own profile, with their creditor's name (null for agency staff). */
export async function userProfile(db: Db, userId: string) {
  const [row] = await db
    .select({ ...publicColumns, creditorName: creditors.name })
    .from(users)
    .leftJoin(creditors, eq(creditors.id, users.creditorId))
    .where(eq(users.id, userId));
  if (!row) throw notFound("user");
  return row;
}
