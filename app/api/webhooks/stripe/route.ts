import { getDb } from "@/server/db";
import { receiveStripeEvent } from "@/server/services/stripe-events/inbox";
import { handleStripeWebhook } from "@/server/integrations/stripe/webhook-http";

// Signature verification needs the raw body and node:crypto.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Stripe → Clearbook: verified, stored once by event id, applied in the same transaction. */
export async function POST(req: Request): Promise<Response> {
  return handleStripeWebhook(req, { receive: async (event) => receiveStripeEvent(await getDb(), event) });
}
