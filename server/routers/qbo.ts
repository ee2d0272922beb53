import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { requestJob } from "@/server/jobs/notify";
import { disconnectQbo } from "@/server/services/qbo/connections";
import {
  SYNC_EVENT_KINDS,
  WRITEBACK_STATUSES,
  listSyncEvents,
  listWritebacks,
  qboOverview,
} from "@/server/services/qbo/sync-log";
import { requestWritebackRetry } from "@/server/services/qbo/writeback";
import { creditorAdminProcedure, creditorProcedure } from "@/server/trpc/init";
import { pageInput } from "./list-inputs";

/** The creditor's QuickBooks integration: connection state, sync log, retries. The creditor is always the session's. */
export const qboRouter = {
  /** Connection (without secrets), writeback counts, open QuickBooks exceptions and last sync. */
  overview: creditorProcedure.query(({ ctx }) => qboOverview(ctx.db, ctx.creditorId)),

  /** Disconnect QuickBooks: revoke at Intuit, forget the tokens, keep the sync log. */
  disconnect: creditorAdminProcedure.mutation(async ({ ctx }) => {
    await disconnectQbo(ctx.db, { creditorId: ctx.creditorId }, ctx.actor);
    return { disconnected: true };
  }),

  /** Writebacks newest first (one per payment), by status or invoice number, with QBO's message on failures. */
  writebacks: creditorProcedure
    .input(
      z
        .object({
          status: z.enum(WRITEBACK_STATUSES).optional(),
          search: z.string().trim().max(100).optional(),
          ...pageInput,
        })
        .default({}),
    )
    .query(({ ctx, input }) => listWritebacks(ctx.db, { ...input, creditorId: ctx.creditorId })),

  /** QuickBooks events newest first: postings, failures, drift with its cause, payments found in QuickBooks, connection changes. */
  events: creditorProcedure
    .input(z.object({ kind: z.enum(SYNC_EVENT_KINDS).optional(), ...pageInput }).default({}))
    .query(({ ctx, input }) => listSyncEvents(ctx.db, { ...input, creditorId: ctx.creditorId })),

  /** Retry one failed or pending writeback now. Another creditor's writeback is NOT_FOUND. */
  retryWriteback: creditorAdminProcedure.input(z.object({ mappingId: z.uuid() })).mutation(async ({ ctx, input }) => {
    const r = await requestWritebackRetry(
      ctx.db,
      { mappingId: input.mappingId, creditorId: ctx.creditorId },
      ctx.actor,
    );
    if (r.queued) await requestJob({ job: "qboWritebacks", requestedBy: ctx.actor.id, creditorId: ctx.creditorId });
    return { mappingId: r.mappingId, status: r.status, queued: r.queued };
  }),
} satisfies TRPCRouterRecord;
