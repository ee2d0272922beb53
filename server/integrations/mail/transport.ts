import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/server/env";

/** One outgoing mail: plain text for every client, simple HTML for those that show it. */
export type OutgoingMail = { to: { name: string; address: string }; subject: string; text: string; html: string };

// An inviter waits on the send inside their request: fail in seconds, not nodemailer's minutes.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl, TIMEOUTS);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** MAIL_FROM, or no-reply at APP_URL's host (localhost in development). */
export function mailFrom(): string {
  const e = env();
  if (e.MAIL_FROM) return e.MAIL_FROM;
  const host = e.APP_URL ? new URL(e.APP_URL).hostname : "localhost";
  return `Clearbook <no-reply@${host}>`;
}

/** True when SMTP_URL is set, i.e. mail is really sent rather than written to the server log. */
export const isMailConfigured = (): boolean => Boolean(env().SMTP_URL);

/**
 * Send one mail through SMTP_URL. Resolves once the server accepted it for every recipient;
 * rejects with the server's answer (refused recipient, bad credentials, unreachable host).
 */
export async function sendMail(mail: OutgoingMail): Promise<{ messageId: string }> {
  const url = env().SMTP_URL;
  if (!url) throw new Error("SMTP_URL is not set: no mail server to send through");
  const info = await transportFor(url).sendMail({
    from: mailFrom(),
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
  });
  if (info.rejected.length) throw new Error(`the mail server refused ${info.rejected.map(String).join(", ")}`);
  return { messageId: info.messageId };
}
