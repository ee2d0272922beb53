import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { creditorProcedure } from "@/server/trpc/init";
import { placementsPlaced } from "@/server/jobs/notify";
import { commitCsvIntake, MAX_CSV_BYTES, previewCsvIntake } from "@/server/services/placements/intake-csv";

const csvInput = z.object({
  csv: z.string().min(1, "choose a CSV file first").max(MAX_CSV_BYTES, "the file is over 5 MB; split it"),
});

export const intakeRouter = {
  /** Check a placement CSV without writing anything: counts, first rows, and every row's problems. */
  preview: creditorProcedure
    .input(csvInput)
    .mutation(({ ctx, input }) => previewCsvIntake(ctx.db, ctx.creditorId, input.csv)),

  /** Import a placement CSV all or nothing for the caller's creditor. */
  commit: creditorProcedure.input(csvInput).mutation(async ({ ctx, input }) => {
    const result = await commitCsvIntake(ctx.db, ctx.creditorId, input.csv, ctx.actor);
    placementsPlaced(ctx.actor.id);
    return result;
  }),
} satisfies TRPCRouterRecord;
