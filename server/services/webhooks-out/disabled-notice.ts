import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { isMailConfigured, sendMail, type OutgoingMail } from "@/server/integrations/mail/transport";
import { claimDueEffects, completeEffect, failEffect } from "../outbox/outbox";

type Notice = { endpointId: string; creditorId: string; url: string; reason: string };
export type SendMail = (mail: OutgoingMail) => Promise<unknown>;

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function noticeMail(to: { name: string; address: string }, n: Notice): OutgoingMail {
  const lines = [
    `Hello ${to.name},`,
    "",
    `We stopped sending webhooks to ${n.url}: ${n.reason}.`,
    "",
    "Deliveries since then are kept. Fix the endpoint, enable it again under Settings → Webhooks, and replay the failed deliveries from its delivery log.",
  ];
  return {
    to,
    subject: "Clearbook disabled one of your webhook endpoints",
    text: lines.join("\n"),
    html: lines.map((l) => (l ? `<p>${escape(l)}</p>` : "")).join(""),
  };
}

/**
 * Email a creditor's admins that an endpoint was disabled (`mail.webhook-disabled` outbox rows).
 * Without SMTP_URL the notice goes to the server log, as invitations do. A failed send retries.
 */
export async function sendDisabledNotices(db: Db, opts: { now?: Date; send?: SendMail } = {}) {
  const now = opts.now ?? new Date();
  const send: SendMail =
    opts.send ??
    (isMailConfigured()
      ? sendMail
      : async (m) => console.info(`[webhooks] mail to ${m.to.address}: ${m.subject}\n${m.text}`));
  const out = { notices: 0, mails: 0, failed: 0 };
  for (const row of await claimDueEffects(db, "mail.webhook-disabled", 20, now)) {
    const n = row.payload as Notice;
    try {
      const admins = await db
        .select({ name: users.name, address: users.email })
        .from(users)
        .where(and(eq(users.creditorId, n.creditorId), eq(users.role, "creditor_admin"), isNull(users.disabledAt)));
      for (const a of admins) await send(noticeMail(a, n));
      await completeEffect(db, row.id, now);
      out.notices++;
      out.mails += admins.length;
    } catch (err) {
      out.failed++;
      await failEffect(db, row.id, err instanceof Error ? err.message : String(err), row.attempts, now);
    }
  }
  return out;
}
