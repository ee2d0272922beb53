import { check, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, currency, id, minor, ts } from "./_columns";
import { creditors } from "./creditors";
import { placements } from "./placements";
import { paymentAttempts, remittances } from "./payments";

export const qboConnectionStatus = pgEnum("qbo_connection_status", ["connected", "needs_reconnect", "disconnected"]);

/**
 * One creditor's link to one QuickBooks company (realm). Tokens are stored only as AES-256-GCM
 * ciphertext (server/integrations/qbo/crypto.ts); refreshes lock this row so two processes never
 * spend the same rotating refresh token.
 */
export const qboConnections = pgTable(
  "qbo_connections",
  {
    id: id(),
    creditorId: uuid()
      .notNull()
      .unique()
      .references(() => creditors.id),
    realmId: text().notNull(),
    companyName: text(),
    status: qboConnectionStatus().notNull(),
    /** Why the connection is not `connected` (e.g. `invalid_grant`), for the settings page. */
    statusReason: text(),
    accessTokenEnc: text(),
    refreshTokenEnc: text(),
    accessTokenExpiresAt: ts(),
    refreshTokenExpiresAt: ts(),
    refreshTokenHardExpiresAt: ts(),
    /** Bumped on every stored token change; lets a caller tell "someone else already refreshed". */
    tokenVersion: integer().notNull().default(0),
    connectedAt: ts(),
    lastRefreshedAt: ts(),
    lastSyncAt: ts(),
    /** The `time` of the last CDC response: the next `changedSince`. */
    cdcCursor: ts(),
    createdAt: createdAt(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    // A company can back only one live connection, so inbound webhooks route to exactly one creditor.
    uniqueIndex("qbo_connections_live_realm")
      .on(t.realmId)
      .where(sql`${t.status} <> 'disconnected'`),
  ],
);

/** Single-use nonces behind the OAuth `state` parameter (bound to a creditor, short-lived). */
export const qboOauthStates = pgTable("qbo_oauth_states", {
  nonce: text().primaryKey(),
  creditorId: uuid()
    .notNull()
    .references(() => creditors.id),
  createdBy: text().notNull(),
  expiresAt: ts().notNull(),
  consumedAt: ts(),
  createdAt: createdAt(),
});

export const qboMappingStatus = pgEnum("qbo_mapping_status", ["pending", "posted", "failed"]);

/** Our payment ↔ the QBO Payment written for it. One row per payment: a duplicate webhook can never post twice. */
export const qboPaymentMappings = pgTable(
  "qbo_payment_mappings",
  {
    id: id(),
    paymentAttemptId: uuid()
      .notNull()
      .unique()
      .references(() => paymentAttempts.id),
    remittanceId: uuid().references(() => remittances.id),
    placementId: uuid()
      .notNull()
      .references(() => placements.id),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    realmId: text().notNull(),
    qboInvoiceId: text().notNull(),
    amount: minor().notNull(),
    currency: currency().notNull(),
    qboPaymentId: text(),
    status: qboMappingStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    lastError: text(),
    lastErrorCode: text(),
    /** QBO `requestid`, derived from our ids: a retried POST replays instead of posting again. */
    requestId: text().notNull().unique(),
    nextAttemptAt: ts().notNull().defaultNow(),
    postedAt: ts(),
    createdAt: createdAt(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    check("qbo_payment_mappings_amount_positive", sql`${t.amount} > 0`),
    check("qbo_payment_mappings_request_id_len", sql`char_length(${t.requestId}) <= 50`),
    uniqueIndex("qbo_payment_mappings_qbo_payment").on(t.realmId, t.qboPaymentId),
    index("qbo_payment_mappings_due").on(t.status, t.nextAttemptAt),
    index("qbo_payment_mappings_by_creditor").on(t.creditorId, t.createdAt),
    index("qbo_payment_mappings_by_placement").on(t.placementId),
  ],
);

export const qboWebhookEventStatus = pgEnum("qbo_webhook_event_status", ["received", "processed", "ignored", "failed"]);

/** Inbound QBO change notifications, deduplicated by CloudEvent id (or a content hash for legacy payloads). */
export const qboWebhookEvents = pgTable(
  "qbo_webhook_events",
  {
    id: id(),
    eventId: text().notNull().unique(),
    realmId: text().notNull(),
    entity: text().notNull(),
    entityId: text().notNull(),
    operation: text().notNull(),
    occurredAt: ts(),
    status: qboWebhookEventStatus().notNull().default("received"),
    error: text(),
    receivedAt: createdAt(),
    processedAt: ts(),
  },
  (t) => [
    index("qbo_webhook_events_pending").on(t.status, t.receivedAt),
    index("qbo_webhook_events_by_realm").on(t.realmId, t.entity, t.entityId),
  ],
);

export const qboDriftCause = pgEnum("qbo_drift_cause", [
  "direct_payment",
  "invoice_edited",
  "writeback_pending",
  "writeback_failed",
  "unknown",
]);

/** One detected disagreement between our expected invoice balance and QBO's live `Balance`. Never auto-corrected. */
export const qboDriftChecks = pgTable(
  "qbo_drift_checks",
  {
    id: id(),
    runId: uuid().notNull(),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    placementId: uuid()
      .notNull()
      .references(() => placements.id),
    realmId: text().notNull(),
    qboInvoiceId: text().notNull(),
    expectedBalance: minor().notNull(),
    liveBalance: minor().notNull(),
    /** live − expected. */
    driftAmount: minor().notNull(),
    currency: currency().notNull(),
    liveSyncToken: text(),
    likelyCause: qboDriftCause().notNull(),
    evidence: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    checkedAt: createdAt(),
  },
  (t) => [
    index("qbo_drift_checks_by_creditor").on(t.creditorId, t.checkedAt),
    index("qbo_drift_checks_by_placement").on(t.placementId, t.checkedAt),
    index("qbo_drift_checks_by_run").on(t.runId),
  ],
);

/** Where a creditor's disbursement journal entries go in its QuickBooks chart of accounts. */
export const qboAccountMappings = pgTable("qbo_account_mappings", {
  creditorId: uuid()
    .primaryKey()
    .references(() => creditors.id),
  realmId: text().notNull(),
  /** Collections clearing: the gross the agency collected for the creditor. */
  clearingAccountId: text().notNull(),
  clearingAccountName: text().notNull(),
  /** Agency (collection) fees, an expense of the creditor. */
  feeAccountId: text().notNull(),
  feeAccountName: text().notNull(),
  /** The bank account the net arrives in. */
  bankAccountId: text().notNull(),
  bankAccountName: text().notNull(),
  updatedBy: text().notNull(),
  updatedAt: ts().notNull().defaultNow(),
});

/** Our disbursement ↔ the QuickBooks JournalEntry written for it: one per disbursement, posted once. */
export const qboJournalMappings = pgTable(
  "qbo_journal_mappings",
  {
    id: id(),
    disbursementId: uuid().notNull().unique(),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    realmId: text().notNull(),
    /** The entry as we post it (accounts and amounts frozen when the mapping is made). */
    body: jsonb().$type<Record<string, unknown>>().notNull(),
    amount: minor().notNull(),
    currency: currency().notNull(),
    qboJournalEntryId: text(),
    status: qboMappingStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    lastError: text(),
    lastErrorCode: text(),
    requestId: text().notNull().unique(),
    nextAttemptAt: ts().notNull().defaultNow(),
    postedAt: ts(),
    createdAt: createdAt(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    check("qbo_journal_mappings_request_id_len", sql`char_length(${t.requestId}) <= 50`),
    index("qbo_journal_mappings_due").on(t.status, t.nextAttemptAt),
    index("qbo_journal_mappings_by_creditor").on(t.creditorId, t.createdAt),
  ],
);
