/**
 * The demo's Stripe traffic: real-looking Stripe events (payments by card on open placements, one
 * partial refund), signed with the demo's own webhook secret exactly as Stripe signs them, and
 * delivered to the running app's `/api/webhooks/stripe`. They go through the route, the signature
 * check, the inbox and the handlers like production traffic, so the "Stripe events" screens and the
 * QuickBooks writebacks that follow show events the app really received. Event ids are fixed, so a
 * second delivery is a duplicate the inbox ignores.
 */
import { sql } from "drizzle-orm";
import Stripe from "stripe";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import { DEMO_QBO } from "./qbo";

export type DemoStripeEvent = { id: string; type: string; body: string };

type Pick = { id: string; invoice_number: string; invoice_amount: string; currency: string; slug: string };

const HOUR = 3_600_000;

/** The events to deliver, built from the seeded book (open placements nobody has paid yet). */
export async function planDemoStripeEvents(db: Db, now = new Date()): Promise<DemoStripeEvent[]> {
  const open = await queryRows<Pick>(
    db,
    sql`select p.id, p.invoice_number, p.invoice_amount::text, p.currency, c.slug
      from placements p join creditors c on c.id = p.creditor_id
      where p.status = 'open' and p.recovered_amount = 0 and p.qbo_invoice_id is not null
        and not exists (select 1 from payment_plans pp where pp.placement_id = p.id)
      order by c.slug, p.invoice_number desc`,
  );
  const [missing] = await queryRows<Pick>(
    db,
    sql`select p.id, p.invoice_number, p.invoice_amount::text, p.currency, c.slug
      from placements p join creditors c on c.id = p.creditor_id
      where p.invoice_number = ${DEMO_QBO.missingInvoice} and p.status = 'open'`,
  );
  const bySlug = (slug: string, n: number) => open.filter((p) => p.slug === slug).slice(0, n);
  // Northwind (QuickBooks connected): three card payments, the first later refunded in part; the
  // payment on the invoice QuickBooks does not have fails its writeback and waits for a retry.
  const picks = [...bySlug("northwind", 3), ...(missing ? [missing] : [])];
  const events: DemoStripeEvent[] = [];
  let t = Math.floor((now.getTime() - 4 * 24 * HOUR) / 1000);
  for (const [k, p] of picks.entries()) {
    t += 7 * 3600 + k * 1321;
    const amount = Number((BigInt(p.invoice_amount) * BigInt(35 + 15 * k)) / 100n);
    const n = String(k + 1).padStart(3, "0");
    const pi = `pi_3DemoReplay${n}Nw`;
    events.push(
      event(`evt_3DemoReplay${n}Pi`, "payment_intent.succeeded", t, {
        id: pi,
        object: "payment_intent",
        amount,
        amount_received: amount,
        currency: p.currency.toLowerCase(),
        status: "succeeded",
        latest_charge: `ch_3DemoReplay${n}Nw`,
        metadata: { placement_id: p.id, invoice_number: p.invoice_number },
        created: t - 40,
      }),
    );
    if (k === 0) {
      const refund = Math.floor(amount / 4);
      events.push(
        event(`evt_3DemoReplay${n}Re`, "refund.created", t + 26 * 3600, {
          id: `re_3DemoReplay${n}Nw`,
          object: "refund",
          amount: refund,
          currency: p.currency.toLowerCase(),
          payment_intent: pi,
          charge: `ch_3DemoReplay${n}Nw`,
          status: "succeeded",
          reason: "requested_by_customer",
          created: t + 26 * 3600 - 5,
          metadata: {},
        }),
      );
    }
  }
  return events;
}

function event(id: string, type: string, created: number, object: Record<string, unknown>): DemoStripeEvent {
  const body = JSON.stringify({
    id,
    object: "event",
    api_version: "2026-10-28.endive",
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
  return { id, type, body };
}

/** Deliver the events to the app, signed with `secret` as Stripe signs them; answers each status. */
export async function deliverDemoStripeEvents(appUrl: string, secret: string, events: DemoStripeEvent[]) {
  const outcomes: Array<{ id: string; type: string; status: string }> = [];
  for (const e of events) {
    const res = await fetch(`${appUrl}/api/webhooks/stripe`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "stripe-signature": Stripe.webhooks.generateTestHeaderString({ payload: e.body, secret }),
      },
      body: e.body,
    });
    const answer = (await res.json().catch(() => ({}))) as { status?: string; error?: string };
    outcomes.push({
      id: e.id,
      type: e.type,
      status: res.ok ? (answer.status ?? "ok") : `HTTP ${res.status} ${answer.error ?? ""}`,
    });
  }
  return outcomes;
}
