import Stripe from "stripe";
import { env } from "@/server/env";

/** Stripe's default: a signature older than five minutes is refused (a replay). */
export const SIGNATURE_TOLERANCE_S = 300;
/**
 * How far in the future a signature may be dated: clock skew between Stripe and us, nothing more.
 * The stripe package checks only the age (a timestamp ahead of our clock passes its check), so a
 * signature dated hours ahead would stay replayable that long.
 */
export const FUTURE_SKEW_S = 60;

// What Stripe's ids and types look like; anything else (a NUL, 500 KB) is not an event Stripe sent.
const EVENT_ID = /^[A-Za-z0-9_-]{1,255}$/;
const EVENT_TYPE = /^[a-z0-9_.]{1,100}$/;

/**
 * A thin (API v2) event notification: `{object: "v2.core.event", id, type, related_object, …}`,
 * no `data.object`. Its payload carries no money to book (the full event must be fetched with
 * the v2 API); Clearbook's endpoint is a snapshot (v1) endpoint, so one reaching it is answered
 * 200 and logged, never a 400 that Stripe would retry for days.
 */
export type ThinEventNotification = { id: string; type: string; relatedObjectId: string | null };

export type VerifyResult =
  | { ok: true; event: Stripe.Event; thin?: undefined }
  | { ok: true; thin: ThinEventNotification; event?: undefined }
  | { ok: false; reason: string };

/** The webhook secrets accepted now: the current one, plus the previous one during a rotation. */
export function webhookSecretsFromEnv(): string[] {
  const e = env();
  return [e.STRIPE_WEBHOOK_SECRET, e.STRIPE_WEBHOOK_SECRET_PREVIOUS].filter((s): s is string => Boolean(s));
}

/**
 * Verify the `Stripe-Signature` header over the raw body with any of `secrets` (rotation) and
 * parse the event. Never throws: the reason says what to fix.
 */
export function verifyStripeEvent(
  rawBody: string,
  header: string | null,
  secrets: readonly string[],
  nowMs?: number,
): VerifyResult {
  if (secrets.length === 0) return { ok: false, reason: "webhook secret not configured (STRIPE_WEBHOOK_SECRET)" };
  if (!header) return { ok: false, reason: "missing Stripe-Signature header" };
  let lastReason = "signature mismatch";
  for (const secret of secrets) {
    try {
      Stripe.webhooks.signature!.verifyHeader(rawBody, header, secret, SIGNATURE_TOLERANCE_S, undefined, nowMs);
    } catch (err) {
      lastReason = err instanceof Error ? err.message : String(err);
      // A stale timestamp is stale for every secret: no point trying the next one.
      if (/tolerance/i.test(lastReason))
        return { ok: false, reason: "signature timestamp outside the 300 s tolerance (replayed or clock skew)" };
      continue;
    }
    const signedAt = Number(/(?:^|,)\s*t=(\d+)/.exec(header)?.[1]);
    if (signedAt * 1000 > (nowMs ?? Date.now()) + FUTURE_SKEW_S * 1000)
      return {
        ok: false,
        reason: `signature timestamp is more than ${FUTURE_SKEW_S} s in the future (check the server clock)`,
      };
    return parseEvent(rawBody);
  }
  return { ok: false, reason: describeFailure(lastReason) };
}

function describeFailure(message: string): string {
  if (/matching the expected signature/i.test(message))
    return "signature does not match any configured webhook secret (was the raw body altered?)";
  if (/Unable to extract timestamp|No signatures found with expected scheme/i.test(message))
    return "malformed Stripe-Signature header (needs t=… and v1=…)";
  if (/No webhook payload/i.test(message)) return "empty body";
  return message.split("\n")[0]!;
}

function parseEvent(rawBody: string): VerifyResult {
  let value: unknown;
  try {
    value = JSON.parse(rawBody);
  } catch {
    return { ok: false, reason: "body is not valid JSON" };
  }
  const e = value as Partial<Stripe.Event> | null;
  const thin = thinNotification(value);
  if (thin) return { ok: true, thin };
  if (
    !e ||
    typeof e !== "object" ||
    typeof e.id !== "string" ||
    typeof e.type !== "string" ||
    typeof e.created !== "number" ||
    !e.data ||
    typeof e.data.object !== "object" ||
    e.data.object === null
  ) {
    return { ok: false, reason: "body is not a Stripe event (needs id, type, created and data.object)" };
  }
  if (!EVENT_ID.test(e.id) || !EVENT_TYPE.test(e.type))
    return {
      ok: false,
      reason: "body is not a Stripe event (its id or type has characters or a length Stripe never sends)",
    };
  return { ok: true, event: e as Stripe.Event };
}

function thinNotification(value: unknown): ThinEventNotification | null {
  if (!value || typeof value !== "object") return null;
  const o = value as { object?: unknown; id?: unknown; type?: unknown; related_object?: { id?: unknown } | null };
  if (o.object !== "v2.core.event" || typeof o.id !== "string" || typeof o.type !== "string") return null;
  return {
    id: o.id.slice(0, 255),
    type: o.type.slice(0, 100),
    relatedObjectId: typeof o.related_object?.id === "string" ? o.related_object.id.slice(0, 255) : null,
  };
}
