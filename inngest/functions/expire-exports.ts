import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { onRequest } from "@/inngest/events";
import { type JobDeps, exportFilesFor } from "@/server/jobs/deps";
import { trackRun } from "@/server/jobs/runs";
import { SCHEDULES } from "@/server/jobs/schedules";
import { expireExports } from "@/server/services/exports/render";

/** Daily: delete export files past their retention; the exports stay in the history as expired. */
export const createExpireExports = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "expire-exports",
      name: "Exports retention",
      triggers: [cron(SCHEDULES.exportsRetention), onRequest("exportsRetention")],
      concurrency: { limit: 1 },
    },
    async ({ step }) =>
      step.run("delete-expired-files", () =>
        trackRun("exportsRetention", "inngest", async () => expireExports(await deps.db(), exportFilesFor(deps))),
      ),
  );
