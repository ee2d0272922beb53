import type { Db } from "@/db/client";
import type { WEBHOOK_EVENT_TYPES } from "@/db/schema";
import { enqueueEffect } from "../outbox/outbox";

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * What causes an event: its type, the creditor it is for and the record it is about. The fan-out
 * job reads that record and sends it in its /v1 shape; a cause whose record has no /v1 reader here
 * (a statement) passes the object itself.
 */
export type WebhookCause = {
  type: WebhookEventType;
  creditorId: string;
  subjectId: string;
  /** The /v1 object, when the cause builds it itself. */
  object?: Record<string, unknown>;
  /** Distinguishes repeats of one type on one record (a placement paid, reversed, then paid again). */
  occurrence?: string;
};

/**
 * The outbox row that requests an event, for writers that build their rows themselves (the
 * payment statements of payments/payment-writes.ts). Keyed by our ids: one event per cause.
 */
export function webhookEventEffect(cause: WebhookCause) {
  return {
    topic: "webhook.event" as const,
    idempotencyKey: `webhook:${cause.type}:${cause.subjectId}${cause.occurrence ? `:${cause.occurrence}` : ""}`,
    payload: { ...cause },
  };
}

/** Request an outbound webhook event in the caller's transaction (same transaction as its cause). */
export async function emitWebhookEvent(db: Db, cause: WebhookCause): Promise<void> {
  const e = webhookEventEffect(cause);
  await enqueueEffect(db, e.topic, e.idempotencyKey, e.payload);
}

/** The events of a new applied payment: its remittance, and the placement if this payment paid it off. */
export function paymentWebhookEffects(p: {
  creditorId: string;
  placementId: string;
  remittanceId?: string;
  becamePaid: boolean;
}) {
  if (!p.remittanceId) return [];
  const { creditorId, remittanceId } = p;
  return [
    webhookEventEffect({ type: "remittance.created", creditorId, subjectId: remittanceId }),
    ...(p.becamePaid
      ? [webhookEventEffect({ type: "placement.paid", creditorId, subjectId: p.placementId, occurrence: remittanceId })]
      : []),
  ];
}
