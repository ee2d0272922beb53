import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { openPossibleDuplicates } from "@/server/services/matching/duplicates";
import { rematchUnmatchedPayments } from "@/server/services/matching/rematch";
import { createPlacement } from "@/server/services/placements/placements";
import { systemActor } from "@/server/domain/actor";

const DAY = 86_400_000;
const HOUR = 3_600_000;

type Open = { id: string; invoice_number: string; balance: string; debtor_name: string; debtor_email: string | null };

/** Open, untouched placements of a creditor, oldest due first (what a debtor's stray payment would be for). */
async function openPlacements(db: Db, creditorId: string): Promise<Open[]> {
  return queryRows<Open>(
    db,
    sql`select p.id, p.invoice_number, (p.invoice_amount - p.recovered_amount)::text as balance, d.name as debtor_name, d.email as debtor_email
      from placements p join debtors d on d.id = p.debtor_id
      where p.creditor_id = ${creditorId} and p.status = 'open' and p.recovered_amount = 0
      order by p.due_date, p.id limit 12`,
  );
}

/**
 * The matching cascade's cases in the demo book, arriving through the same payment path as Stripe
 * (items dated when the money arrived): an ambiguous payment naming two Northwind invoices (the
 * split journey resolves it), a rule-3 suggestion, a rule-2 payment applied automatically, one with
 * nothing to go on, a debtor who paid the same amount twice in six hours (possible duplicate), and
 * a payment that arrived before its placement, applied when the placement came in.
 */
export async function seedMatching(db: Db, p: { now: Date; northwindId: string; harborId: string }) {
  const nw = await openPlacements(db, p.northwindId);
  const hb = await openPlacements(db, p.harborId);
  if (nw.length < 4 || hb.length < 2) throw new Error("the demo book needs open placements for the matching cases");
  const ago = (ms: number) => new Date(p.now.getTime() - ms);
  const pay = (
    externalId: string,
    amount: bigint,
    receivedAt: Date,
    metadata: Record<string, unknown>,
    placementId?: string,
  ) =>
    recordClearedPayment(
      db,
      {
        source: "stripe",
        externalId,
        chargeId: `ch_${externalId.slice(3)}`,
        placementId,
        amount,
        currency: "USD",
        receivedAt,
        metadata,
      },
      { type: "stripe_webhook", id: `evt_${externalId}` },
    );
  const [a, b, auto, dup] = nw as [Open, Open, Open, Open];
  // Ambiguous at rule 2: both invoice numbers in the description; the amount covers the older one and half the other.
  await pay("pi_demo_amb_1", BigInt(a.balance) + BigInt(b.balance) / 2n, ago(3 * DAY + 4 * HOUR), {
    description: `Payment for invoices ${a.invoice_number} and ${b.invoice_number}`,
    billing_name: a.debtor_name,
  });
  // Rule 3 (suggested): the debtor's email and the exact open balance, nothing else.
  const [h1, h2] = hb as [Open, Open];
  if (h1.debtor_email)
    await pay("pi_demo_sugg_1", BigInt(h1.balance), ago(1 * DAY + 2 * HOUR), {
      receipt_email: h1.debtor_email,
      statement_descriptor: "CARD PAYMENT",
    });
  // Rule 4 (suggested or ambiguous, as names fall): the payer's name and a balance within 5%.
  await pay("pi_demo_name_1", (BigInt(h2.balance) * 98n) / 100n, ago(2 * DAY + 6 * HOUR), {
    billing_name: h2.debtor_name,
  });
  // Rule 2, unique: applied at once, audited "auto-matched by rule 2".
  await pay("pi_demo_auto_1", BigInt(auto.balance) / 2n, ago(5 * DAY), { reference: `Ref ${auto.invoice_number}` });
  // Nothing to go on: review.
  await pay("pi_demo_unm_1", 12_345n, ago(2 * DAY), {
    description: "Online payment - thank you",
    billing_name: "J. S.",
  });
  // The same debtor paying the same amount twice, six hours apart.
  const half = BigInt(dup.balance) / 4n;
  await pay("pi_demo_dup_a", half, ago(9 * DAY), {}, dup.id);
  await pay("pi_demo_dup_b", half, ago(9 * DAY - 6 * HOUR), {}, dup.id);
  await openPossibleDuplicates(db, { now: p.now, since: ago(30 * DAY) });
  // A payment that arrived before its placement: nothing to match it to, so it waited as an
  // unmatched item; Northwind placed the invoice two hours later and the matching upkeep applied it
  // (audited "auto-matched by rule 2", the item closed by the job).
  const early = "NW-EARLY-2291";
  await pay("pi_demo_early_1", 18_750n, ago(6 * HOUR), { description: `Invoice ${early}, thank you` });
  await createPlacement(
    db,
    p.northwindId,
    {
      invoiceNumber: early,
      invoiceAmount: 37_500n,
      currency: "USD",
      dueDate: ago(20 * DAY)
        .toISOString()
        .slice(0, 10),
      debtor: { name: "Priya Raman", email: "priya.raman@example.test" },
      placedAt: ago(4 * HOUR),
    },
    systemActor("demo-intake"),
  );
  await rematchUnmatchedPayments(db, { now: p.now });
}
