import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, invitations } from "@/db/schema";
import { AppError, notFound } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { invitationColumns } from "./invitations";
import { keyset, type PageRequest, type SortKey } from "@/server/lib/list-cursor";
import type { UserAdminScope } from "./users";

/** Where an invitation stands for the people who manage them. */
export type InvitationStatus = "pending" | "accepted" | "expired" | "revoked";

type Timestamps = { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date };

/** Accepted and revoked are final; otherwise the link works until it expires. */
export function invitationStatus(row: Timestamps, now: Date): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= now ? "expired" : "pending";
}

const CREATED_KEY: SortKey = { column: invitations.createdAt, kind: "timestamp" };

const inScope = (scope: UserAdminScope) =>
  scope.kind === "creditor" ? eq(invitations.creditorId, scope.creditorId) : undefined;

/**
 * Every invitation a user administrator may see (their creditor's, or all for an agency admin),
 * newest first, one keyset page at a time, each with its status and who sent it.
 */
export async function listInvitations(db: Db, scope: UserAdminScope, params: PageRequest, now = new Date()) {
  const ks = keyset("createdAt", CREATED_KEY, invitations.id, "desc", params);
  const rows = await db
    .select({
      ...invitationColumns,
      creditorName: creditors.name,
      invitedByName: sql<
        string | null
      >`(select u.name from users u where ${invitations.invitedBy} = 'user:' || u.id::text)`,
      sortValue: ks.sortValue,
    })
    .from(invitations)
    .leftJoin(creditors, eq(creditors.id, invitations.creditorId))
    .where(and(inScope(scope), ks.after))
    .orderBy(...ks.orderBy)
    .limit(ks.fetch);
  const page = ks.page(rows);
  return { ...page, items: page.items.map((row) => ({ ...row, status: invitationStatus(row, now) })) };
}

/**
 * Withdraw a pending invitation (audited): its one-time link stops working at once. Another
 * creditor's invitation is NOT_FOUND; revoking twice answers the revoked invitation; an accepted
 * or expired one cannot be revoked (there is no working link left to stop).
 */
export async function revokeInvitation(
  db: Db,
  scope: UserAdminScope,
  invitationId: string,
  actor: Actor,
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select(invitationColumns)
      .from(invitations)
      .where(and(eq(invitations.id, invitationId), inScope(scope)))
      .for("update");
    if (!row) throw notFound("invitation");
    const status = invitationStatus(row, now);
    if (status === "revoked") return { ...row, status };
    if (status === "accepted")
      throw new AppError(
        "CONFLICT",
        `${row.email} already accepted this invitation: change their role or disable their account instead`,
      );
    if (status === "expired")
      throw new AppError("CONFLICT", `this invitation to ${row.email} has already expired: its link no longer works`);
    const [revoked] = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(eq(invitations.id, row.id))
      .returning(invitationColumns);
    await recordAudit(tx, {
      actor,
      action: "invitation.revoked",
      category: "auth",
      creditorId: row.creditorId,
      targetType: "invitation",
      targetId: row.id,
      details: { email: row.email, role: row.role },
    });
    return { ...revoked!, status: invitationStatus(revoked!, now) };
  });
}
