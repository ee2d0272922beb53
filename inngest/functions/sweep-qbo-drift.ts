import { randomUUID } from "node:crypto";
import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { onRequest } from "@/inngest/events";
import type { JobDeps } from "@/server/jobs/deps";
import { trackRun } from "@/server/jobs/runs";
import { SCHEDULES } from "@/server/jobs/schedules";
import { connectedCreditorIds, sweepCreditor } from "@/server/services/qbo/drift";

/** Hourly: live QuickBooks balances vs ours, one step per company so a failure retries only that company. */
export const createSweepQboDrift = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "sweep-qbo-drift",
      name: "QuickBooks drift sweep",
      triggers: [cron(SCHEDULES.qboDrift), onRequest("qboDrift")],
      concurrency: { limit: 1 },
    },
    async ({ step }) => {
      const runId = await step.run("start", () => randomUUID());
      const creditorIds = await step.run("list-companies", async () => connectedCreditorIds(await deps.db()));
      const results = [];
      for (const creditorId of creditorIds) {
        results.push(
          await step.run(`sweep-${creditorId}`, () =>
            trackRun("qboDrift", "inngest", async () =>
              sweepCreditor(await deps.db(), { creditorId, runId }, deps.qbo),
            ),
          ),
        );
      }
      return {
        runId,
        companies: creditorIds.length,
        drifted: results.reduce((s, r) => s + r.drifted, 0),
        newDrift: results.reduce((s, r) => s + r.newDrift, 0),
      };
    },
  );
