/**
 * TEST FIXTURES: Stripe's own published object fixtures (stripe/openapi `fixtures3.json`, MIT),
 * read from the shared samples folder beside the project (never copied into it). Events are built
 * from the fixture Event with a fixture object inside, changing only ids, amounts, metadata, times
 * and the state fields the event implies. Tests using them skip when the folder is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";

const FILE = path.resolve(process.cwd(), "../shared/samples/stripe/fixtures3.json");

/** True when ../shared/samples/stripe/fixtures3.json is there (skip the test otherwise). */
export const hasStripeSamples = existsSync(FILE);
export const STRIPE_SAMPLES_MISSING = `Stripe's fixtures3.json not found at ${FILE}; these tests need the shared samples folder beside the project`;

type Obj = Record<string, unknown>;
let cache: Record<string, Obj> | undefined;

/** A deep copy of one fixture resource (`payment_intent`, `charge`, `refund`, `event`…). */
export function sampleObject(resource: string, overrides: Obj = {}): Obj {
  cache ??= (JSON.parse(readFileSync(FILE, "utf8")) as { resources: Record<string, Obj> }).resources;
  const found = cache[resource];
  if (!found) throw new Error(`fixtures3.json has no resource ${resource}`);
  return { ...(structuredClone(found) as Obj), ...overrides };
}

export const sampleId = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;

let clock = Math.floor(Date.now() / 1000) - 3_600;

/** The fixture Event around `object`, as `type`, rendered at `apiVersion` (default: ours). */
export function sampleEvent(type: string, object: Obj, opts: { apiVersion?: string | null; extra?: Obj } = {}): Obj {
  clock += 1;
  return sampleObject("event", {
    id: sampleId("evt"),
    type,
    created: clock,
    api_version: opts.apiVersion === undefined ? "2026-10-28.endive" : opts.apiVersion,
    pending_webhooks: 1,
    data: { object },
    ...opts.extra,
  });
}

/** The fixture PaymentIntent, succeeded for `amount` minor units, naming `placementId`. */
export function samplePaymentIntent(p: { amount: number; placementId: string; latestCharge?: unknown }): Obj {
  return sampleObject("payment_intent", {
    id: sampleId("pi"),
    amount: p.amount,
    amount_received: p.amount,
    amount_capturable: 0,
    status: "succeeded",
    canceled_at: null,
    last_payment_error: null,
    next_action: null,
    processing: null,
    latest_charge: p.latestCharge === undefined ? sampleId("ch") : p.latestCharge,
    metadata: { placement_id: p.placementId },
  });
}
