import { env } from "@/server/env";
import { invitationMail, type InvitationMailInput } from "@/server/integrations/mail/invitation-message";
import { isMailConfigured, sendMail } from "@/server/integrations/mail/transport";

export type InvitationMessage = InvitationMailInput;
/** How a link reached its recipient: by mail, or printed to the server log (no SMTP_URL). */
export type InvitationChannel = "email" | "log";
/** Hands an invitation link to its recipient; rejects when it could not. Tests pass their own to capture the link. */
export type DeliverInvitation = (message: InvitationMessage) => Promise<InvitationChannel>;

/** Where invitation links point: APP_URL, or the local dev server. */
export function acceptInviteUrl(token: string): string {
  const base = env().APP_URL ?? `http://localhost:${env().PORT}`;
  return new URL(`/accept-invite?token=${encodeURIComponent(token)}`, base).toString();
}

/** The demo delivery (no SMTP_URL): the link goes to the server log for whoever runs the app. */
export const deliverInvitationToLog: DeliverInvitation = async (m) => {
  if (m.hasAccount) {
    console.info(
      `[invitation] ${m.recipient.name} <${m.recipient.email}> already has an account: told to sign in (no link)`,
    );
    return "log";
  }
  console.info(
    `[invitation] ${m.recipient.name} <${m.recipient.email}> can set a password at ${m.link} (expires ${m.expiresAt.toISOString()})`,
  );
  return "log";
};

/** Mail through SMTP_URL (plain text + HTML); rejects with the server's answer when the send fails. */
export const deliverInvitationByMail: DeliverInvitation = async (m) => {
  await sendMail(invitationMail(m));
  return "email";
};

/** Mail when SMTP_URL is configured, otherwise the server log. */
export const deliverInvitation: DeliverInvitation = (m) =>
  isMailConfigured() ? deliverInvitationByMail(m) : deliverInvitationToLog(m);
