import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { onRequest } from "@/inngest/events";
import { env } from "@/server/env";
import { type JobDeps, exportFilesFor } from "@/server/jobs/deps";
import { trackRun } from "@/server/jobs/runs";
import { SCHEDULES } from "@/server/jobs/schedules";
import { runExportJobs } from "@/server/services/exports/render";

/**
 * Render requested exports: every minute, and at once when an export is requested (the request
 * nudges this function). The outbox lease keeps one render per export even if two runs overlap;
 * a render renews its lease as it goes, and a killed one is picked up again when the lease lapses.
 */
export const createRenderExports = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "render-exports",
      name: "Exports",
      triggers: [cron(SCHEDULES.exports), onRequest("exports")],
      concurrency: { limit: 2 },
    },
    async ({ step }) =>
      step.run("render-due-exports", () =>
        trackRun("exports", "inngest", async () =>
          runExportJobs(await deps.db(), exportFilesFor(deps), { retentionDays: env().EXPORT_RETENTION_DAYS }),
        ),
      ),
  );
