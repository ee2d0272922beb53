import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { onRequest } from "@/inngest/events";
import type { JobDeps } from "@/server/jobs/deps";
import { trackRun } from "@/server/jobs/runs";
import { SCHEDULES } from "@/server/jobs/schedules";
import { pruneSignInAttempts } from "@/server/services/identity/sign-in-attempts";

/** Daily: sign-in attempts past their retention are deleted (the throttle reads only the last 15 minutes). */
export const createPruneSignInAttempts = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "prune-sign-in-attempts",
      name: "Sign-in attempts pruning",
      triggers: [cron(SCHEDULES.signInPrune), onRequest("signInPrune")],
      concurrency: { limit: 1 },
    },
    async ({ step }) =>
      step.run("delete-old-attempts", () =>
        trackRun("signInPrune", "inngest", async () => pruneSignInAttempts(await deps.db())),
      ),
  );
