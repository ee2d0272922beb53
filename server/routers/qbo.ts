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
import { getAccountMapping, listQboAccounts, saveAccountMapping } from "@/server/services/qbo/account-mapping";
import { listJournalEntries, requestJournalRetry } from "@/server/services/qbo/journal-entries";
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

  /** The accounts of the creditor's QuickBooks company (active ones), for the journal-entry mapping. */
  accounts: creditorAdminProcedure.query(({ ctx }) => listQboAccounts(ctx.db, ctx.creditorId)),

  /** The saved account mapping for disbursement journal entries, if any. */
  accountMapping: creditorProcedure.query(({ ctx }) => getAccountMapping(ctx.db, ctx.creditorId)),

  /** Save where disbursements go in QuickBooks: collections clearing, agency fees, bank. */
  saveAccountMapping: creditorAdminProcedure
    .input(
      z.object({
        clearingAccountId: z.string().max(40),
        feeAccountId: z.string().max(40),
        bankAccountId: z.string().max(40),
      }),
    )
    .mutation(({ ctx, input }) => saveAccountMapping(ctx.db, { ...input, creditorId: ctx.creditorId }, ctx.actor)),

  /** Journal entries written for disbursements, newest first, with QuickBooks' message on failures. */
  journalEntries: creditorProcedure.query(({ ctx }) => listJournalEntries(ctx.db, ctx.creditorId)),

  /** Retry one journal entry now. Another creditor's is NOT_FOUND. */
  retryJournalEntry: creditorAdminProcedure
    .input(z.object({ mappingId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const r = await requestJournalRetry(
        ctx.db,
        { mappingId: input.mappingId, creditorId: ctx.creditorId },
        ctx.actor,
      );
      if (r.queued)
        await requestJob({ job: "qboJournalEntries", requestedBy: ctx.actor.id, creditorId: ctx.creditorId });
      return r;
    }),
} satisfies TRPCRouterRecord;
