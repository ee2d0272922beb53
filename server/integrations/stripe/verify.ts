import Stripe from "stripe";
import { env } from "@/server/env";

/** Stripe's default: a signature older (or newer) than five minutes is refused. */
export const SIGNATURE_TOLERANCE_S = 300;

export type VerifyResult = { ok: true; event: Stripe.Event } | { ok: false; reason: string };

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
  return { ok: true, event: e as Stripe.Event };
}
