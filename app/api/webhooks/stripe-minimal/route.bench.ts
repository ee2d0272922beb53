import { getDb } from "@/server/db";
import { storeEventOnly } from "@/bench/lib/stripe-floor";
import { handleStripeWebhook } from "@/server/integrations/stripe/webhook-http";

/*
 * BENCHMARK ONLY (`npm run bench:webhooks`): the floor of this stack — same transport checks and
 * signature verification as /api/webhooks/stripe, then one row inserted, no processing. The
 * `.bench.ts` extension keeps it out of every build but the benchmark's own (next.config.ts adds
 * the extension only when CLEARBOOK_BENCH_BUILD=1 at build time), so production has no such route.
 */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: Request): Promise<Response> {
  return handleStripeWebhook(req, { receive: async (event) => storeEventOnly(await getDb(), event) });
}
