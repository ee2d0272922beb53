import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { creditorProcedure } from "@/server/trpc/init";
import { listPlacementPage } from "@/server/services/queries/placement-list";
import { creditorPlacementPage } from "@/server/services/queries/placement-page";
import { listRemittancePage } from "@/server/services/queries/remittance-list";
import { portalOverview } from "@/server/services/queries/portal-overview";
import { placementListFields, remittanceDays, remittanceListFields } from "./list-inputs";

/** The creditor portal's reads. The creditor is always the session's; no input can name another. */
export const portalRouter = {
  /** Collected, fees, net remit per currency for a period, the chart series, and open balances by age. */
  overview: creditorProcedure
    .input(z.object({ from: z.iso.date(), to: z.iso.date() }))
    .query(({ ctx, input }) => portalOverview(ctx.db, ctx.creditorId, input)),

  /** The creditor's placements: searched, filtered, sorted and keyset-paginated in the database. */
  placements: creditorProcedure
    .input(z.object(placementListFields).default({}))
    .query(({ ctx, input }) => listPlacementPage(ctx.db, { ...input, creditorId: ctx.creditorId })),

  /** One placement with its timeline; another creditor's id answers NOT_FOUND. */
  placement: creditorProcedure
    .input(z.object({ id: z.string().max(100) }))
    .query(({ ctx, input }) => creditorPlacementPage(ctx.db, ctx.creditorId, input.id)),

  /** The creditor's remittance rows with rate snapshots and parent links, filtered and keyset-paginated. */
  remittances: creditorProcedure
    .input(z.object(remittanceListFields).default({}))
    .query(({ ctx, input }) => listRemittancePage(ctx.db, { ...remittanceDays(input), creditorId: ctx.creditorId })),
} satisfies TRPCRouterRecord;
