import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { onRequest } from "@/inngest/events";
import type { JobDeps } from "@/server/jobs/deps";
import { trackRun } from "@/server/jobs/runs";
import { SCHEDULES } from "@/server/jobs/schedules";
import { runJournalEntryTick } from "@/server/services/qbo/journal-entries";

/** Every minute: turn `qbo.journal-entry` outbox rows into mappings and post due JournalEntries. */
export const createPostQboJournalEntries = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "post-qbo-journal-entries",
      name: "QuickBooks journal entries",
      triggers: [cron(SCHEDULES.qboJournalEntries), onRequest("qboJournalEntries")],
      concurrency: { limit: 1 },
    },
    async ({ step }) =>
      step.run("post-due", () =>
        trackRun("qboJournalEntries", "inngest", async () => runJournalEntryTick(await deps.db(), deps.qbo)),
      ),
  );
