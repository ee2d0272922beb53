import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, users } from "@/db/schema";
import { acceptInviteUrl, deliverInvitation, type DeliverInvitation } from "@/server/auth/invitation-delivery";
import type { Role } from "@/server/auth/roles";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";

/**
 * What became of the link. `failed` carries the link so the inviter can pass it on by hand:
 * the invitation itself is committed and stays valid whatever happened to the mail.
 */
export type InvitationDelivery =
  { status: "emailed" } | { status: "logged" } | { status: "failed"; reason: string; link: string };

type Committed = { id: string; email: string; name: string; role: Role; creditorId: string | null; expiresAt: Date };

async function inviterName(db: Db, actor: Actor): Promise<string> {
  if (actor.type !== "user") return "Clearbook";
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, actor.id));
  return row?.name ?? "Clearbook";
}

/**
 * Send a committed invitation's one-time link (called after its transaction commits, never inside it);
 * to an email that already has an account, a notice saying so instead (`hasAccount`), through the
 * same channel and with the same answer, so the inviter cannot tell the two apart.
 * A failed send is logged and audited (`invitation.email_failed`), and answered, not thrown.
 */
export async function sendInvitationNotice(
  db: Db,
  invitation: Committed,
  token: string,
  actor: Actor,
  deliver: DeliverInvitation = deliverInvitation,
  hasAccount = false,
): Promise<InvitationDelivery> {
  const link = acceptInviteUrl(token);
  // The mail is already decided when this runs: a failing audit write is logged, never thrown.
  const audit = (action: string, details: Record<string, unknown>) =>
    recordAudit(db, {
      actor,
      action,
      category: "auth",
      creditorId: invitation.creditorId,
      targetType: "invitation",
      targetId: invitation.id,
      details: { email: invitation.email, ...details },
    }).catch((err: unknown) =>
      console.error(`[invitation] could not record ${action} for invitation ${invitation.id} in the audit log`, err),
    );
  let channel;
  try {
    const [creditor] = invitation.creditorId
      ? await db.select({ name: creditors.name }).from(creditors).where(eq(creditors.id, invitation.creditorId))
      : [];
    channel = await deliver({
      recipient: { name: invitation.name, email: invitation.email },
      inviterName: await inviterName(db, actor),
      creditorName: creditor?.name ?? null,
      role: invitation.role,
      link,
      expiresAt: invitation.expiresAt,
      ...(hasAccount ? { hasAccount } : {}),
    });
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    console.error(
      `[invitation] the email to ${invitation.email} (invitation ${invitation.id}) failed: ${reason}. The invitation stays valid; the inviter was given the link to pass on.`,
    );
    await audit("invitation.email_failed", { reason });
    return { status: "failed", reason, link };
  }
  if (channel === "log") return { status: "logged" };
  await audit("invitation.emailed", {});
  return { status: "emailed" };
}
