import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { actorType } from "@/db/schema";
import { staffProcedure } from "@/server/trpc/init";
import { listAuditPage } from "@/server/services/queries/audit-log";
import { pageInput } from "./list-inputs";

/** The append-only audit log, for agency staff. */
export const auditRouter = {
  /** Audit events newest first, filtered by creditor, category, action prefix, actor, target and dates. */
  list: staffProcedure()
    .input(
      z
        .object({
          creditorId: z.uuid().optional(),
          category: z.string().max(40).optional(),
          action: z.string().trim().max(100).optional(),
          actorType: z.enum(actorType.enumValues).optional(),
          actorId: z.string().max(200).optional(),
          targetType: z.string().max(60).optional(),
          targetId: z.string().max(200).optional(),
          from: z.iso.date().optional(),
          to: z.iso.date().optional(),
          ...pageInput,
        })
        .default({}),
    )
    .query(({ ctx, input }) => listAuditPage(ctx.db, input)),
} satisfies TRPCRouterRecord;
