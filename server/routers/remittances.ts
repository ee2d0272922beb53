import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { remittanceStatus } from "@/db/schema";
import { creditorProcedure } from "@/server/trpc/init";
import { getRemittance, listRemittancePage } from "@/server/services/queries/remittance-list";

export const remittancesRouter = {
  /** The caller's creditor's remittance rows (with reversals), newest first, keyset-paginated. */
  list: creditorProcedure
    .input(
      z
        .object({
          status: z.enum(remittanceStatus.enumValues).optional(),
          placementId: z.uuid().optional(),
          from: z.date().optional(),
          to: z.date().optional(),
          cursor: z.string().max(200).optional(),
          limit: z.number().int().min(1).max(200).optional(),
        })
        .default({}),
    )
    .query(({ ctx, input: { from, to, ...rest } }) =>
      listRemittancePage(ctx.db, { ...rest, occurredFrom: from, occurredTo: to, creditorId: ctx.creditorId }),
    ),

  /** One remittance row of the caller's creditor (another creditor's id → NOT_FOUND). */
  byId: creditorProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getRemittance(ctx.db, ctx.creditorId, input.id)),
} satisfies TRPCRouterRecord;
