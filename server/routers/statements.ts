import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { creditorProcedure, staffProcedure } from "@/server/trpc/init";
import { statementDownloadLink } from "@/server/services/statements/downloads";
import { issueStatement } from "@/server/services/statements/issue";
import {
  getCreditorStatement,
  listCreditorStatements,
  statementLinesPage,
  statementVersions,
} from "@/server/services/statements/read";
import { monthRuns, previewStatement } from "@/server/services/statements/runs";

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "write the month as YYYY-MM");
const finance = () => staffProcedure("finance", "admin");

/** Monthly statements: the creditor's own (portal) and every creditor's month runs (finance). */
export const statementsRouter = {
  /** The caller's creditor's statements by month, newest first, every version. */
  list: creditorProcedure
    .input(z.object({ period: period.optional() }).default({}))
    .query(({ ctx, input }) => listCreditorStatements(ctx.db, ctx.creditorId, input)),

  /** One statement version of the caller's creditor, its month's versions, and its first lines. */
  byId: creditorProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
    const statement = await getCreditorStatement(ctx.db, ctx.creditorId, input.id);
    const page = await statementLinesPage(ctx.db, {
      creditorId: ctx.creditorId,
      statementId: statement.id,
      limit: 200,
    });
    return {
      statement,
      versions: await statementVersions(ctx.db, statement),
      lines: page.lines,
      hasMoreLines: page.nextSeq !== null,
    };
  }),

  /** A signed link (about ten minutes) to the PDF or CSV of one of the caller's creditor's statements. */
  downloadLink: creditorProcedure
    .input(z.object({ id: z.uuid(), format: z.enum(["pdf", "csv"]) }))
    .mutation(({ ctx, input }) =>
      statementDownloadLink(ctx.db, { creditorId: ctx.creditorId, statementId: input.id, format: input.format }),
    ),

  /** Finance: a signed link to any creditor's statement file. */
  staffDownloadLink: finance()
    .input(z.object({ id: z.uuid(), format: z.enum(["pdf", "csv"]) }))
    .mutation(({ ctx, input }) =>
      statementDownloadLink(ctx.db, { creditorId: null, statementId: input.id, format: input.format }),
    ),

  /** Finance: every creditor's state for a month (not run, generated, failed, issued) with the tie-out. */
  runs: finance()
    .input(z.object({ period }))
    .query(({ ctx, input }) => monthRuns(ctx.db, input.period)),

  /** Finance: generate a month's next version without issuing it (summary, tie-out, first lines). */
  preview: finance()
    .input(z.object({ creditorId: z.uuid(), period }))
    .mutation(({ ctx, input }) => previewStatement(ctx.db, input, ctx.actor)),

  /** Finance: issue a month (version 1, or again after a failed run). */
  issue: finance()
    .input(z.object({ creditorId: z.uuid(), period }))
    .mutation(({ ctx, input }) => issueStatement(ctx.db, { ...input, version: 1 }, ctx.actor)),

  /** Finance: re-issue an issued month as version `version`, with the reason the creditor will read. */
  reissue: finance()
    .input(
      z.object({
        creditorId: z.uuid(),
        period,
        version: z.number().int().min(2),
        reason: z.string().trim().min(3, "say why the month is re-issued").max(500),
      }),
    )
    .mutation(({ ctx, input }) => issueStatement(ctx.db, input, ctx.actor)),

  /** Finance: one statement version of any creditor, with its month's versions (the back-office detail). */
  staffById: finance()
    .input(z.object({ id: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const statement = await getCreditorStatement(ctx.db, null, input.id);
      return { statement, versions: await statementVersions(ctx.db, statement) };
    }),
} satisfies TRPCRouterRecord;
