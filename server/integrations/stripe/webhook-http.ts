import { TransientDbError } from "@/server/lib/db-retry";
import { readCapped } from "@/server/lib/read-capped";
import { verifyStripeEvent, webhookSecretsFromEnv } from "./verify";
import type Stripe from "stripe";

/** Stripe events are a few KB; anything near this is not one of them. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

export type WebhookDeps = {
  secrets?: readonly string[];
  /** What to do with a verified event (the route passes the inbox); answers the stored status. */
  receive: (event: Stripe.Event) => Promise<{ status: string }>;
};

const json = (status: number, body: Record<string, unknown>) =>
  Response.json(body, { status, headers: { "cache-control": "no-store" } });

/**
 * The Stripe webhook, transport side: refuse oversized bodies before reading them whole, refuse
 * anything but JSON, verify the signature over the raw text, then hand the event to the inbox.
 * 2xx once the event is stored (processed, parked, ignored, failed with a work item, duplicate);
 * 4xx says what was wrong and writes nothing; 503 asks Stripe to retry a busy database.
 */
export async function handleStripeWebhook(req: Request, deps: WebhookDeps): Promise<Response> {
  const declared = req.headers.get("content-length");
  if (declared && Number(declared) > MAX_WEBHOOK_BYTES)
    return json(413, { error: `body over ${MAX_WEBHOOK_BYTES} bytes` });
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") return json(415, { error: "content-type must be application/json" });
  const raw = await readCapped(req, MAX_WEBHOOK_BYTES);
  if (raw === null) return json(413, { error: `body over ${MAX_WEBHOOK_BYTES} bytes` });
  const verified = verifyStripeEvent(raw, req.headers.get("stripe-signature"), deps.secrets ?? webhookSecretsFromEnv());
  if (!verified.ok) return json(400, { error: verified.reason });
  if (verified.thin) {
    const t = verified.thin;
    // Authentic, but a thin (v2) notification has nothing to book and this is a snapshot endpoint.
    console.warn(
      `stripe webhook: thin event notification ${t.id} (${t.type}${t.relatedObjectId ? `, ${t.relatedObjectId}` : ""}) acknowledged and not processed: subscribe a snapshot (v1) endpoint instead (see server/integrations/stripe/README.md)`,
    );
    return json(200, {
      received: true,
      id: t.id,
      status: "ignored",
      detail: "thin (v2) event notifications are not processed by this endpoint; use a snapshot event destination",
    });
  }
  try {
    const outcome = await deps.receive(verified.event);
    return json(200, { received: true, id: verified.event.id, status: outcome.status });
  } catch (err) {
    if (err instanceof TransientDbError) return json(503, { error: "database busy; retry later" });
    console.error("stripe webhook: could not store event", verified.event.id, err);
    return json(500, { error: "event not stored; retry later" });
  }
}
