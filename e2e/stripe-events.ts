import type { APIRequestContext } from "@playwright/test";
import Stripe from "stripe";
import { E2E_STRIPE_WEBHOOK_SECRET } from "./paths";

/**
 * Deliver one Stripe event to the app's webhook route as Stripe would: the event envelope around
 * `object`, signed with the webhook secret the e2e app verifies with. Answers the HTTP status.
 */
export async function deliverStripeEvent(
  request: APIRequestContext,
  event: { id: string; type: string; object: Record<string, unknown> },
): Promise<number> {
  const payload = JSON.stringify({
    id: event.id,
    object: "event",
    api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: event.type,
    data: { object: event.object },
  });
  const res = await request.post("/api/webhooks/stripe", {
    headers: {
      "content-type": "application/json",
      "stripe-signature": Stripe.webhooks.generateTestHeaderString({ payload, secret: E2E_STRIPE_WEBHOOK_SECRET }),
    },
    data: payload,
  });
  return res.status();
}
