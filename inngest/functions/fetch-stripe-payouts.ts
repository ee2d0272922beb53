import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { onRequest } from "@/inngest/events";
import { type JobDeps, stripeFor } from "@/server/jobs/deps";
import { trackRun } from "@/server/jobs/runs";
import { SCHEDULES } from "@/server/jobs/schedules";
import { drainPayoutFetches } from "@/server/services/payouts/payouts";

/** Every minute: list the balance transactions of newly paid Stripe payouts and link their payments. */
export const createFetchStripePayouts = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "fetch-stripe-payouts",
      name: "Stripe payouts",
      triggers: [cron(SCHEDULES.stripePayouts), onRequest("stripePayouts")],
      concurrency: { limit: 1 },
    },
    async ({ step }) =>
      step.run("drain-outbox", () =>
        trackRun("stripePayouts", "inngest", async () => drainPayoutFetches(await deps.db(), stripeFor(deps))),
      ),
  );
