import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { creditorProcedure } from "@/server/trpc/init";
import { getRemittance } from "@/server/services/queries/remittance-list";

export const remittancesRouter = {
  /** One remittance row of the caller's creditor (another creditor's id → NOT_FOUND). */
  byId: creditorProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getRemittance(ctx.db, ctx.creditorId, input.id)),
} satisfies TRPCRouterRecord;
