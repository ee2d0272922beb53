import type Stripe from "stripe";
import type { Bind } from "@/db/statements";

/** The inbox row of an event (its payload kept whole, for re-drives and for the record). */
export function inboxRow(event: Stripe.Event) {
  const objectId = (event.data.object as { id?: unknown }).id;
  return {
    eventId: event.id,
    type: event.type,
    livemode: Boolean(event.livemode),
    account: event.account ?? null,
    apiVersion: event.api_version ?? null,
    objectId: typeof objectId === "string" ? objectId : null,
    created: new Date(event.created * 1000),
    payload: event as unknown as Record<string, unknown>,
  };
}

/** An inbox row's columns (as written before its status) and their SQL types, for hand-built statements. */
export const INBOX_COLUMNS = {
  event_id: "text",
  type: "text",
  livemode: "boolean",
  account: "text",
  api_version: "text",
  object_id: "text",
  created: "timestamptz",
  payload: "jsonb",
} as const;

/** The values of inboxRow in wire form, by INBOX_COLUMNS. */
export function inboxRowValues(event: Stripe.Event): Record<keyof typeof INBOX_COLUMNS, unknown> {
  const r = inboxRow(event);
  return {
    event_id: r.eventId,
    type: r.type,
    livemode: r.livemode,
    account: r.account,
    api_version: r.apiVersion,
    object_id: r.objectId,
    created: r.created.toISOString(),
    payload: JSON.stringify(r.payload),
  };
}

/** The columns and bound values of an inbox row stored as processed now, for hand-built statements. */
export function processedInboxInsert(event: Stripe.Event, p: Bind): { columns: string; values: string } {
  const row = inboxRowValues(event);
  const cols = Object.keys(INBOX_COLUMNS) as Array<keyof typeof INBOX_COLUMNS>;
  return {
    columns: `${cols.join(", ")}, status, attempts, processed_at`,
    values: `${cols.map((c) => p(row[c], INBOX_COLUMNS[c])).join(", ")}, 'processed'::stripe_event_status, 1, now()`,
  };
}
