import { inngest } from "@/inngest/client";
import { qboWritebackRequested } from "@/inngest/events";
import type { JobDeps } from "@/server/jobs/deps";
import { postDueWritebacks } from "@/server/services/qbo/writeback-post";

/**
 * Post one creditor's due writebacks. One run per creditor at a time (its QuickBooks company has
 * its own limits; the client's limiter keeps each call inside them). A failure inside is recorded on
 * the mapping and retried by the tick with backoff, so the function itself rarely fails.
 */
export const createWriteBackPayments = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "write-back-payments",
      name: "QuickBooks writeback (one creditor)",
      triggers: [{ event: qboWritebackRequested }],
      concurrency: { limit: 1, key: "event.data.creditorId" },
      retries: 3,
    },
    async ({ event, step }) =>
      step.run("post-due-writebacks", async () =>
        postDueWritebacks(await deps.db(), { creditorId: event.data.creditorId }, deps.qbo),
      ),
  );
