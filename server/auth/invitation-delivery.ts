import { env } from "@/server/env";

export type InvitationMessage = { email: string; name: string; link: string; expiresAt: Date };
/** Hands an invitation link to its recipient. Tests pass their own to capture the link. */
export type DeliverInvitation = (message: InvitationMessage) => Promise<void>;

/** Where invitation links point: APP_URL, or the local dev server. */
export function acceptInviteUrl(token: string): string {
  const base = env().APP_URL ?? `http://localhost:${env().PORT}`;
  return new URL(`/accept-invite?token=${encodeURIComponent(token)}`, base).toString();
}

/**
 * The demo delivery: the link goes to the server log. No mail transport is installed in this
 * build, so with SMTP_URL set we say so plainly instead of pretending an email went out.
 */
export const deliverInvitationToLog: DeliverInvitation = async (m) => {
  console.info(`[invitation] ${m.name} <${m.email}> can set a password at ${m.link} (expires ${m.expiresAt.toISOString()})`);
  if (env().SMTP_URL) console.warn("[invitation] SMTP_URL is set but this build has no mail transport installed: the invitation was NOT emailed; send the link above by hand.");
};
