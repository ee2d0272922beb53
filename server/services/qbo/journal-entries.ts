import { and, asc, eq, inArray, lte, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import { creditors, disbursements, qboAccountMappings, qboConnections, qboJournalMappings } from "@/db/schema";
import { disbursementJournalLines } from "@/server/domain/disbursement-journal";
import { formatMinor } from "@/server/domain/money";
import { minorToQboAmount } from "@/server/integrations/qbo/amounts";
import { QBO_MAX_LENGTH, fitHead } from "@/server/integrations/qbo/fields";
import type { QboClient } from "@/server/integrations/qbo/client";
import { QboError } from "@/server/integrations/qbo/errors";
import type { QboJournalEntry, QboJournalEntryCreate } from "@/server/integrations/qbo/types";
import { notFound } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { claimDueEffects, completeEffect, failEffect } from "../outbox/outbox";
import { openWorkItem } from "../work-items/open";
import { type QboDeps, getQboClientForCreditor } from "./connections";
import { WORK_ITEM_AFTER_ATTEMPTS, describeFailure, nextAttemptDelayMs } from "./writeback-record";

/**
 * QuickBooks journal entries of disbursements, on the same machinery as payment writebacks: the
 * disbursement's transaction queues an outbox row (`qbo.journal-entry`, key `qbo-journal:<id>`);
 * this job turns it into one `qbo_journal_mappings` row with the entry frozen (accounts from the
 * creditor's saved mapping, amounts from the disbursement's rows), then posts it with `requestid`
 * `je-<disbursementId>`, so a retry replays instead of posting twice. An answer that never came
 * (timeout, 5xx) is followed by a read-back by DocNumber before anything is sent again. Failures
 * are kept with QuickBooks' message, retried with backoff, in the sync log, and retryable there.
 */
const JOB: Actor = { type: "job", id: "qbo-journal-entries" };
const LEASE_MS = 5 * 60_000;
const payloadSchema = z.object({ disbursementId: z.uuid(), creditorId: z.uuid() });

/** Our DocNumber for a disbursement's entry (QBO allows 21 characters): unique, and searchable for the read-back. */
export const journalDocNumber = (disbursementId: string) => `CB${disbursementId.replace(/-/g, "").slice(0, 18)}`;
export const journalStamp = (disbursementId: string) => `[ai-collect:disbursement=${disbursementId}]`;

/** One tick: accept new outbox rows, then post or retry every due journal entry. */
export async function runJournalEntryTick(db: Db, deps?: QboDeps, params: { now?: Date } = {}) {
  const now = params.now ?? new Date();
  const accepted = { mapped: 0, skipped: 0, failed: 0 };
  for (const row of await claimDueEffects(db, "qbo.journal-entry", 200, now)) {
    try {
      accepted[await acceptJournalEffect(db, row.payload, JOB, now)]++;
      await completeEffect(db, row.id, now);
    } catch (err) {
      accepted.failed++;
      await failEffect(db, row.id, err instanceof Error ? err.message : String(err), row.attempts, now);
    }
  }
  const posted = await postDueJournalEntries(db, deps, now);
  return { accepted, ...posted };
}

/** An outbox row → a frozen journal mapping, or a skip recorded in the sync log (no connection or no account mapping). */
export async function acceptJournalEffect(
  db: Db,
  raw: unknown,
  actor: Actor,
  now = new Date(),
): Promise<"mapped" | "skipped"> {
  const p = payloadSchema.parse(raw);
  return db.transaction(async (tx) => {
    const skip = async (reason: string) => {
      await recordAudit(tx, {
        actor,
        action: "qbo.journal_entry.skipped",
        category: "qbo",
        creditorId: p.creditorId,
        targetType: "disbursement",
        targetId: p.disbursementId,
        details: { reason },
      });
      return "skipped" as const;
    };
    const [conn] = await tx.select().from(qboConnections).where(eq(qboConnections.creditorId, p.creditorId));
    if (!conn || conn.status === "disconnected") return skip("QuickBooks is not connected");
    const [map] = await tx.select().from(qboAccountMappings).where(eq(qboAccountMappings.creditorId, p.creditorId));
    if (!map) return skip("no account mapping is saved (Settings → Integrations → QuickBooks)");
    if (map.realmId !== conn.realmId) return skip("the account mapping was saved for another QuickBooks company");
    const [d] = await tx
      .select({ d: disbursements, creditorName: creditors.name })
      .from(disbursements)
      .innerJoin(creditors, eq(creditors.id, disbursements.creditorId))
      .where(eq(disbursements.id, p.disbursementId));
    if (!d) throw new Error(`disbursement ${p.disbursementId} not found`);
    const [sums] = await queryRows<{ gross: string; fee: string }>(
      tx,
      sql`select coalesce(sum(r.recovered_amount),0)::text as gross, coalesce(sum(r.fee_amount),0)::text as fee
        from disbursement_items i join remittances r on r.id = i.remittance_id
        where i.disbursement_id = ${p.disbursementId} and i.released_at is null`,
    );
    const x = d.d;
    const lines = disbursementJournalLines({
      gross: BigInt(sums?.gross ?? "0"),
      fee: BigInt(sums?.fee ?? "0"),
      adjustment: x.adjustmentAmount,
      feesNetted: x.feesNetted,
      amount: x.amount,
    });
    const account = { bank: map.bankAccountId, fee: map.feeAccountId, clearing: map.clearingAccountId };
    const label = { bank: "Net paid out", fee: "Collection agency fees", clearing: "Collected for you (gross)" };
    const body: QboJournalEntryCreate = {
      TxnDate: (x.paidAt ?? x.sentAt ?? new Date()).toISOString().slice(0, 10),
      DocNumber: journalDocNumber(x.id),
      PrivateNote: fitHead(
        `${journalStamp(x.id)} Disbursement to ${d.creditorName}${x.stripeTransferId ? ` (Stripe ${x.stripeTransferId})` : x.achReference ? ` (ref ${x.achReference})` : ""}`,
        QBO_MAX_LENGTH.PrivateNote,
      ),
      CurrencyRef: { value: x.currency },
      Line: lines.map((l) => ({
        Amount: minorToQboAmount(l.amount, x.currency),
        Description: label[l.role],
        DetailType: "JournalEntryLineDetail",
        JournalEntryLineDetail: { PostingType: l.posting, AccountRef: { value: account[l.role] } },
      })),
    };
    await tx
      .insert(qboJournalMappings)
      .values({
        disbursementId: x.id,
        creditorId: x.creditorId,
        realmId: conn.realmId,
        body: body as unknown as Record<string, unknown>,
        amount: x.amount,
        currency: x.currency,
        requestId: `je-${x.id}`,
        nextAttemptAt: now,
      })
      .onConflictDoNothing({ target: qboJournalMappings.disbursementId });
    return "mapped";
  });
}

type Mapping = typeof qboJournalMappings.$inferSelect;

/** Claim due journal mappings (lease) and post each creditor's. */
export async function postDueJournalEntries(db: Db, deps?: QboDeps, now = new Date()) {
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: qboJournalMappings.id })
      .from(qboJournalMappings)
      .where(and(ne(qboJournalMappings.status, "posted"), lte(qboJournalMappings.nextAttemptAt, now)))
      .orderBy(asc(qboJournalMappings.nextAttemptAt))
      .limit(200)
      .for("update", { skipLocked: true });
    if (!due.length) return [];
    return tx
      .update(qboJournalMappings)
      .set({
        attempts: sql`${qboJournalMappings.attempts} + 1`,
        nextAttemptAt: new Date(now.getTime() + LEASE_MS),
        updatedAt: now,
      })
      .where(
        inArray(
          qboJournalMappings.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
  const out = { posted: 0, failed: 0 };
  const byCreditor = new Map<string, Mapping[]>();
  for (const m of claimed) byCreditor.set(m.creditorId, [...(byCreditor.get(m.creditorId) ?? []), m]);
  for (const [creditorId, rows] of byCreditor) {
    let client: QboClient | null = null;
    try {
      ({ client } = await getQboClientForCreditor(db, creditorId, deps));
    } catch (err) {
      for (const m of rows) {
        out.failed++;
        await recordJournalFailure(db, m, err, now);
      }
      continue;
    }
    for (const m of rows) {
      try {
        const entry = await postOne(client, m);
        await recordJournalPosted(db, m, entry, now);
        out.posted++;
      } catch (err) {
        out.failed++;
        await recordJournalFailure(db, m, err, now);
      }
    }
  }
  return out;
}

/** The entry we already created for this mapping, if QBO has it (found by DocNumber and our stamp). */
async function readBack(client: QboClient, m: Mapping): Promise<QboJournalEntry | null> {
  const body = m.body as unknown as QboJournalEntryCreate;
  const found = await client.findJournalEntriesByDocNumber(body.DocNumber);
  return found.find((e) => (e.PrivateNote ?? "").includes(journalStamp(m.disbursementId))) ?? null;
}

async function postOne(client: QboClient, m: Mapping): Promise<QboJournalEntry> {
  // A retry may follow an attempt whose answer was lost: look before sending again.
  if (m.attempts > 1 || m.lastErrorCode === "ambiguous") {
    const earlier = await readBack(client, m);
    if (earlier) return earlier;
  }
  try {
    return await client.createJournalEntry(m.body as unknown as QboJournalEntryCreate, { requestId: m.requestId });
  } catch (err) {
    const ambiguous = err instanceof QboError && (err.kind === "network" || err.kind === "server");
    if (!ambiguous) throw err;
    // No answer: did QBO create it? Read back once now; otherwise the retry reads back first.
    const earlier = await readBack(client, m).catch(() => null);
    if (earlier) return earlier;
    throw err;
  }
}

async function recordJournalPosted(db: Db, m: Mapping, entry: QboJournalEntry, now: Date) {
  await db.transaction(async (tx) => {
    await tx
      .update(qboJournalMappings)
      .set({
        status: "posted",
        qboJournalEntryId: entry.Id,
        postedAt: now,
        lastError: null,
        lastErrorCode: null,
        updatedAt: now,
      })
      .where(eq(qboJournalMappings.id, m.id));
    await recordAudit(tx, {
      actor: JOB,
      action: "qbo.journal_entry.posted",
      category: "qbo",
      creditorId: m.creditorId,
      targetType: "qbo_journal_mapping",
      targetId: m.id,
      details: {
        disbursementId: m.disbursementId,
        qboJournalEntryId: entry.Id,
        amount: m.amount,
        currency: m.currency,
        requestId: m.requestId,
        attempts: m.attempts,
      },
    });
  });
}

async function recordJournalFailure(db: Db, m: Mapping, err: unknown, now: Date) {
  const f = describeFailure(err);
  const ambiguous = err instanceof QboError && (err.kind === "network" || err.kind === "server");
  await db.transaction(async (tx) => {
    await tx
      .update(qboJournalMappings)
      .set({
        status: "failed",
        lastError: f.message.slice(0, 2000),
        lastErrorCode: ambiguous ? "ambiguous" : f.code.slice(0, 60),
        nextAttemptAt: new Date(now.getTime() + nextAttemptDelayMs(f, m.attempts)),
        updatedAt: now,
      })
      .where(eq(qboJournalMappings.id, m.id));
    await recordAudit(tx, {
      actor: JOB,
      action: "qbo.journal_entry.failed",
      category: "qbo",
      creditorId: m.creditorId,
      targetType: "qbo_journal_mapping",
      targetId: m.id,
      details: {
        disbursementId: m.disbursementId,
        amount: m.amount,
        currency: m.currency,
        message: f.message,
        code: f.code,
        attempts: m.attempts,
        retryable: f.isRetryable,
      },
    });
    if (f.needsReconnect || (f.isRetryable && m.attempts < WORK_ITEM_AFTER_ATTEMPTS)) return;
    await openWorkItem(tx, {
      kind: "writeback_failed",
      creditorId: m.creditorId,
      subjectType: "qbo_journal_mapping",
      subjectId: m.id,
      title: `QuickBooks journal entry of ${formatMinor(m.amount, m.currency)} ${m.currency} for disbursement ${m.disbursementId} failed`,
      nextAction:
        "Read QuickBooks' message in the sync log, fix the cause (account mapping, inactive account), then press Retry.",
      evidence: {
        message: f.message,
        code: f.code,
        attempts: m.attempts,
        disbursementId: m.disbursementId,
        requestId: m.requestId,
      },
      dedupeKey: `qbo-journal-failed:${m.id}`,
    });
  });
}

/** A person asks to retry one journal entry now (sync log button). Creditor users pass their creditor. */
export async function requestJournalRetry(db: Db, p: { mappingId: string; creditorId?: string }, actor: Actor) {
  return db.transaction(async (tx) => {
    const where = p.creditorId
      ? and(eq(qboJournalMappings.id, p.mappingId), eq(qboJournalMappings.creditorId, p.creditorId))
      : eq(qboJournalMappings.id, p.mappingId);
    const [m] = await tx.select().from(qboJournalMappings).where(where).for("update");
    if (!m) throw notFound("journal entry");
    if (m.status === "posted") return { mappingId: m.id, status: m.status, queued: false };
    await tx
      .update(qboJournalMappings)
      .set({ nextAttemptAt: sql`now()`, updatedAt: new Date() })
      .where(eq(qboJournalMappings.id, m.id));
    await recordAudit(tx, {
      actor,
      action: "qbo.journal_entry.retry_requested",
      category: "qbo",
      creditorId: m.creditorId,
      targetType: "qbo_journal_mapping",
      targetId: m.id,
      details: { status: m.status, attempts: m.attempts, lastError: m.lastError },
    });
    return { mappingId: m.id, status: m.status, queued: true };
  });
}

/** One creditor's journal entries, newest first (sync log). */
export async function listJournalEntries(db: Db, creditorId: string) {
  return db
    .select({
      id: qboJournalMappings.id,
      disbursementId: qboJournalMappings.disbursementId,
      status: qboJournalMappings.status,
      amount: qboJournalMappings.amount,
      currency: qboJournalMappings.currency,
      qboJournalEntryId: qboJournalMappings.qboJournalEntryId,
      attempts: qboJournalMappings.attempts,
      lastError: qboJournalMappings.lastError,
      postedAt: qboJournalMappings.postedAt,
      createdAt: qboJournalMappings.createdAt,
    })
    .from(qboJournalMappings)
    .where(eq(qboJournalMappings.creditorId, creditorId))
    .orderBy(sql`${qboJournalMappings.createdAt} desc`)
    .limit(100);
}
