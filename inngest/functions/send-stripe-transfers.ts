import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { onRequest } from "@/inngest/events";
import { type JobDeps, stripeFor } from "@/server/jobs/deps";
import { trackRun } from "@/server/jobs/runs";
import { SCHEDULES } from "@/server/jobs/schedules";
import { drainStripeTransfers } from "@/server/services/disbursements/stripe-transfers";

/**
 * Every minute: send due `stripe.transfer` outbox rows. One run at a time; the outbox lease and the
 * idempotency key (the row's key) keep a transfer single even if two runs overlapped. A failed
 * transfer is recorded on its row and retried with backoff, so the step itself rarely throws.
 */
export const createSendStripeTransfers = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "send-stripe-transfers",
      name: "Stripe transfers",
      triggers: [cron(SCHEDULES.stripeTransfers), onRequest("stripeTransfers")],
      concurrency: { limit: 1 },
    },
    async ({ step }) =>
      step.run("drain-outbox", () =>
        trackRun("stripeTransfers", "inngest", async () => drainStripeTransfers(await deps.db(), stripeFor(deps))),
      ),
  );
