import { eventType, staticSchema } from "inngest";
import type { JobId } from "@/server/jobs/schedules";

/** Typed events. Data carries ids only; functions read the rest from the database. */

/** Post or retry one creditor's due QuickBooks writebacks (fanned out by the writeback tick). */
export const qboWritebackRequested = eventType("qbo/writeback.requested", {
  schema: staticSchema<{ creditorId: string }>(),
});

/** QuickBooks change notifications were stored for these companies: catch up now, not at the next tick. */
export const qboWebhookReceived = eventType("qbo/webhook.received", { schema: staticSchema<{ realmIds: string[] }>() });

/** A person asked for a scheduled job to run now (back-office jobs panel). */
export const jobRunRequested = eventType("clearbook/job.run-requested", {
  schema: staticSchema<{ job: JobId; requestedBy: string }>(),
});

/** The trigger that lets a cron function also run on request. */
export const onRequest = (job: JobId) => ({ event: jobRunRequested, if: `event.data.job == '${job}'` });
