import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { jobsStatus } from "@/server/jobs/status";
import { requestJob } from "@/server/jobs/notify";
import { JOB_IDS } from "@/server/jobs/schedules";
import { recordAudit } from "@/server/services/audit/record";
import { requestWritebackRetry } from "@/server/services/qbo/writeback";
import { staffProcedure } from "@/server/trpc/init";

/** Background jobs, for agency staff: which executor runs them, their schedules and last runs. */
export const jobsRouter = {
  /** Active mode (Inngest or in-process), schedules, recent runs in this server, and the work waiting. */
  status: staffProcedure().query(({ ctx }) => jobsStatus(ctx.db)),

  /** Run a scheduled job now (it also runs on its schedule). */
  runNow: staffProcedure("admin", "operator")
    .input(z.object({ job: z.enum(JOB_IDS) }))
    .mutation(async ({ ctx, input }) => {
      await recordAudit(ctx.db, {
        actor: ctx.actor,
        action: "jobs.run_requested",
        category: "general",
        details: { job: input.job },
      });
      return { job: input.job, outcome: await requestJob({ job: input.job, requestedBy: ctx.actor.id }) };
    }),

  /** Retry any creditor's failed writeback (operators working a writeback_failed item). */
  retryWriteback: staffProcedure("admin", "operator")
    .input(z.object({ mappingId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const r = await requestWritebackRetry(ctx.db, { mappingId: input.mappingId }, ctx.actor);
      if (r.queued) await requestJob({ job: "qboWritebacks", requestedBy: ctx.actor.id, creditorId: r.creditorId });
      return { mappingId: r.mappingId, status: r.status, queued: r.queued };
    }),
} satisfies TRPCRouterRecord;
