import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { stripeEvents } from "@/db/schema";
import { findBadText, findingMessage, storageProblem } from "@/server/lib/text-guard";
import { recordAudit } from "../audit/record";
import { openWorkItem } from "../work-items/open";
import type { InboxOutcome } from "./inbox";
import { inboxRow } from "./inbox-row";

/** Stripe did not exist before this; its events carry Unix seconds. */
const EARLIEST_CREATED_S = Date.UTC(2010, 0, 1) / 1000;
/** An event dated further ahead than this is not a clock difference. */
const FUTURE_CREATED_S = 24 * 60 * 60;
/** Indexed text columns: PostgreSQL refuses btree index rows over ~2.7 KB. */
const MAX_REF = 255;
/** Set on the stored payload of an unfit event: a retry from the inbox finds it unfit again. */
const UNFIT_MARK = "clearbook_unfit";

/**
 * Why a verified event cannot be stored or applied as it is, or null. An authentic (signed) event
 * is never refused outright: Stripe would redeliver it for three days. It is stored as `failed`,
 * visibly, with a work item, and answered 2xx. What makes it unfit: a `created` that is not a time
 * (1e15, −1e13, 1.5), text PostgreSQL cannot hold (NUL, an unpaired surrogate) anywhere in the
 * payload, or a reference too long to index.
 */
export function unfitStripeEvent(event: Stripe.Event, nowMs = Date.now()): string | null {
  const mark = (event as unknown as Record<string, unknown>)[UNFIT_MARK];
  if (mark) return String((mark as { reason?: unknown }).reason ?? mark);
  const c = event.created;
  if (!Number.isSafeInteger(c) || c < EARLIEST_CREATED_S || c > nowMs / 1000 + FUTURE_CREATED_S)
    return `created ${JSON.stringify(c)} is not a time Stripe could have sent (Unix seconds from 2010 to now)`;
  const found = findBadText(event, storageProblem);
  if (found) return `the payload cannot be stored: ${findingMessage(found)}`;
  const objectId = (event.data.object as { id?: unknown }).id;
  for (const [name, value] of [
    ["data.object.id", objectId],
    ["account", event.account],
    ["api_version", event.api_version],
  ] as const)
    if (typeof value === "string" && value.length > MAX_REF)
      return `${name} is ${value.length} characters long; Stripe's are at most ${MAX_REF}`;
  return null;
}

// JSON text escapes NUL and unpaired surrogates as \uXXXX: turn those escapes into visible text
// (a backslash and the digits), so the stored payload shows exactly what came.
const UNSTORABLE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(0000|d[89a-f][0-9a-f]{2})/gi;

/**
 * Store an unfit event as `failed` with a `stripe_event_failed` work item and an audit event, in one
 * transaction; a redelivery finds it and changes nothing. The payload is kept with the unstorable
 * characters written out and the reason marked, `created` is the time it arrived.
 */
export async function storeUnfitStripeEvent(db: Db, event: Stripe.Event, reason: string): Promise<InboxOutcome> {
  const payload = JSON.parse(JSON.stringify(event).replace(UNSTORABLE_ESCAPE, "$1\\\\u$2")) as Record<string, unknown>;
  const objectId = (event.data.object as { id?: unknown }).id;
  const ref = typeof objectId === "string" && objectId.length <= MAX_REF && !storageProblem(objectId) ? objectId : null;
  // The stored form: the payload as it came (characters written out), its `created` the arrival, the
  // original `created` and the reason under the mark.
  const storedForm = {
    ...payload,
    created: Math.floor(Date.now() / 1000),
    [UNFIT_MARK]: { reason, created: (payload as { created?: unknown }).created ?? null },
  } as unknown as Stripe.Event;
  const stored = await db.transaction(async (tx) => {
    const rows = await tx
      .insert(stripeEvents)
      .values({
        ...inboxRow(storedForm, { status: "failed", error: reason, attempts: 1 }),
        // An object id too long to index, or unstorable, is kept in the payload only.
        objectId: ref,
      })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.eventId });
    if (!rows.length) return false;
    const actor = { type: "stripe_webhook" as const, id: event.id };
    await openWorkItem(tx, {
      kind: "stripe_event_failed",
      subjectType: "stripe_event",
      subjectId: event.id,
      title: `Stripe ${event.type} ${event.id} is unfit to apply: ${reason}`.slice(0, 500),
      nextAction:
        "Look the event up in the Stripe dashboard: book what it describes by hand if it is real, or resolve this item if it is not.",
      evidence: { reason, type: event.type, objectId: ref },
      dedupeKey: `stripe-event:${event.id}`,
    });
    await recordAudit(tx, {
      actor,
      action: "stripe.event_failed",
      category: "payments",
      targetType: "stripe_event",
      targetId: event.id,
      details: { type: event.type, reason },
    });
    return true;
  });
  return { eventId: event.id, status: stored ? "failed" : "duplicate", detail: reason };
}
