import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { statements, users } from "@/db/schema";
import { env } from "@/server/env";
import { periodLabel } from "@/server/domain/statement-period";
import { statementIssuedMail } from "@/server/integrations/mail/statement-message";
import { isMailConfigured, sendMail, type OutgoingMail } from "@/server/integrations/mail/transport";
import { abandonEffect, claimDueEffects, completeEffect, failEffect } from "../outbox/outbox";

/** How a mail left: through SMTP, or written to the server log when no SMTP_URL is set. */
export type DeliverMail = (mail: OutgoingMail) => Promise<"email" | "log">;

const deliverByDefault: DeliverMail = async (mail) => {
  if (isMailConfigured()) {
    await sendMail(mail);
    return "email";
  }
  console.info(`[statement mail] to ${mail.to.address}: ${mail.subject}`);
  return "log";
};

const payloadSchema = z.object({ statementId: z.uuid(), userId: z.uuid() });

export type StatementMailSummary = { claimed: number; email: number; log: number; failed: number; abandoned: number };

/**
 * The worker of the `mail.statement_issued` outbox topic, queued in the transaction that issues a
 * statement (one row per creditor admin, key `statement-issued:<statementId>:<userId>`): the
 * mail goes out at most once per row; a failed send is retried with the outbox's backoff.
 */
export async function drainStatementMails(
  db: Db,
  p: { now?: Date; limit?: number; deliver?: DeliverMail } = {},
): Promise<StatementMailSummary> {
  const now = p.now ?? new Date();
  const deliver = p.deliver ?? deliverByDefault;
  const out: StatementMailSummary = { claimed: 0, email: 0, log: 0, failed: 0, abandoned: 0 };
  const rows = await claimDueEffects(db, "mail.statement_issued", p.limit ?? 50, now);
  out.claimed = rows.length;
  for (const row of rows) {
    const parsed = payloadSchema.safeParse(row.payload);
    const [statement] = parsed.success
      ? await db.select().from(statements).where(eq(statements.id, parsed.data.statementId))
      : [];
    const [user] = parsed.success ? await db.select().from(users).where(eq(users.id, parsed.data.userId)) : [];
    if (!statement || !user || user.disabledAt || user.creditorId !== statement.creditorId) {
      await abandonEffect(db, row.id, "the statement or its recipient is gone, disabled or of another creditor", now);
      out.abandoned++;
      continue;
    }
    const base = env().APP_URL ?? `http://localhost:${env().PORT}`;
    try {
      const channel = await deliver(
        statementIssuedMail({
          recipient: { name: user.name, email: user.email },
          creditorName: statement.creditorName,
          number: statement.number,
          version: statement.version,
          periodLabel: periodLabel(statement.period),
          reason: statement.reason,
          link: new URL(`/statements/${statement.id}`, base).toString(),
        }),
      );
      await completeEffect(db, row.id, now);
      out[channel]++;
    } catch (err) {
      await failEffect(db, row.id, err instanceof Error ? err.message : String(err), row.attempts, now);
      out.failed++;
    }
  }
  return out;
}
