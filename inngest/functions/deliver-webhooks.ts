import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { onRequest } from "@/inngest/events";
import { type JobDeps, webhooksFor } from "@/server/jobs/deps";
import { trackRun } from "@/server/jobs/runs";
import { SCHEDULES } from "@/server/jobs/schedules";
import { runWebhookDeliveries } from "@/server/services/webhooks-out/run";

/**
 * Every minute: outbound webhook events requested in the outbox become deliveries, due deliveries
 * are sent (signed, SSRF-guarded, 10 s timeout) and retried with backoff for three days. Leases on
 * the outbox and the deliveries keep each attempt single if runs overlap.
 */
export const createDeliverWebhooks = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "deliver-webhooks",
      name: "Outbound webhooks",
      triggers: [cron(SCHEDULES.webhookDeliveries), onRequest("webhookDeliveries")],
      concurrency: { limit: 1 },
    },
    async ({ step }) =>
      step.run("deliver-due-webhooks", () =>
        trackRun("webhookDeliveries", "inngest", async () => runWebhookDeliveries(await deps.db(), webhooksFor(deps))),
      ),
  );
