import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { notFound } from "@/server/errors";
import { creditorPayouts } from "@/server/services/queries/disbursements";
import { creditorProcedure } from "@/server/trpc/init";

/** The creditor portal's Payouts: what was paid out to the creditor, each payout with the rows it paid. */
export const payoutsRouter = {
  /** The creditor's payouts newest first (the creditor is the session's). */
  list: creditorProcedure.query(({ ctx }) => creditorPayouts(ctx.db, ctx.creditorId)),

  /** One payout of the session's creditor; another creditor's is NOT_FOUND. */
  byId: creditorProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
    const found = (await creditorPayouts(ctx.db, ctx.creditorId)).find((p) => p.id === input.id);
    if (!found) throw notFound("payout");
    return found;
  }),
} satisfies TRPCRouterRecord;
