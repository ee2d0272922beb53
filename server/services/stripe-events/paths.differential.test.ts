import fc from "fast-check";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createTestDb } from "@/db/testing/test-db";
import { queryRows } from "@/db/rows";
import { sql } from "drizzle-orm";
import { resetEnvForTests } from "@/server/env";
import { systemActor } from "@/server/domain/actor";
import { verifyLedger } from "../ledger/verify";
import { createCreditor } from "../creditors/creditors";
import { createPaymentPlan, createPlacement } from "../placements/placements";
import { charge, dispute, paymentIntent, refund, stripeEvent } from "@/server/testing/stripe";
import { receiveStripeEvent } from "./inbox";
import { batcherOf } from "./payment-batch";

/** The largest batch the fast path wrote, to prove the property exercised real batches. */
let largestBatch = 0;

/**
 * The two ways a Stripe payment is written — the batched fast path (one statement shared by the
 * payments that arrive together) and the transaction path — must leave identical books. Random
 * histories (payments, partials, overpayments, installments, unknown placements, refunds,
 * disputes won back, redeliveries, in any order) go through both, each into a database of its
 * own: fast path on with payments arriving together (batches), and fast path off, one event at a
 * time. Every row of every table must be the same apart from generated ids (compared through
 * natural keys) and write-time clocks, and the ledger must verify on both.
 */

type Payment = {
  placement: number | null;
  amountPct: number;
  installment: boolean;
  refundPct: number;
  dispute: number;
};
type History = {
  rateBps: number;
  placements: Array<{ amount: number; plan: boolean }>;
  payments: Payment[];
  order: number[];
  redeliver: boolean[];
};

const history: fc.Arbitrary<History> = fc
  .record({
    rateBps: fc.integer({ min: 0, max: 5000 }),
    placements: fc.array(fc.record({ amount: fc.integer({ min: 100, max: 50_000 }), plan: fc.boolean() }), {
      minLength: 1,
      maxLength: 5,
    }),
    payments: fc.array(
      fc.record({
        placement: fc.option(fc.integer({ min: 0, max: 4 }), { freq: 8 }),
        amountPct: fc.integer({ min: 1, max: 160 }),
        installment: fc.boolean(),
        refundPct: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 })),
        dispute: fc.constantFrom(0, 0, 1, 2), // 0 none, 1 withdrawn, 2 withdrawn then reinstated
      }),
      { minLength: 1, maxLength: 8 },
    ),
    seed: fc.integer(),
  })
  .chain((h) => {
    const eventsUpperBound = h.payments.length * 5;
    return fc.record({
      rateBps: fc.constant(h.rateBps),
      placements: fc.constant(h.placements),
      payments: fc.constant(h.payments),
      order: fc.shuffledSubarray(
        Array.from({ length: eventsUpperBound }, (_, i) => i),
        { minLength: eventsUpperBound, maxLength: eventsUpperBound },
      ),
      redeliver: fc.array(fc.boolean(), { minLength: eventsUpperBound, maxLength: eventsUpperBound }),
    });
  });

type Fixture = { placementIds: string[]; installments: Map<string, string[]>; amounts: bigint[] };

/** The same creditor, placements and plans in a database (natural keys: names and invoice numbers). */
async function fixture(db: Db, h: History): Promise<Fixture> {
  const actor = systemActor("test");
  const creditor = await createCreditor(
    db,
    {
      name: "Differential Creditor",
      slug: "differential",
      defaultCurrency: "USD",
      contingencyRateBps: h.rateBps,
      effectiveFrom: new Date("2020-01-01T00:00:00Z"),
    },
    actor,
  );
  const placementIds: string[] = [];
  const installments = new Map<string, string[]>();
  for (const [i, p] of h.placements.entries()) {
    const pl = await createPlacement(
      db,
      creditor.id,
      {
        invoiceNumber: `DIFF-${i}`,
        invoiceAmount: BigInt(p.amount),
        currency: "USD",
        dueDate: "2026-01-15",
        debtor: { name: `Debtor ${i}`, email: `debtor${i}@example.test` },
      },
      actor,
    );
    placementIds.push(pl.id);
    if (p.plan && p.amount >= 2) {
      const first = BigInt(Math.floor(p.amount / 2));
      const plan = await createPaymentPlan(
        db,
        creditor.id,
        pl.id,
        [
          { dueDate: "2026-02-01", amount: first },
          { dueDate: "2026-03-01", amount: BigInt(p.amount) - first },
        ],
        actor,
      );
      installments.set(
        pl.id,
        plan.installments.map((x: { id: string }) => x.id),
      );
    }
  }
  return { placementIds, installments, amounts: h.placements.map((p) => BigInt(p.amount)) };
}

/** The history's events (Stripe-shaped, ids fixed by the history so both databases see the same ones). */
function eventsOf(h: History, f: Fixture): Stripe.Event[] {
  const out: Stripe.Event[] = [];
  const at = (i: number) => 1_780_000_000 + i;
  h.payments.forEach((p, n) => {
    const placementId =
      p.placement === null
        ? "00000000-0000-4000-8000-00000000dead"
        : f.placementIds[p.placement % f.placementIds.length]!;
    const base = p.placement === null ? 10_000n : f.amounts[p.placement % f.amounts.length]!;
    const amount = Number((base * BigInt(p.amountPct)) / 100n) || 1;
    const inst = f.installments.get(placementId);
    const pi = `pi_diff_${n}`;
    const ch = `ch_diff_${n}`;
    // Objects carry their own `created`: fixed here, so both databases see the same instants.
    const ev = (type: string, obj: Record<string, unknown>, k: number) =>
      stripeEvent(
        type,
        { ...obj, created: at(n * 10 + k) },
        { id: `evt_diff_${n}_${k}`, created: at(n * 10 + k) },
      ) as unknown as Stripe.Event;
    out.push(
      ev(
        "payment_intent.succeeded",
        paymentIntent({
          id: pi,
          amount,
          placementId,
          chargeId: ch,
          installmentId: p.installment && inst ? inst[0] : undefined,
        }),
        0,
      ),
    );
    const refunded = Math.floor((amount * p.refundPct) / 100);
    if (refunded > 0) {
      out.push(
        ev("refund.created", refund({ id: `re_diff_${n}`, amount: refunded, paymentIntentId: pi, chargeId: ch }), 1),
      );
      out.push(ev("charge.refunded", charge({ id: ch, paymentIntentId: pi, amount, amountRefunded: refunded }), 2));
    }
    const disputed = amount - refunded;
    if (p.dispute > 0 && disputed > 0) {
      const d = dispute({ id: `du_diff_${n}`, amount: disputed, paymentIntentId: pi, chargeId: ch });
      out.push(ev("charge.dispute.funds_withdrawn", d, 3));
      if (p.dispute === 2) out.push(ev("charge.dispute.funds_reinstated", { ...d, status: "won" }, 4));
    }
  });
  return out;
}

/** The delivery order: the history's permutation, with redeliveries of some events at the end. */
function deliveries(h: History, events: Stripe.Event[]): Stripe.Event[] {
  const ordered = h.order.filter((i) => i < events.length).map((i) => events[i]!);
  return [...ordered, ...ordered.filter((_, i) => h.redeliver[i])];
}

/**
 * Consecutive deliveries about different placements go together (as webhooks arriving at once);
 * two about one placement never do, since their order decides how a payment splits the balance.
 */
function waves(h: History, list: Stripe.Event[]): Stripe.Event[][] {
  const out: Stripe.Event[][] = [];
  let wave: Stripe.Event[] = [];
  let keys = new Set<string>();
  for (const e of list) {
    const n = Number(e.id.split("_")[2]); // the payment's number: every event about one payment has it
    const placement = h.payments[n]!.placement;
    const key = placement === null ? `payment:${n}` : `placement:${placement % h.placements.length}`;
    if (keys.has(key)) {
      out.push(wave);
      wave = [];
      keys = new Set();
    }
    wave.push(e);
    keys.add(key);
  }
  if (wave.length) out.push(wave);
  return out;
}

/** Write-time clocks (and due_at, a service level counted from one) and the rows' own generated ids are not compared; everything else is. */
const CLOCKS = new Set([
  "created_at",
  "updated_at",
  "processed_at",
  "placed_at",
  "next_attempt_at",
  "locked_until",
  "due_at",
]);
const TABLES: Array<{ table: string; key: string; clocks?: string[] }> = [
  { table: "creditors", key: "'creditor:' || name" },
  { table: "debtors", key: "'debtor:' || coalesce(email, name)" },
  { table: "placements", key: "'placement:' || invoice_number" },
  { table: "payment_plans", key: "'plan:' || (select invoice_number from placements p where p.id = placement_id)" },
  {
    table: "installments",
    key: "'installment:' || (select invoice_number from placements p where p.id = placement_id) || ':' || seq",
  },
  { table: "payment_attempts", key: "'attempt:' || source || ':' || external_id" },
  { table: "journal_entries", key: "'entry:' || kind || ':' || coalesce(source_ref, description)" },
  {
    table: "remittances",
    key: "'remittance:' || status || ':' || coalesce(external_ref, (select external_id from payment_attempts a where a.id = payment_attempt_id))",
  },
  {
    table: "customer_credits",
    key: "'credit:' || (select external_id from payment_attempts a where a.id = payment_attempt_id) || ':' || amount || ':' || status",
  },
  { table: "accounting_documents", key: "'document:' || number" },
  { table: "accounting_document_lines", key: "'line:' || allocate_to || ':' || amount" },
  { table: "postings", key: "'posting:' || account || ':' || amount" },
  { table: "work_items", key: "'work:' || dedupe_key" },
  { table: "outbox", key: "'outbox:' || idempotency_key" },
  { table: "audit_events", key: "'audit:' || action", clocks: ["occurred_at"] },
  { table: "stripe_events", key: "'event:' || event_id", clocks: ["received_at"] },
  { table: "creditor_rates", key: "'rate:' || rate_bps" },
];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Every table's rows as sorted JSON, generated ids replaced by the natural keys of the rows they name. */
async function books(db: Db): Promise<Record<string, string[]>> {
  const names = new Map<string, string>();
  const dumps: Array<{
    table: string;
    rows: Array<{ id?: string; key: string; row: Record<string, unknown> }>;
    clocks: string[];
  }> = [];
  for (const t of TABLES) {
    const rows = await queryRows<{ key: string; row: Record<string, unknown> }>(
      db,
      sql.raw(`select ${t.key} as key, to_jsonb(x) as row from ${t.table} x`),
    );
    for (const r of rows) if (typeof r.row.id === "string") names.set(r.row.id, r.key);
    dumps.push({ table: t.table, rows, clocks: t.clocks ?? [] });
  }
  // A name may itself hold ids (an entry's source_ref names its payment attempt): resolve those too.
  const resolve = (text: string): string => text.replace(UUID, (id) => names.get(id) ?? "<unknown id>");
  for (const [id, key] of names)
    names.set(
      id,
      key.replace(UUID, (x) => (x === id ? x : (names.get(x) ?? x))),
    );
  const out: Record<string, string[]> = {};
  for (const d of dumps) {
    out[d.table] = d.rows
      .map(({ row }) => {
        const kept = Object.fromEntries(
          Object.entries(row).filter(([k]) => k !== "id" && !CLOCKS.has(k) && !d.clocks.includes(k)),
        );
        return resolve(JSON.stringify(kept, Object.keys(kept).sort()));
      })
      .sort();
  }
  return out;
}

async function run(h: History, batched: boolean): Promise<{ books: Record<string, string[]>; ledger: unknown[] }> {
  const t = await createTestDb({ poolSize: 8 });
  try {
    const f = await fixture(t.db, h);
    const list = deliveries(h, eventsOf(h, f));
    if (batched) for (const wave of waves(h, list)) await Promise.all(wave.map((e) => receiveStripeEvent(t.db, e)));
    else for (const e of list) await receiveStripeEvent(t.db, e, { batched: false });
    largestBatch = Math.max(largestBatch, batcherOf(t.db).stats.largest);
    return { books: await books(t.db), ledger: await verifyLedger(t.db) };
  } finally {
    await t.drop();
  }
}

/** A history that always batches: five payments on five placements arriving together, then their refunds. */
const TOGETHER: History = {
  rateBps: 2500,
  placements: Array.from({ length: 5 }, (_, i) => ({ amount: 10_000 + i * 333, plan: i === 0 })),
  payments: Array.from({ length: 5 }, (_, i) => ({
    placement: i,
    amountPct: [40, 100, 130, 77, 100][i]!,
    installment: i === 0,
    refundPct: i % 2 ? 50 : 0,
    dispute: i === 4 ? 2 : 0,
  })),
  // The five payments first (their events are 0, 1, 4, 5 and 8 in eventsOf's order), then the rest.
  order: [0, 1, 4, 5, 8, 2, 3, 6, 7, 9, 10, ...Array.from({ length: 14 }, (_, i) => 11 + i)],
  redeliver: Array.from({ length: 25 }, (_, i) => i % 3 === 0),
};

describe("the batched fast path and the transaction path write the same books", () => {
  it("for any history of payments, reversals and redeliveries, in any order", async () => {
    // One batch at the database at a time: payments arriving together queue and share statements.
    process.env.STRIPE_PAYMENT_BATCHES = "1";
    resetEnvForTests();
    const pglite = !process.env.DATABASE_URL;
    await fc.assert(
      fc.asyncProperty(history, async (h) => {
        const fast = await run(h, true);
        const slow = await run(h, false);
        expect(fast.ledger).toEqual([]);
        expect(slow.ledger).toEqual([]);
        for (const table of Object.keys(slow.books)) expect(fast.books[table], table).toEqual(slow.books[table]);
      }),
      { numRuns: pglite ? 2 : 15, endOnFailure: true, examples: [[TOGETHER]] },
    );
    // The fast path ran, and payments arriving together shared its statement.
    expect(largestBatch).toBeGreaterThan(1);
  }, 600_000);
});
