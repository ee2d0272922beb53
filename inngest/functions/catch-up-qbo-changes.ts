import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { onRequest } from "@/inngest/events";
import type { JobDeps } from "@/server/jobs/deps";
import { trackRun } from "@/server/jobs/runs";
import { SCHEDULES } from "@/server/jobs/schedules";
import { catchUpQboChanges } from "@/server/services/qbo/changes";
import { connectedCreditorIds } from "@/server/services/qbo/drift";

/** Daily CDC sweep per company (Intuit's advice beside webhooks): nothing missed if a notification was. */
export const createCatchUpQboChanges = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "catch-up-qbo-changes",
      name: "QuickBooks daily CDC sweep",
      triggers: [cron(SCHEDULES.qboCdc), onRequest("qboCdc")],
      concurrency: { limit: 1 },
    },
    async ({ step }) => {
      const creditorIds = await step.run("list-companies", async () => connectedCreditorIds(await deps.db()));
      let directPayments = 0;
      for (const creditorId of creditorIds) {
        const r = await step.run(`catch-up-${creditorId}`, () =>
          trackRun("qboCdc", "inngest", async () => catchUpQboChanges(await deps.db(), { creditorId }, deps.qbo)),
        );
        directPayments += r.directPayments;
      }
      return { companies: creditorIds.length, directPayments };
    },
  );
