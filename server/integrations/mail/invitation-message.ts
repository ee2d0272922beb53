import type { Role } from "@/server/auth/roles";

/** Everything an invitation mail says: who invited whom, into what, as what, and until when. */
export type InvitationMailInput = {
  recipient: { name: string; email: string };
  inviterName: string;
  /** The creditor whose portal they join, or null for agency staff (the back-office). */
  creditorName: string | null;
  role: Role;
  link: string;
  expiresAt: Date;
  /** The email already has an account: the mail says so and how to sign in, and carries no link. */
  hasAccount?: boolean;
};

const ROLE_LABELS: Record<Role, string> = {
  creditor_admin: "an administrator (people, API keys and everything members see)",
  creditor_member: "a member (placements, remittances and statements)",
  operator: "an operator (the exception queue)",
  finance: "finance (statements, disbursements and the ledger)",
  admin: "an agency administrator",
};

const EXPIRY_FORMAT = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", dateStyle: "full", timeStyle: "short" });

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Plain-text and HTML bodies of an invitation mail; every interpolated value is escaped in the HTML. */
export function invitationMail(m: InvitationMailInput) {
  const place = m.creditorName ? `${m.creditorName} on Clearbook` : "the agency's back-office on Clearbook";
  if (m.hasAccount) return accountExistsMail(m, place);
  const expires = `${EXPIRY_FORMAT.format(m.expiresAt)} UTC`;
  const role = ROLE_LABELS[m.role];
  // Names come from people: never let one carry a line break into a mail header.
  const subject = `${m.inviterName} invited you to ${place}`.replace(/\s+/g, " ");
  const text = [
    `Hello ${m.recipient.name},`,
    "",
    `${m.inviterName} invited you to ${place} as ${role}.`,
    "",
    "Set your password with this link (it works once):",
    m.link,
    "",
    `The link expires on ${expires}. After that, ask ${m.inviterName} for a new invitation.`,
    "If you were not expecting this, ignore this email: no account exists until you set a password.",
    "",
    "Clearbook",
  ].join("\n");
  const e = escapeHtml;
  const html = `<!doctype html>
<html><body style="font-family: system-ui, sans-serif; font-size: 15px; line-height: 1.5; color: #111">
<p>Hello ${e(m.recipient.name)},</p>
<p><strong>${e(m.inviterName)}</strong> invited you to <strong>${e(place)}</strong> as ${e(role)}.</p>
<p><a href="${e(m.link)}" style="display: inline-block; padding: 8px 16px; background: #111; color: #fff; border-radius: 6px; text-decoration: none">Set your password</a></p>
<p style="font-size: 13px; color: #555">Or paste this link into your browser (it works once):<br>${e(m.link)}</p>
<p style="font-size: 13px; color: #555">The link expires on ${e(expires)}. After that, ask ${e(m.inviterName)} for a new invitation.
If you were not expecting this, ignore this email: no account exists until you set a password.</p>
</body></html>`;
  return { to: { name: m.recipient.name, address: m.recipient.email }, subject, text, html };
}

/** To an email that already has an account: no link (one email holds one account), how to go on instead. */
function accountExistsMail(m: InvitationMailInput, place: string) {
  const signIn = new URL("/sign-in", m.link).toString();
  const subject = `${m.inviterName} invited you to ${place}`.replace(/\s+/g, " ");
  const lines = [
    `Hello ${m.recipient.name},`,
    "",
    `${m.inviterName} invited you to ${place}, but this email address already has a Clearbook account.`,
    "One email address holds one account, so there is no new password to set.",
    "",
    `Sign in with your password at ${signIn}`,
    `If you meant to join ${place} as a separate account, ask ${m.inviterName} to invite another email address.`,
    "If you were not expecting this, ignore this email: nothing changed on your account.",
    "",
    "Clearbook",
  ];
  const e = escapeHtml;
  const html = `<!doctype html>
<html><body style="font-family: system-ui, sans-serif; font-size: 15px; line-height: 1.5; color: #111">
${lines
  .filter(Boolean)
  .map((l) => `<p>${e(l)}</p>`)
  .join("\n")}
</body></html>`;
  return { to: { name: m.recipient.name, address: m.recipient.email }, subject, text: lines.join("\n"), html };
}
