import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { placementStatus } from "@/db/schema";
import { MAX_AMOUNT_MINOR } from "@/server/domain/amount-limits";
import { creditorProcedure } from "@/server/trpc/init";
import { placementsPlaced } from "@/server/jobs/notify";
import { placeInvoice } from "@/server/services/placements/intake";
import { listPlacementPage } from "@/server/services/queries/placement-list";

export const placementListInput = z.object({
  status: z.enum(placementStatus.enumValues).optional(),
  invoiceNumber: z.string().trim().min(1).max(200).optional(),
  createdFrom: z.date().optional(),
  createdTo: z.date().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(200).optional(),
});

export const placementsRouter = {
  /** The caller's creditor's placements, newest first, keyset-paginated. */
  list: creditorProcedure
    .input(placementListInput.default({}))
    .query(({ ctx, input: { createdFrom, createdTo, ...rest } }) =>
      listPlacementPage(ctx.db, { ...rest, placedFrom: createdFrom, placedTo: createdTo, creditorId: ctx.creditorId }),
    ),

  /** Place one invoice for the caller's creditor. */
  create: creditorProcedure
    .input(
      z.object({
        invoiceNumber: z.string().trim().min(1).max(200),
        invoiceAmount: z
          .bigint()
          .positive()
          .max(MAX_AMOUNT_MINOR, `must be at most ${MAX_AMOUNT_MINOR} minor units (2^53 − 1)`),
        currency: z.string().length(3),
        dueDate: z.iso.date(),
        debtorName: z.string().trim().min(1).max(300),
        debtorEmail: z.email().optional(),
        qboInvoiceId: z.string().max(100).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const placement = await placeInvoice(
        ctx.db,
        ctx.creditorId,
        {
          invoiceNumber: input.invoiceNumber,
          invoiceAmount: input.invoiceAmount,
          currency: input.currency.toUpperCase(),
          dueDate: input.dueDate,
          debtor: { name: input.debtorName, email: input.debtorEmail ?? null },
          qboInvoiceId: input.qboInvoiceId ?? null,
        },
        ctx.actor,
      );
      placementsPlaced(ctx.actor.id);
      return placement;
    }),
} satisfies TRPCRouterRecord;
