import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { onRequest } from "@/inngest/events";
import type { JobDeps } from "@/server/jobs/deps";
import { trackRun } from "@/server/jobs/runs";
import { SCHEDULES } from "@/server/jobs/schedules";
import { deleteExpiredFiles } from "@/server/services/files/retention";

/** Hourly: stored files past their expiry (exports) and abandoned writes are deleted, and their content removed. */
export const createPruneExpiredFiles = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "prune-expired-files",
      name: "Stored files retention",
      triggers: [cron(SCHEDULES.filesPrune), onRequest("filesPrune")],
      concurrency: { limit: 1 },
    },
    async ({ step }) =>
      step.run("delete-expired-files", () =>
        trackRun("filesPrune", "inngest", async () => deleteExpiredFiles(await deps.db())),
      ),
  );
