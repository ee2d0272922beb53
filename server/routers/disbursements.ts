import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { disbursementStatus } from "@/db/schema";
import { notFound } from "@/server/errors";
import { requestJob } from "@/server/jobs/notify";
import { markDisbursementFailed, recordManualPayment } from "@/server/services/disbursements/lifecycle";
import { payableBalances } from "@/server/services/disbursements/payables";
import { approveRun, rejectRun } from "@/server/services/disbursements/runs-decide";
import { previewRun, proposeRun } from "@/server/services/disbursements/runs";
import { disbursementDetail, listDisbursements, listRuns, runDetail } from "@/server/services/queries/disbursements";
import { staffProcedure } from "@/server/trpc/init";

const scope = {
  creditorIds: z.array(z.uuid()).max(500).optional(),
  /** Rows booked before this instant are paid. */
  cutoff: z.date(),
};

/** Back-office payables and disbursement runs: finance proposes, another finance person approves. */
export const disbursementsRouter = {
  /** What each creditor is owed per currency, from the ledger: open rows, clawbacks, fees owed, in flight, last paid. */
  payables: staffProcedure()
    .input(z.object({ creditorIds: z.array(z.uuid()).max(500).optional() }).default({}))
    .query(({ ctx, input }) => payableBalances(ctx.db, input)),

  /** What a run would pay now: every creditor's amount and the rows it covers. Nothing is written. */
  previewRun: staffProcedure("finance", "admin")
    .input(z.object(scope))
    .query(({ ctx, input }) => previewRun(ctx.db, input)),

  /** Propose the previewed run (its fingerprint): drafts with rows reserved; no money moves until another person approves. */
  proposeRun: staffProcedure("finance", "admin")
    .input(z.object({ ...scope, fingerprint: z.string().regex(/^[0-9a-f]{64}$/) }))
    .mutation(async ({ ctx, input }) => {
      const r = await proposeRun(ctx.db, input, ctx.actor);
      return { runId: r.runId, disbursements: r.disbursementIds.length };
    }),

  /** Approve a run proposed by someone else: posts the entries and queues the transfers. */
  approveRun: staffProcedure("finance", "admin")
    .input(z.object({ runId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const r = await approveRun(ctx.db, input, ctx.actor);
      await requestJob({ job: "stripeTransfers", requestedBy: ctx.actor.id });
      return r;
    }),

  /** Reject (or withdraw) a proposed run, with a reason: its rows are released. */
  rejectRun: staffProcedure("finance", "admin")
    .input(z.object({ runId: z.uuid(), reason: z.string().trim().min(3).max(500) }))
    .mutation(({ ctx, input }) => rejectRun(ctx.db, input, ctx.actor)),

  /** Runs newest first. */
  runs: staffProcedure().query(({ ctx }) => listRuns(ctx.db)),

  /** One run with its decisions and disbursements. */
  run: staffProcedure()
    .input(z.object({ id: z.uuid() }))
    .query(
      async ({ ctx, input }) => (await runDetail(ctx.db, input.id)) ?? Promise.reject(notFound("disbursement run")),
    ),

  /** Disbursements newest first, by status or creditor. */
  list: staffProcedure()
    .input(
      z
        .object({ status: z.enum(disbursementStatus.enumValues).optional(), creditorId: z.uuid().optional() })
        .default({}),
    )
    .query(({ ctx, input }) => listDisbursements(ctx.db, input)),

  /** One disbursement: rows, status history, bank confirmation, QuickBooks entry. */
  byId: staffProcedure()
    .input(z.object({ id: z.uuid() }))
    .query(
      async ({ ctx, input }) =>
        (await disbursementDetail(ctx.db, input.id)) ?? Promise.reject(notFound("disbursement")),
    ),

  /** Record an approved manual disbursement as sent by ACH or wire with its bank reference. */
  recordManual: staffProcedure("finance", "admin")
    .input(
      z.object({
        disbursementId: z.uuid(),
        method: z.enum(["ach", "wire"]),
        reference: z.string().trim().min(3).max(140),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const r = await recordManualPayment(ctx.db, input, ctx.actor);
      await requestJob({ job: "qboJournalEntries", requestedBy: ctx.actor.id });
      return r;
    }),

  /** The money did not arrive (a returned wire): the entry is reversed and the rows are owed again. */
  markFailed: staffProcedure("finance", "admin")
    .input(z.object({ disbursementId: z.uuid(), reason: z.string().trim().min(3).max(500) }))
    .mutation(({ ctx, input }) => markDisbursementFailed(ctx.db, input, ctx.actor)),
} satisfies TRPCRouterRecord;
