import { and, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { qboConnections, qboWebhookEvents } from "@/db/schema";
import {
  type QboWebhookEvent,
  QboWebhookPayloadError,
  parseQboWebhook,
  verifyIntuitSignature,
} from "@/server/integrations/qbo/webhook";
import type { Actor } from "@/server/domain/actor";
import type { QboDeps } from "./connections";
import { catchUpQboChanges } from "./changes";

/**
 * Inbound QuickBooks change notifications. Receiving is fast and does no QuickBooks I/O: verify
 * the signature on the raw body, parse either payload shape, store each event once (deduplicated
 * by CloudEvent id, or a content hash for legacy payloads) and answer 200 — Intuit wants an answer
 * within 3 s. A job then processes stored events per company with a CDC catch-up (qbo-changes.ts).
 */
export type WebhookReceipt =
  | { status: 401; body: { error: string } }
  | { status: 400; body: { error: string } }
  | { status: 503; body: { error: string } }
  | { status: 200; body: { received: number; duplicates: number }; realmIds: string[] };

/** Verify, parse and store one delivery. A bad signature is refused before the database is even opened. */
export async function receiveQboWebhook(
  getDb: () => Promise<Db>,
  raw: string,
  signature: string | null,
  verifierToken: string | undefined,
): Promise<WebhookReceipt> {
  if (!verifierToken)
    return {
      status: 503,
      body: { error: "QuickBooks webhooks are not configured here (QBO_WEBHOOK_VERIFIER_TOKEN is unset)." },
    };
  if (!verifyIntuitSignature(raw, signature, verifierToken))
    return { status: 401, body: { error: "intuit-signature does not match the body." } };
  let events: QboWebhookEvent[];
  try {
    events = parseQboWebhook(raw);
  } catch (err) {
    if (err instanceof QboWebhookPayloadError) return { status: 400, body: { error: err.message } };
    throw err;
  }
  const stored = await storeQboWebhookEvents(await getDb(), events);
  return { status: 200, body: { received: stored.received, duplicates: stored.duplicates }, realmIds: stored.realmIds };
}

/** Rows per INSERT: six parameters each, far below PostgreSQL's 65,535 per statement. */
const INSERT_CHUNK = 1_000;

/**
 * Store events once each; a redelivery (same id) is counted as a duplicate and changes nothing. A
 * large delivery goes in chunks, all in one transaction (the delivery is stored whole or not at all).
 */
export async function storeQboWebhookEvents(db: Db, events: QboWebhookEvent[]) {
  if (events.length === 0) return { received: 0, duplicates: 0, realmIds: [] as string[] };
  const unique = [...new Map(events.map((e) => [e.eventId, e])).values()];
  const inserted = await db.transaction(async (tx) => {
    const out: Array<{ realmId: string }> = [];
    for (let i = 0; i < unique.length; i += INSERT_CHUNK) {
      const rows = await tx
        .insert(qboWebhookEvents)
        .values(
          unique.slice(i, i + INSERT_CHUNK).map((e) => ({
            eventId: e.eventId,
            realmId: e.realmId,
            entity: e.entity,
            entityId: e.entityId,
            operation: e.operation,
            occurredAt: e.occurredAt,
          })),
        )
        .onConflictDoNothing({ target: qboWebhookEvents.eventId })
        .returning({ realmId: qboWebhookEvents.realmId });
      out.push(...rows);
    }
    return out;
  });
  return {
    received: inserted.length,
    duplicates: events.length - inserted.length,
    realmIds: [...new Set(inserted.map((r) => r.realmId))],
  };
}

export type WebhookProcessing = {
  realms: number;
  processed: number;
  ignored: number;
  failed: number;
  directPayments: number;
};

/**
 * Process received events, one company at a time: a CDC catch-up since the company's cursor fetches
 * every changed Payment and Invoice (the payloads carry ids only). Events of companies no creditor is
 * connected to are ignored; when the catch-up fails they are marked failed — the cursor did not
 * move, so the next catch-up (webhook or daily sweep) still covers their changes.
 */
export async function processQboWebhookEvents(
  db: Db,
  params: { now?: Date; limit?: number } = {},
  deps?: QboDeps,
  actor: Actor = { type: "job", id: "qbo-webhooks" },
): Promise<WebhookProcessing> {
  const now = params.now ?? new Date();
  const pending = await db
    .select({ id: qboWebhookEvents.id, realmId: qboWebhookEvents.realmId, occurredAt: qboWebhookEvents.occurredAt })
    .from(qboWebhookEvents)
    .where(eq(qboWebhookEvents.status, "received"))
    .orderBy(qboWebhookEvents.receivedAt)
    .limit(params.limit ?? 5_000);
  const byRealm = new Map<string, typeof pending>();
  for (const e of pending) byRealm.set(e.realmId, [...(byRealm.get(e.realmId) ?? []), e]);
  const out: WebhookProcessing = { realms: byRealm.size, processed: 0, ignored: 0, failed: 0, directPayments: 0 };
  for (const [realmId, events] of byRealm) {
    const ids = events.map((e) => e.id);
    const mark = (status: "processed" | "ignored" | "failed", error: string | null) =>
      db
        .update(qboWebhookEvents)
        .set({ status, error, processedAt: now })
        .where(and(inArray(qboWebhookEvents.id, ids), eq(qboWebhookEvents.status, "received")));
    const [conn] = await db
      .select({ creditorId: qboConnections.creditorId, status: qboConnections.status })
      .from(qboConnections)
      .where(and(eq(qboConnections.realmId, realmId), ne(qboConnections.status, "disconnected")));
    if (!conn) {
      await mark("ignored", "No creditor is connected to this QuickBooks company.");
      out.ignored += ids.length;
      continue;
    }
    try {
      const earliest = events.reduce<Date | null>(
        (min, e) => (e.occurredAt && (!min || e.occurredAt < min) ? e.occurredAt : min),
        null,
      );
      const r = await catchUpQboChanges(
        db,
        { creditorId: conn.creditorId, now, earliestChange: earliest },
        deps,
        actor,
      );
      await mark("processed", null);
      out.processed += ids.length;
      out.directPayments += r.directPayments;
    } catch (err) {
      await mark("failed", (err instanceof Error ? err.message : String(err)).slice(0, 2000));
      out.failed += ids.length;
    }
  }
  return out;
}
