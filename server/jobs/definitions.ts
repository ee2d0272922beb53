import { catchUpQboChanges } from "@/server/services/qbo/changes";
import { connectedCreditorIds, sweepDrift } from "@/server/services/qbo/drift";
import { runWritebackTick } from "@/server/services/qbo/writeback";
import { processQboWebhookEvents } from "@/server/services/qbo/webhooks";
import { pruneSignInAttempts } from "@/server/services/identity/sign-in-attempts";
import { resolveStaleParked } from "@/server/services/stripe-events/parked";
import { drainStripeTransfers } from "@/server/services/disbursements/stripe-transfers";
import { expireExports, runExportJobs } from "@/server/services/exports/render";
import { runWebhookDeliveries } from "@/server/services/webhooks-out/run";
import { env } from "@/server/env";
import { type JobDeps, exportFilesFor, stripeFor, stripeSourceFor, webhooksFor } from "./deps";
import { drainStatementMails } from "@/server/services/statements/mail";
import { runMonthlyStatements } from "@/server/services/statements/monthly";
import { drainPayoutFetches } from "@/server/services/payouts/payouts";
import { runJournalEntryTick } from "@/server/services/qbo/journal-entries";
import { deleteExpiredFiles } from "@/server/services/files/retention";
import { drainStripeRefunds } from "@/server/services/matching/refunds";
import { openPossibleDuplicates } from "@/server/services/matching/duplicates";
import { rematchUnmatchedPayments } from "@/server/services/matching/rematch";
import type { JobId } from "./schedules";

/**
 * What each scheduled job does, for the in-process runner: the same services the Inngest
 * functions call step by step. Each returns a small JSON summary for the jobs panel.
 */
export const JOB_BODIES: Record<JobId, (deps: JobDeps) => Promise<Record<string, unknown>>> = {
  qboWritebacks: async (d) => runWritebackTick(await d.db(), d.qbo, { now: d.now?.() }),
  qboWebhooks: async (d) => processQboWebhookEvents(await d.db(), { now: d.now?.() }, d.qbo),
  qboDrift: async (d) => sweepDrift(await d.db(), { now: d.now?.() }, d.qbo),
  qboCdc: async (d) => {
    const db = await d.db();
    const out = { companies: 0, failed: [] as Array<{ creditorId: string; error: string }>, directPayments: 0 };
    for (const creditorId of await connectedCreditorIds(db)) {
      try {
        const r = await catchUpQboChanges(db, { creditorId, now: d.now?.() }, d.qbo);
        out.companies++;
        out.directPayments += r.directPayments;
      } catch (err) {
        out.failed.push({ creditorId, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return out;
  },
  stripeTransfers: async (d) => drainStripeTransfers(await d.db(), stripeFor(d), { now: d.now?.() }),
  stripePayouts: async (d) => drainPayoutFetches(await d.db(), stripeFor(d), { now: d.now?.() }),
  qboJournalEntries: async (d) => runJournalEntryTick(await d.db(), d.qbo, { now: d.now?.() }),
  stripeParked: async (d) => resolveStaleParked(await d.db(), stripeSourceFor(d), { now: d.now?.() }),
  signInPrune: async (d) => pruneSignInAttempts(await d.db(), { now: d.now?.() }),
  exports: async (d) =>
    runExportJobs(await d.db(), exportFilesFor(d), { now: d.now, retentionDays: env().EXPORT_RETENTION_DAYS }),
  exportsRetention: async (d) => expireExports(await d.db(), exportFilesFor(d), d.now?.()),
  webhookDeliveries: async (d) => runWebhookDeliveries(await d.db(), webhooksFor(d), { now: d.now?.() }),
  statementsMonthly: async (d) => runMonthlyStatements(await d.db(), { now: d.now?.() }),
  statementMail: async (d) => drainStatementMails(await d.db(), { now: d.now?.() }),
  filesPrune: async (d) => deleteExpiredFiles(await d.db(), d.now?.()),
  paymentMatching: async (d) => {
    const db = await d.db();
    const refunds = await drainStripeRefunds(db, stripeFor(d), { now: d.now?.() });
    const duplicates = await openPossibleDuplicates(db, { now: d.now?.() });
    return { refunds, duplicates, rematched: await rematchUnmatchedPayments(db, { now: d.now?.() }) };
  },
};
