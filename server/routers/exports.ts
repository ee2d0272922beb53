import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { requestJob } from "@/server/jobs/notify";
import { appExportFiles } from "@/server/services/exports/app-files";
import {
  createExport,
  type ExportRow,
  getExport,
  listExports,
  retryExport,
  type ExportScope,
} from "@/server/services/exports/exports";
import { EXPORT_FORMATS, EXPORT_TYPES, ExportFiltersSchema } from "@/server/services/exports/filters";
import { creditorProcedure, staffProcedure } from "@/server/trpc/init";

const request = z.object({
  type: z.enum(EXPORT_TYPES),
  format: z.enum(EXPORT_FORMATS).default("csv"),
  filters: ExportFiltersSchema.default({}),
  includeBom: z.boolean().default(false),
});
const page = z.object({ cursor: z.string().max(200).optional(), limit: z.number().int().min(1).max(200).optional() });
const byId = z.object({ id: z.uuid() });

/** An export with a download link minted now (about 15 minutes) when its file is ready. */
const withLink = <T extends ExportRow>(e: T) => ({
  ...e,
  download:
    e.status === "succeeded" && e.fileId
      ? appExportFiles().link({ id: e.fileId, name: e.fileName, expiresAt: e.expiresAt }, new Date())
      : null,
});

const creditorScope = (creditorId: string): ExportScope => ({ kind: "creditor", creditorId });
const nudge = (who: string) => void requestJob({ job: "exports", requestedBy: who });

/** The portal's exports: the caller's creditor only. */
export const exportsRouter = {
  /** Request an export of the caller's creditor (filters as the page shows them); rendered by the export job. */
  create: creditorProcedure.input(request).mutation(async ({ ctx, input }) => {
    const row = await createExport(ctx.db, creditorScope(ctx.creditorId), input, ctx.actor);
    nudge(ctx.actor.id);
    return row;
  }),
  /** The creditor's exports, newest first, each with its progress and, once done, a download link. */
  list: creditorProcedure.input(page.default({})).query(async ({ ctx, input }) => {
    const p = await listExports(ctx.db, creditorScope(ctx.creditorId), input);
    return { ...p, items: p.items.map(withLink) };
  }),
  /** One export of the creditor (another creditor's → NOT_FOUND). */
  byId: creditorProcedure
    .input(byId)
    .query(async ({ ctx, input }) => withLink(await getExport(ctx.db, creditorScope(ctx.creditorId), input.id))),
  /** Queue a failed export again. */
  retry: creditorProcedure.input(byId).mutation(async ({ ctx, input }) => {
    const row = await retryExport(ctx.db, creditorScope(ctx.creditorId), input.id, ctx.actor);
    nudge(ctx.actor.id);
    return row;
  }),
} satisfies TRPCRouterRecord;

const finance = staffProcedure("finance", "admin");

/** Back-office exports (finance, admin): agency-wide or one creditor (`filters.creditor_id`), the ledger included. */
export const backofficeExportsRouter = {
  /** Request an agency-wide export. */
  create: finance.input(request).mutation(async ({ ctx, input }) => {
    const row = await createExport(ctx.db, { kind: "agency" }, input, ctx.actor);
    nudge(ctx.actor.id);
    return row;
  }),
  /** Every export (creditors' and agency-wide), newest first. */
  list: finance.input(page.extend({ creditorId: z.uuid().optional() }).default({})).query(async ({ ctx, input }) => {
    const p = await listExports(ctx.db, { kind: "agency" }, input);
    return { ...p, items: p.items.map(withLink) };
  }),
  /** Queue a failed export again. */
  retry: finance.input(byId).mutation(async ({ ctx, input }) => {
    const row = await retryExport(ctx.db, { kind: "agency" }, input.id, ctx.actor);
    nudge(ctx.actor.id);
    return row;
  }),
} satisfies TRPCRouterRecord;
