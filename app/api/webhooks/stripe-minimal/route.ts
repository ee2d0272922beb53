import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { storeEventOnly } from "@/bench/lib/stripe-floor";
import { handleStripeWebhook } from "@/server/integrations/stripe/webhook-http";

/*
 * BENCHMARK ONLY (`npm run bench:webhooks`): the floor of this stack — same transport checks and
 * signature verification as /api/webhooks/stripe, then one row inserted, no processing. It answers
 * 404 unless CLEARBOOK_BENCH_ROUTES=1.
 */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: Request): Promise<Response> {
  if (env().CLEARBOOK_BENCH_ROUTES !== "1") return new Response("Not found", { status: 404 });
  return handleStripeWebhook(req, { db: getDb, receive: storeEventOnly });
}
