import { env } from "@/server/env";

/**
 * Every recurring job's schedule, declared once. The Inngest functions pass these strings to
 * `cron()`, and the in-process runner parses the same strings (server/jobs/cron.ts), so the two
 * executors run the same work at the same minutes. All in UTC, but the monthly statements, which
 * run in the agency's time zone (AGENCY_TIME_ZONE, read when the schedule is first asked for).
 */
export const SCHEDULES = {
  /** Accept new QuickBooks effects from the outbox; post and retry due writebacks. */
  qboWritebacks: "TZ=UTC * * * * *",
  /** Process stored QuickBooks webhook notifications (a safety net behind the event sent on receipt). */
  qboWebhooks: "TZ=UTC * * * * *",
  /** Compare live QuickBooks invoice balances with ours. */
  qboDrift: "TZ=UTC 17 * * * *",
  /** Daily change-data-capture catch-up per company, as Intuit recommends beside webhooks. */
  qboCdc: "TZ=UTC 40 2 * * *",
  /** Send queued Stripe transfers (disbursements to connected accounts); retries follow the outbox backoff. */
  stripeTransfers: "TZ=UTC * * * * *",
  /** Fetch the balance transactions of paid Stripe payouts (which payments each one settled). */
  stripePayouts: "TZ=UTC * * * * *",
  /** Post due QuickBooks journal entries of disbursements (outbox → JournalEntry, retries). */
  qboJournalEntries: "TZ=UTC * * * * *",
  /** Look up at Stripe the payments that parked refunds and disputes have waited for over 15 minutes. */
  stripeParked: "TZ=UTC */5 * * * *",
  /** Delete sign-in attempts past their 30-day retention (the throttle's working set; the audit log keeps sign-ins). */
  signInPrune: "TZ=UTC 25 3 * * *",
  /** Render requested exports (outbox `export.render`; a killed render comes back when its lease lapses). */
  exports: "TZ=UTC * * * * *",
  /** Delete export files past their retention (EXPORT_RETENTION_DAYS) and mark them expired. */
  exportsRetention: "TZ=UTC 50 3 * * *",
  /** Outbound webhooks: new events into deliveries, due deliveries sent (retries with backoff), disable notices mailed. */
  webhookDeliveries: "TZ=UTC * * * * *",
  /** Issue last month's statements: 04:00 on the 1st, agency time (the month has ended everywhere it matters). */
  get statementsMonthly(): string {
    return `TZ=${env().AGENCY_TIME_ZONE} 0 4 1 * *`;
  },
  /** Mail creditor admins about statements just issued (outbox; SMTP when configured, else the server log). */
  statementMail: "TZ=UTC * * * * *",
  /** Delete stored files past their expiry and abandoned writes, then remove deleted files' content. */
  filesPrune: "TZ=UTC 10 * * * *",
  /** Send queued Stripe refunds (unmatched payments, customer credits) and open possible-duplicate items. */
  paymentMatching: "TZ=UTC * * * * *",
} as const;

export type JobId = keyof typeof SCHEDULES;

export const JOB_IDS = Object.keys(SCHEDULES) as JobId[];

/** What each job does, for the back-office jobs panel. */
export const JOB_LABELS: Record<JobId, string> = {
  qboWritebacks: "QuickBooks writebacks (outbox → Payment, retries)",
  qboWebhooks: "QuickBooks webhooks (CDC catch-up, direct payments)",
  qboDrift: "QuickBooks drift sweep",
  qboCdc: "QuickBooks daily CDC sweep",
  stripeTransfers: "Stripe transfers (outbox → connected accounts)",
  stripePayouts: "Stripe payouts (balance transactions → payments settled)",
  qboJournalEntries: "QuickBooks journal entries of disbursements",
  stripeParked: "Stripe parked events (re-run, then look up late payments)",
  signInPrune: "Sign-in attempts pruning (older than 30 days)",
  exports: "Exports (outbox → CSV files)",
  exportsRetention: "Exports retention (expired files deleted)",
  webhookDeliveries: "Outbound webhooks (outbox → creditor endpoints, retries)",
  statementsMonthly: "Monthly statements (one step per creditor, last month)",
  statementMail: "Statement mails to creditor admins (outbox)",
  filesPrune: "Stored files retention (expired files, abandoned writes)",
  paymentMatching:
    "Payment matching upkeep (Stripe refunds from the outbox, possible duplicates, unmatched payments looked at again after new placements)",
};
