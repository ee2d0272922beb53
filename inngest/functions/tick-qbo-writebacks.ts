import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { onRequest, qboWritebackRequested } from "@/inngest/events";
import type { JobDeps } from "@/server/jobs/deps";
import { trackRun } from "@/server/jobs/runs";
import { SCHEDULES } from "@/server/jobs/schedules";
import { acceptQboEffects } from "@/server/services/qbo/writeback";
import { creditorsWithDueWritebacks } from "@/server/services/qbo/sync-log";

/** Every minute: outbox rows → writeback mappings, then one `qbo/writeback.requested` per creditor with due work. */
export const createTickQboWritebacks = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "tick-qbo-writebacks",
      name: "QuickBooks writeback tick",
      triggers: [cron(SCHEDULES.qboWritebacks), onRequest("qboWritebacks")],
      concurrency: { limit: 1 },
    },
    async ({ step }) => {
      const accepted = await step.run("accept-outbox", () =>
        trackRun("qboWritebacks", "inngest", async () => acceptQboEffects(await deps.db())),
      );
      const creditorIds = await step.run("find-due-creditors", async () => creditorsWithDueWritebacks(await deps.db()));
      if (creditorIds.length > 0)
        await step.sendEvent(
          "fan-out",
          creditorIds.map((creditorId) => qboWritebackRequested.create({ creditorId })),
        );
      return { accepted, creditors: creditorIds.length };
    },
  );
