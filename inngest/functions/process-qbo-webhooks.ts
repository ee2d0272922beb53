import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { onRequest, qboWebhookReceived } from "@/inngest/events";
import type { JobDeps } from "@/server/jobs/deps";
import { trackRun } from "@/server/jobs/runs";
import { SCHEDULES } from "@/server/jobs/schedules";
import { processQboWebhookEvents } from "@/server/services/qbo/webhooks";

/** Stored QuickBooks notifications → CDC catch-up per company. On receipt, and every minute as a safety net. */
export const createProcessQboWebhooks = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "process-qbo-webhooks",
      name: "QuickBooks webhooks",
      triggers: [{ event: qboWebhookReceived }, cron(SCHEDULES.qboWebhooks), onRequest("qboWebhooks")],
      concurrency: { limit: 1 },
    },
    async ({ step }) =>
      step.run("process-stored-events", () =>
        trackRun("qboWebhooks", "inngest", async () => processQboWebhookEvents(await deps.db(), {}, deps.qbo)),
      ),
  );
