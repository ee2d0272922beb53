import type { JobDeps } from "@/server/jobs/deps";
import { createCatchUpQboChanges } from "./catch-up-qbo-changes";
import { createIssueMonthlyStatements } from "./issue-monthly-statements";
import { createFetchStripePayouts } from "./fetch-stripe-payouts";
import { createPostQboJournalEntries } from "./post-qbo-journal-entries";
import { createProcessQboWebhooks } from "./process-qbo-webhooks";
import { createPruneExpiredFiles } from "./prune-expired-files";
import { createPruneSignInAttempts } from "./prune-sign-in-attempts";
import { createResolveStripeParked } from "./resolve-stripe-parked";
import { createSendStatementMails } from "./send-statement-mails";
import { createSendStripeTransfers } from "./send-stripe-transfers";
import { createSweepQboDrift } from "./sweep-qbo-drift";
import { createTickQboWritebacks } from "./tick-qbo-writebacks";
import { createWriteBackPayments } from "./write-back-payments";
import { createRenderExports } from "./render-exports";
import { createExpireExports } from "./expire-exports";
import { createDeliverWebhooks } from "./deliver-webhooks";
import { createKeepPaymentMatching } from "./keep-payment-matching";

/** Every Inngest function of the app, bound to its dependencies (the route passes the app's database). */
export const createFunctions = (deps: JobDeps) => [
  createTickQboWritebacks(deps),
  createWriteBackPayments(deps),
  createProcessQboWebhooks(deps),
  createSweepQboDrift(deps),
  createCatchUpQboChanges(deps),
  createSendStripeTransfers(deps),
  createFetchStripePayouts(deps),
  createPostQboJournalEntries(deps),
  createResolveStripeParked(deps),
  createPruneSignInAttempts(deps),
  createRenderExports(deps),
  createExpireExports(deps),
  createDeliverWebhooks(deps),
  createIssueMonthlyStatements(deps),
  createSendStatementMails(deps),
  createPruneExpiredFiles(deps),
  createKeepPaymentMatching(deps),
];
