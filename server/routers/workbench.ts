import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { requestJob } from "@/server/jobs/notify";
import { REVERSAL_DECISIONS } from "@/server/domain/settlements";
import { staffProcedure } from "@/server/trpc/init";
import { confirmDirectPayment, previewDirectPayment } from "@/server/services/work-items/direct-payments";
import { retryFromWorkItem } from "@/server/services/work-items/retry";
import { workbenchScorecard } from "@/server/services/queries/scorecard";
import {
  approveReversalDecision,
  decideReversal,
  previewReversalDecision,
} from "@/server/services/work-items/reversal-decisions";

const itemRef = { workItemId: z.uuid(), expectedVersion: z.number().int().min(1) };
const note = z.string().trim().max(2000).optional();

/** The workbench's decisions with a money effect: reversal decisions (four-eyes), direct payments, retries. Staff only. */
export const workbenchRouter = {
  /** What a reversal decision would write and whether it needs a second person. Writes nothing. */
  previewReversal: staffProcedure()
    .input(z.object({ workItemId: z.uuid(), decision: z.enum(REVERSAL_DECISIONS) }))
    .query(({ ctx, input }) => previewReversalDecision(ctx.db, input)),

  /** Take a reversal decision: applied at once, or proposed for approval under the four-eyes rule. */
  decideReversal: staffProcedure()
    .input(z.object({ ...itemRef, decision: z.enum(REVERSAL_DECISIONS), note }))
    .mutation(({ ctx, input }) => decideReversal(ctx.db, input, ctx.actor)),

  /** Approve a proposed reversal decision (finance or admin, never the proposer) and apply it. */
  approveReversal: staffProcedure()
    .input(z.object(itemRef))
    .mutation(({ ctx, input }) => approveReversalDecision(ctx.db, input, ctx.actor)),

  /** What confirming a direct payment would write (document, fee owed, balance after). Writes nothing. */
  previewDirectPayment: staffProcedure()
    .input(z.object({ workItemId: z.uuid() }))
    .query(({ ctx, input }) => previewDirectPayment(ctx.db, input)),

  /** Record a direct payment the creditor confirmed. */
  confirmDirectPayment: staffProcedure()
    .input(z.object({ ...itemRef, note }))
    .mutation(({ ctx, input }) => confirmDirectPayment(ctx.db, input, ctx.actor)),

  /** Retry what failed behind the item (QuickBooks writeback or journal entry, Stripe event). */
  retry: staffProcedure()
    .input(z.object({ workItemId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const r = await retryFromWorkItem(ctx.db, input, ctx.actor);
      if (r.job) await requestJob({ job: r.job, requestedBy: ctx.actor.id, creditorId: r.creditorId ?? undefined });
      return { kind: r.kind, status: r.status, queued: r.job !== null };
    }),

  /** The scorecard: auto-match rate, opened/closed per week, open by age and kind, time to resolve, reopens, adjustments, approvals pending. */
  scorecard: staffProcedure().query(({ ctx }) => workbenchScorecard(ctx.db)),
} satisfies TRPCRouterRecord;
