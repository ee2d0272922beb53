import { check, index, integer, jsonb, pgEnum, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, id, ts } from "./_columns";
import { creditors } from "./creditors";
import { userRole, users } from "./users";

/**
 * Machine credentials of one creditor (`cb_live_<prefix>_<secret>`). Only the SHA-256 of the
 * whole key is stored; the prefix is what people see to tell keys apart.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    name: text().notNull(),
    prefix: text().notNull().unique(),
    secretHash: text().notNull(),
    createdBy: text().notNull(),
    createdAt: createdAt(),
    lastUsedAt: ts(),
    revokedAt: ts(),
    revokedBy: text(),
  },
  (t) => [index("api_keys_by_creditor").on(t.creditorId, t.createdAt)],
);

/** A one-time, expiring invitation to set a password. Only the token's SHA-256 is stored. */
export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    email: text().notNull(),
    name: text().notNull(),
    role: userRole().notNull(),
    creditorId: uuid().references(() => creditors.id),
    tokenHash: text().notNull().unique(),
    invitedBy: text().notNull(),
    expiresAt: ts().notNull(),
    acceptedAt: ts(),
    revokedAt: ts(),
    userId: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      "invitations_creditor_roles",
      sql`(${t.role} in ('creditor_admin','creditor_member')) = (${t.creditorId} is not null)`,
    ),
    index("invitations_by_email").on(t.email),
    index("invitations_by_creditor").on(t.creditorId, t.createdAt),
  ],
);

/**
 * The stored answer to a POST made with an `Idempotency-Key`, scoped per creditor. The row is
 * written in the same transaction as the work it answers for, so a key never outlives a rollback.
 */
export const idempotencyRecords = pgTable(
  "idempotency_records",
  {
    id: id(),
    creditorId: uuid()
      .notNull()
      .references(() => creditors.id),
    key: text().notNull(),
    /** SHA-256 of method, path and canonical body: the same key with another request is refused. */
    requestHash: text().notNull(),
    responseStatus: integer(),
    responseBody: jsonb().$type<unknown>(),
    createdAt: createdAt(),
  },
  (t) => [unique("idempotency_per_creditor").on(t.creditorId, t.key)],
);

export const signInOutcome = pgEnum("sign_in_outcome", ["success", "failure", "throttled"]);

/**
 * Every password sign-in attempt, by email and client address: the throttle counts recent failures.
 * Only the throttle's working set: rows past SIGN_IN_ATTEMPTS_RETENTION_MS are pruned daily (the
 * audit log keeps the durable record of sign-ins), so this is not an append-only table.
 */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: id(),
    email: text().notNull(),
    ip: text().notNull(),
    /** The previously seen device (a signed device cookie of this email) the attempt came from, if any. */
    device: text(),
    outcome: signInOutcome().notNull(),
    attemptedAt: createdAt(),
  },
  (t) => [
    index("sign_in_attempts_by_email_ip").on(t.email, t.ip, t.attemptedAt),
    index("sign_in_attempts_by_email_device").on(t.email, t.device, t.attemptedAt),
    // The per-address limit across accounts, and the daily pruning of attempts past their retention.
    index("sign_in_attempts_by_ip").on(t.ip, t.attemptedAt),
    index("sign_in_attempts_by_time").on(t.attemptedAt),
  ],
);

/**
 * Signed-in sessions that were ended by signing out. Sessions are JWTs the server does not keep, so
 * without this a copied cookie would keep working after sign-out until it expired. Rows older than
 * the absolute session lifetime are pruned: such a token is refused by its own age by then.
 */
export const endedSessions = pgTable(
  "ended_sessions",
  {
    sessionId: uuid().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    endedAt: createdAt(),
  },
  (t) => [index("ended_sessions_by_time").on(t.endedAt)],
);
