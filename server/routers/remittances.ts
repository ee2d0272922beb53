import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { creditorProcedure } from "@/server/trpc/init";
import { getRemittance } from "@/server/services/queries/remittance-list";
import { remittanceTrace } from "@/server/services/queries/remittance-trace";
import { notFound } from "@/server/errors";

export const remittancesRouter = {
  /** One remittance row of the caller's creditor (another creditor's id → NOT_FOUND). */
  byId: creditorProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getRemittance(ctx.db, ctx.creditorId, input.id)),

  /** One remittance row traced: its payment, rate and fee, QuickBooks payment and disbursement (another creditor's → NOT_FOUND). */
  trace: creditorProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
    const trace = await remittanceTrace(ctx.db, ctx.creditorId, input.id);
    if (!trace) throw notFound("remittance");
    return trace;
  }),
} satisfies TRPCRouterRecord;
