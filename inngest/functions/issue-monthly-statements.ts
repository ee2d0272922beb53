import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { onRequest } from "@/inngest/events";
import type { JobDeps } from "@/server/jobs/deps";
import { trackRun } from "@/server/jobs/runs";
import { SCHEDULES } from "@/server/jobs/schedules";
import { creditorsToState, periodToState, stateCreditorMonth } from "@/server/services/statements/monthly";

/**
 * Early on the 1st (agency time): last month's statement for every creditor, one step per
 * creditor named by (creditor, period, version 1). A step that throws is retried by Inngest on its
 * own; one that already issued is memoised, and the service answers `already_issued` to a rerun.
 */
export const createIssueMonthlyStatements = (deps: JobDeps) =>
  inngest.createFunction(
    {
      id: "issue-monthly-statements",
      name: "Monthly statements",
      triggers: [cron(SCHEDULES.statementsMonthly), onRequest("statementsMonthly")],
      concurrency: { limit: 1 },
      retries: 4,
    },
    async ({ step }) => {
      const period = await step.run("period", () => periodToState(deps.now?.() ?? new Date()));
      const creditorIds = await step.run("list-creditors", async () => creditorsToState(await deps.db(), period));
      const results = [];
      for (const creditorId of creditorIds) {
        results.push(
          await step.run(`statement-${creditorId}-${period}-v1`, () =>
            trackRun("statementsMonthly", "inngest", async () =>
              stateCreditorMonth(await deps.db(), { creditorId, period, now: deps.now?.() }),
            ),
          ),
        );
      }
      const outcomes = results.flatMap((r) => r.issued.map((x) => x.outcome));
      return {
        period,
        creditors: creditorIds.length,
        issued: outcomes.filter((o) => o === "issued").length,
        alreadyIssued: outcomes.filter((o) => o === "already_issued").length,
        tieOutFailed: outcomes.filter((o) => o === "tie_out_failed").length,
      };
    },
  );
