import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { onRequest } from "@/inngest/events";
import { type JobDeps, stripeFor } from "@/server/jobs/deps";
import { trackRun } from "@/server/jobs/runs";
import { SCHEDULES } from "@/server/jobs/schedules";
import { openPossibleDuplicates } from "@/server/services/matching/duplicates";
import { drainStripeRefunds } from "@/server/services/matching/refunds";
import { rematchUnmatchedPayments } from "@/server/services/matching/rematch";

/**
 * Every minute: send due `stripe.refund` outbox rows (the row's key is Stripe's idempotency key, so
 * an overlap refunds once), then open `possible_duplicate` items for recent same-debtor,
 * same-amount payments, then look again at unmatched payments if placements were placed since
 * their last look (services/matching/rematch.ts). One run at a time.
 */
export const createKeepPaymentMatching = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "keep-payment-matching",
      name: "Payment matching upkeep",
      triggers: [cron(SCHEDULES.paymentMatching), onRequest("paymentMatching")],
      concurrency: { limit: 1 },
    },
    async ({ step }) => {
      const refunds = await step.run("send-refunds", () =>
        trackRun("paymentMatching", "inngest", async () => drainStripeRefunds(await deps.db(), stripeFor(deps))),
      );
      const duplicates = await step.run("open-duplicates", async () => openPossibleDuplicates(await deps.db()));
      const rematched = await step.run("rematch-payments", async () => rematchUnmatchedPayments(await deps.db()));
      return { refunds, duplicates, rematched };
    },
  );
