import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { staffProcedure } from "@/server/trpc/init";
import { notFound } from "@/server/errors";
import { placementLedger } from "@/server/services/queries/ledger";
import { findPlacement } from "@/server/services/queries/placement-list";

/** Double-entry views for finance and operators. */
export const ledgerRouter = {
  /** A placement's journal entries with every posting, and its balances per account. */
  placement: staffProcedure()
    .input(z.object({ placementId: z.string().max(100) }))
    .query(async ({ ctx, input }) => {
      const placement = await findPlacement(ctx.db, input.placementId);
      if (!placement) throw notFound("placement");
      return { placement, ...(await placementLedger(ctx.db, placement.id)) };
    }),
} satisfies TRPCRouterRecord;
