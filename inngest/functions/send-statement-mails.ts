import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { onRequest } from "@/inngest/events";
import type { JobDeps } from "@/server/jobs/deps";
import { trackRun } from "@/server/jobs/runs";
import { SCHEDULES } from "@/server/jobs/schedules";
import { drainStatementMails } from "@/server/services/statements/mail";

/** Every minute: mail creditor admins about statements just issued (outbox rows, each sent at most once). */
export const createSendStatementMails = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "send-statement-mails",
      name: "Statement mails",
      triggers: [cron(SCHEDULES.statementMail), onRequest("statementMail")],
      concurrency: { limit: 1 },
    },
    async ({ step }) =>
      step.run("drain-outbox", () =>
        trackRun("statementMail", "inngest", async () => drainStatementMails(await deps.db())),
      ),
  );
