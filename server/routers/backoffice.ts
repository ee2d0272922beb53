import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { paymentSource, paymentStatus } from "@/db/schema";
import { staffProcedure } from "@/server/trpc/init";
import { notFound } from "@/server/errors";
import { creditorDetail, listCreditorPage, listPaymentPage } from "@/server/services/queries/backoffice";
import { changeContingencyRate } from "@/server/services/creditors/creditors";
import { listPlacementPage } from "@/server/services/queries/placement-list";
import { staffPlacementPage } from "@/server/services/queries/placement-page";
import { listRemittancePage } from "@/server/services/queries/remittance-list";
import { pageInput, placementListFields, remittanceDays, remittanceListFields } from "./list-inputs";

/** The back-office's creditor, placement and payment views, across creditors, for agency staff. */
export const backofficeRouter = {
  /** Creditors by name with current rate and open work, keyset-paginated. */
  creditors: staffProcedure()
    .input(z.object({ search: z.string().trim().max(200).optional(), ...pageInput }).default({}))
    .query(({ ctx, input }) => listCreditorPage(ctx.db, input)),

  /** One creditor: rate history and scheduled rates, people, book totals per currency. */
  creditor: staffProcedure()
    .input(z.object({ id: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const detail = await creditorDetail(ctx.db, input.id);
      if (!detail) throw notFound("creditor");
      return detail;
    }),

  /** Change a creditor's contingency rate from now or a future instant on, with a reason (forward-only, audited). Agency admins only (the service checks again). */
  changeRate: staffProcedure("admin")
    .input(
      z.object({
        creditorId: z.uuid(),
        rateBps: z.number().int().min(0).max(10_000),
        effectiveFrom: z.date().optional(),
        reason: z.string().trim().min(3, "Say why the rate changes (at least 3 characters).").max(500),
      }),
    )
    .mutation(({ ctx, input }) => changeContingencyRate(ctx.db, input, ctx.actor)),

  /** Placements across creditors (or one creditor's), searched, filtered, sorted, keyset-paginated. */
  placements: staffProcedure()
    .input(z.object({ ...placementListFields, creditorId: z.uuid().optional() }).default({}))
    .query(({ ctx, input }) => listPlacementPage(ctx.db, input)),

  /** Any creditor's placement with its full timeline, work items included. */
  placement: staffProcedure()
    .input(z.object({ id: z.string().max(100) }))
    .query(({ ctx, input }) => staffPlacementPage(ctx.db, input.id)),

  /** Remittance rows across creditors, filtered and keyset-paginated. */
  remittances: staffProcedure()
    .input(z.object({ ...remittanceListFields, creditorId: z.uuid().optional() }).default({}))
    .query(({ ctx, input }) => listRemittancePage(ctx.db, remittanceDays(input))),

  /** Payment attempts across creditors, matched or not, newest first. */
  payments: staffProcedure()
    .input(
      z
        .object({
          creditorId: z.uuid().optional(),
          status: z.enum(paymentStatus.enumValues).optional(),
          source: z.enum(paymentSource.enumValues).optional(),
          search: z.string().trim().max(200).optional(),
          from: z.iso.date().optional(),
          to: z.iso.date().optional(),
          ...pageInput,
        })
        .default({}),
    )
    .query(({ ctx, input }) => listPaymentPage(ctx.db, input)),
} satisfies TRPCRouterRecord;
