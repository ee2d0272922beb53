import type { Db } from "@/db/client";
import { createCreditor, changeContingencyRate } from "@/server/services/creditors/creditors";
import { closePlacement, createPaymentPlan, createPlacement } from "@/server/services/placements/placements";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { recordReversal } from "@/server/services/reversals/reversals";
import { systemActor } from "@/server/domain/actor";
import { COMPANY, DEBTOR_FIRST, DEBTOR_LAST, rng } from "./random";
import { seedStatements } from "./statements";
import { seedMatching } from "./matching";

type CreditorSpec = {
  name: string;
  slug: string;
  currency: string;
  rateBps: number;
  laterRateBps?: number;
  placements: number;
  amounts: [number, number];
};

export const DEMO_CREDITORS: CreditorSpec[] = [
  {
    name: "Northwind Supplies",
    slug: "northwind",
    currency: "USD",
    rateBps: 2500,
    laterRateBps: 2200,
    placements: 140,
    amounts: [15_000, 900_000],
  },
  {
    name: "Harbor Medical Group",
    slug: "harbor-medical",
    currency: "USD",
    rateBps: 3000,
    placements: 90,
    amounts: [8_000, 250_000],
  },
  {
    name: "Alpen Industrie GmbH",
    slug: "alpen",
    currency: "EUR",
    rateBps: 2000,
    placements: 60,
    amounts: [20_000, 1_500_000],
  },
  {
    name: "Sakura Trading KK",
    slug: "sakura",
    currency: "JPY",
    rateBps: 2200,
    placements: 30,
    amounts: [5_000, 800_000],
  },
];

const DAY = 86_400_000;
const seedActor = systemActor("demo-seed");

export type DemoSummary = {
  creditors: Array<{ id: string; name: string; slug: string; currency: string }>;
  placements: number;
  payments: number;
  reversals: number;
  /** Statement versions issued for the months that have ended. */
  statements: number;
};

/**
 * Seed a realistic book through the same services the app uses: creditors in three currencies, a
 * rate change mid-year, a few hundred placements across statuses, partial payments, installment
 * plans, overpayments, refunds and a chargeback. Deterministic for a given `now`.
 */
export async function seedDemo(db: Db, now = new Date()): Promise<DemoSummary> {
  const r = rng(20261122);
  const start = new Date(now.getTime() - 330 * DAY);
  const summary: DemoSummary = { creditors: [], placements: 0, payments: 0, reversals: 0, statements: 0 };
  let payN = 0;
  const pay = async (placementId: string, amount: bigint, currency: string, at: Date, installmentId?: string) => {
    payN += 1;
    summary.payments += 1;
    const externalId = `pi_demo_${String(payN).padStart(5, "0")}`;
    await recordClearedPayment(
      db,
      {
        source: "stripe",
        externalId,
        chargeId: `ch_demo_${payN}`,
        placementId,
        installmentId,
        amount,
        currency,
        receivedAt: at,
      },
      { type: "stripe_webhook", id: `evt_demo_${payN}` },
    );
    return externalId;
  };

  for (const spec of DEMO_CREDITORS) {
    const creditor = await createCreditor(
      db,
      {
        name: spec.name,
        slug: spec.slug,
        defaultCurrency: spec.currency,
        contingencyRateBps: spec.rateBps,
        effectiveFrom: new Date(start.getTime() - DAY),
      },
      seedActor,
    );
    summary.creditors.push({ id: creditor.id, name: creditor.name, slug: creditor.slug, currency: spec.currency });
    const rateChangeAt = new Date(start.getTime() + 180 * DAY);
    let rateChanged = !spec.laterRateBps;
    const scale = spec.currency === "JPY" ? 1 : 1; // amounts are already minor units of each currency
    for (let i = 0; i < spec.placements; i++) {
      // Placed across the whole year up to yesterday, so the newest are not yet due or barely overdue.
      const placedAt = new Date(
        start.getTime() + Math.floor((i / spec.placements) * 328 * DAY) + r.int(0, 12) * 3_600_000,
      );
      if (!rateChanged && placedAt > rateChangeAt) {
        await changeContingencyRate(
          db,
          {
            creditorId: creditor.id,
            rateBps: spec.laterRateBps!,
            effectiveFrom: rateChangeAt,
            now: rateChangeAt,
            reason: "Annual renegotiation",
          },
          seedActor,
        );
        rateChanged = true;
      }
      const amount = BigInt(r.int(spec.amounts[0], spec.amounts[1]) * scale);
      // Most invoices reach the agency 2–12 weeks past due; some are placed before they fall due
      // (managed receivables), so the ageing card has placements in every bucket.
      const due = new Date(placedAt.getTime() - (r.chance(0.15) ? -r.int(3, 25) : r.int(10, 90)) * DAY);
      const debtorName = r.chance(0.4) ? r.pick(COMPANY) : `${r.pick(DEBTOR_FIRST)} ${r.pick(DEBTOR_LAST)}`;
      const p = await createPlacement(
        db,
        creditor.id,
        {
          invoiceNumber: `${spec.slug.slice(0, 3).toUpperCase()}-${String(10_000 + i)}`,
          invoiceAmount: amount,
          currency: spec.currency,
          dueDate: due.toISOString().slice(0, 10),
          debtor: { name: debtorName, email: `${debtorName.toLowerCase().replace(/[^a-z]+/g, ".")}@example.test` },
          placedAt,
        },
        seedActor,
      );
      summary.placements += 1;
      const daysSince = Math.max(1, Math.floor((now.getTime() - placedAt.getTime()) / DAY));
      const at = (fraction: number) =>
        new Date(placedAt.getTime() + Math.max(1, Math.floor(daysSince * fraction)) * DAY);
      const roll = r.next();
      // The newest Northwind placement stays open and unpaid: its invoice was never entered in
      // QuickBooks (DEMO_QBO.missingInvoice), so the demo's first payment on it fails to write back.
      if (spec.slug === "northwind" && i === spec.placements - 1) continue;
      if (roll < 0.28) {
        // Paid in full in one payment.
        const ext = await pay(p.id, amount, spec.currency, at(0.3));
        if (r.chance(0.06)) {
          await recordReversal(
            db,
            {
              paymentExternalId: ext,
              amount,
              currency: spec.currency,
              reason: "chargeback",
              externalRef: `dispute:du_demo_${i}_${spec.slug}:withdrawn`,
              occurredAt: at(0.5),
            },
            { type: "stripe_webhook", id: `evt_demo_du_${spec.slug}_${i}` },
          );
          summary.reversals += 1;
        }
      } else if (roll < 0.5) {
        // One or two partial payments.
        const first = (amount * BigInt(r.int(20, 60))) / 100n;
        const ext = await pay(p.id, first, spec.currency, at(0.25));
        if (r.chance(0.5)) await pay(p.id, (amount - first) / 2n, spec.currency, at(0.6));
        if (r.chance(0.08)) {
          await recordReversal(
            db,
            {
              paymentExternalId: ext,
              amount: first / 3n,
              currency: spec.currency,
              reason: "refund",
              externalRef: `re_demo_${spec.slug}_${i}`,
              occurredAt: at(0.7),
            },
            { type: "stripe_webhook", id: `evt_demo_re_${spec.slug}_${i}` },
          );
          summary.reversals += 1;
        }
      } else if (roll < 0.6) {
        // An installment plan, some installments paid so far.
        const n = r.int(3, 6);
        const each = amount / BigInt(n);
        const schedule = Array.from({ length: n }, (_, k) => ({
          dueDate: new Date(placedAt.getTime() + (k + 1) * 30 * DAY).toISOString().slice(0, 10),
          amount: k === n - 1 ? amount - each * BigInt(n - 1) : each,
        }));
        const plan = await createPaymentPlan(db, creditor.id, p.id, schedule, seedActor);
        for (const inst of plan.installments) {
          const paidAt = new Date(Date.parse(inst.dueDate) + r.int(0, 6) * DAY);
          if (paidAt > now || r.chance(0.1)) break;
          await pay(p.id, inst.amount, spec.currency, paidAt, inst.id);
        }
      } else if (roll < 0.63) {
        // Overpaid: the excess becomes customer credit.
        await pay(p.id, amount + BigInt(r.int(100, 5_000)), spec.currency, at(0.4));
      } else if (roll < 0.7) {
        await closePlacement(db, p.id, "closed_uncollected", "Debtor unreachable after full cadence", {
          type: "user",
          id: "demo-operator",
        });
      } else if (roll < 0.73) {
        await closePlacement(db, p.id, "recalled", "Recalled by the creditor", { type: "user", id: "demo-creditor" });
      }
      // Otherwise: still open, nothing paid yet.
    }
  }
  const bySlug = (slug: string) => summary.creditors.find((c) => c.slug === slug)!.id;
  await seedMatching(db, { now, northwindId: bySlug("northwind"), harborId: bySlug("harbor-medical") });
  summary.statements = await seedStatements(db, {
    creditorIds: summary.creditors.map((c) => c.id),
    from: start,
    now,
  });
  return summary;
}
