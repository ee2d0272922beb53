import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { stripeEvents } from "@/db/schema";
import { inboxRow } from "@/server/services/stripe-events/inbox-row";

/**
 * BENCHMARK ONLY: the floor the full webhook pipeline is compared with in `npm run bench:webhooks`
 * — one row stored, nothing processed. Used by app/api/webhooks/stripe-minimal/route.bench.ts
 * (built only by the benchmark, CLEARBOOK_BENCH_BUILD=1) and the benchmark's in-process fallback.
 */
export async function storeEventOnly(db: Db, event: Stripe.Event): Promise<{ status: "ignored" | "duplicate" }> {
  const rows = await db
    .insert(stripeEvents)
    .values(inboxRow(event, { status: "received" }))
    .onConflictDoNothing()
    .returning({ id: stripeEvents.eventId });
  return { status: rows.length ? "ignored" : "duplicate" };
}
