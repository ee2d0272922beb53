import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { workItemKind, workItemStatus } from "@/db/schema";
import { staffProcedure } from "@/server/trpc/init";
import { listWorkItemPage, workItemSummary } from "@/server/services/queries/work-items";
import { pageInput } from "./list-inputs";

/** The operator exception queue. */
export const workItemsRouter = {
  /** Work items oldest first with age and next action; unresolved by default. */
  list: staffProcedure()
    .input(
      z
        .object({
          status: z.enum([...workItemStatus.enumValues, "unresolved"]).optional(),
          kind: z.enum(workItemKind.enumValues).optional(),
          creditorId: z.uuid().optional(),
          ...pageInput,
        })
        .default({}),
    )
    .query(({ ctx, input }) => listWorkItemPage(ctx.db, input)),

  /** Unresolved items per kind and the age of the oldest. */
  summary: staffProcedure().query(({ ctx }) => workItemSummary(ctx.db)),
} satisfies TRPCRouterRecord;
