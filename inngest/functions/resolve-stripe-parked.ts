import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { onRequest } from "@/inngest/events";
import { type JobDeps, stripeSourceFor } from "@/server/jobs/deps";
import { trackRun } from "@/server/jobs/runs";
import { SCHEDULES } from "@/server/jobs/schedules";
import { resolveStaleParked } from "@/server/services/stripe-events/parked";

/**
 * Every five minutes: refunds and disputes parked for over 15 minutes waiting for their payment
 * get that payment looked up at Stripe (skipped, and reported so, without STRIPE_SECRET_KEY).
 */
export const createResolveStripeParked = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "resolve-stripe-parked",
      name: "Stripe parked events",
      triggers: [cron(SCHEDULES.stripeParked), onRequest("stripeParked")],
      concurrency: { limit: 1 },
    },
    async ({ step }) =>
      step.run("look-up-payments", () =>
        trackRun("stripeParked", "inngest", async () => resolveStaleParked(await deps.db(), stripeSourceFor(deps))),
      ),
  );
