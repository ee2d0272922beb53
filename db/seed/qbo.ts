/**
 * The demo's QuickBooks: Northwind (slug `northwind`) connected to a company in the QuickBooks
 * TEST DOUBLE — a local imitation of QuickBooks Online, not Intuit — running beside the app.
 * The double keeps its books in memory, so every demo start rebuilds them from ours: invoices for
 * Northwind's placements (a few left unlinked, found later by invoice number), our posted payments
 * under the same ids, one invoice whose total was edited in QuickBooks (drift) and one payment
 * entered directly in QuickBooks (a direct-payment candidate), both waiting to be found.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import { creditors, placements, qboConnections } from "@/db/schema";
import { DOUBLE_CLIENT } from "@/server/integrations/qbo/config";
import { tokenKeyFromEnv } from "@/server/integrations/qbo/crypto";
import { type QboDouble, startQboDouble } from "@/server/integrations/qbo/double";
import { connectToDouble } from "@/server/testing/jobs";
import { recordAudit } from "@/server/services/audit/record";

export const DEMO_QBO = {
  slug: "northwind",
  realmId: "9130350000000001",
  companyName: "Northwind Supplies (QuickBooks test double)",
  /** Where a "Connect QuickBooks" click by another demo creditor lands: an empty company. */
  spareRealmId: "9130350000000002",
  firstInvoiceId: 1001,
  /** Fixed so the payment "entered in QuickBooks" keeps its id across restarts (work items dedupe on it). */
  outOfBandPaymentId: 900001,
  unlinkedEvery: 25,
  /** Never entered in QuickBooks: a payment on it cannot be written back until someone creates the invoice. */
  missingInvoice: "NOR-10139",
} as const;

type Row = {
  id: string;
  invoice_number: string;
  qbo_invoice_id: string | null;
  invoice_amount: string;
  recovered_amount: string;
  debtor_id: string;
  status: string;
};

/** Make the double's company match our books for Northwind and (re)connect Northwind to it. Idempotent. */
export async function prepareQboDemo(db: Db, double: QboDouble) {
  const [creditor] = await db.select().from(creditors).where(eq(creditors.slug, DEMO_QBO.slug));
  if (!creditor) return null;
  const realm = double.store.seedRealm({
    realmId: DEMO_QBO.realmId,
    companyName: DEMO_QBO.companyName,
    currency: creditor.defaultCurrency,
  });
  double.store.seedRealm({ realmId: DEMO_QBO.spareRealmId, companyName: "Spare company (QuickBooks test double)" });
  double.setAuthorizeRealm(DEMO_QBO.spareRealmId);

  const rows = await queryRows<Row>(
    db,
    sql`
    select p.id, p.invoice_number, p.qbo_invoice_id, p.invoice_amount::text, p.recovered_amount::text, p.debtor_id, p.status
    from placements p where p.creditor_id = ${creditor.id} and p.invoice_number <> ${DEMO_QBO.missingInvoice}
    order by p.invoice_number`,
  );
  const customers = new Map<string, string>();
  const invoices = rows.map((r, i) => {
    if (!customers.has(r.debtor_id)) customers.set(r.debtor_id, `cust-${customers.size + 1}`);
    // Linked already, or linked now — except every 25th, left for the invoice-number lookup.
    const isLinked = Boolean(r.qbo_invoice_id) || i % DEMO_QBO.unlinkedEvery !== 3;
    return {
      row: r,
      id: r.qbo_invoice_id ?? String(DEMO_QBO.firstInvoiceId + i),
      customerId: customers.get(r.debtor_id)!,
      isLinked,
    };
  });
  for (const [, id] of customers)
    if (!realm.customers.has(id))
      double.store.addCustomer(DEMO_QBO.realmId, { Id: id, DisplayName: `Northwind customer ${id.slice(5)}` });
  double.store.addInvoices(
    DEMO_QBO.realmId,
    invoices
      .filter((inv) => !realm.invoices.has(inv.id))
      .map((inv) => ({
        Id: inv.id,
        DocNumber: inv.row.invoice_number,
        customerId: inv.customerId,
        totalCents: Number(inv.row.invoice_amount),
        dueDate: "2026-01-15",
      })),
  );
  // First start only: link the placements to their invoices.
  for (const inv of invoices) {
    if (!inv.row.qbo_invoice_id && inv.isLinked)
      await db
        .update(placements)
        .set({ qboInvoiceId: inv.id })
        .where(and(eq(placements.id, inv.row.id), sql`${placements.qboInvoiceId} is null`));
  }
  await restorePostedPayments(db, double, creditor.id);
  const story = await plantDrift(double, invoices);

  const [existing] = await db
    .select({ status: qboConnections.status })
    .from(qboConnections)
    .where(eq(qboConnections.creditorId, creditor.id));
  // A person who disconnected Northwind in the demo stays disconnected.
  if (existing?.status !== "disconnected")
    await connectToDouble(db, double, {
      creditorId: creditor.id,
      realmId: DEMO_QBO.realmId,
      key: tokenKeyFromEnv(),
      companyName: DEMO_QBO.companyName,
    });
  if (!existing) {
    await recordAudit(db, {
      actor: { type: "system", id: "demo-seed" },
      action: "qbo.connected",
      category: "qbo",
      creditorId: creditor.id,
      targetType: "qbo_connection",
      details: { realmId: DEMO_QBO.realmId, companyName: DEMO_QBO.companyName },
    });
  }
  return { creditorId: creditor.id, realmId: DEMO_QBO.realmId, invoices: invoices.length, ...story };
}

/** Our posted writebacks, back in the double under their QBO ids (the double forgets everything when it stops). */
async function restorePostedPayments(db: Db, double: QboDouble, creditorId: string) {
  const posted = await queryRows<{
    qbo_payment_id: string;
    qbo_invoice_id: string;
    placement_id: string;
    net: string;
    ref: string;
  }>(
    db,
    sql`
    select m.qbo_payment_id, m.qbo_invoice_id, m.placement_id, a.external_id as ref,
      (select coalesce(sum(r.recovered_amount), 0) from remittances r where r.payment_attempt_id = m.payment_attempt_id)::text as net
    from qbo_payment_mappings m join payment_attempts a on a.id = m.payment_attempt_id
    where m.creditor_id = ${creditorId} and m.status = 'posted' order by m.qbo_payment_id::bigint`,
  );
  const realm = double.store.realm(DEMO_QBO.realmId);
  let maxId: number = DEMO_QBO.outOfBandPaymentId;
  for (const p of posted) {
    maxId = Math.max(maxId, Number(p.qbo_payment_id));
    const net = Number(p.net);
    if (realm.payments.has(p.qbo_payment_id) || net <= 0 || !realm.invoices.has(p.qbo_invoice_id)) continue; // voided ones stay gone
    realm.nextId = Number(p.qbo_payment_id); // so the double gives it its old id
    double.store.applyPayment(DEMO_QBO.realmId, {
      customerId: realm.invoices.get(p.qbo_invoice_id)!.customerId,
      totalCents: net,
      lines: [{ amountCents: net, invoiceId: p.qbo_invoice_id }],
      origin: "api",
      privateNote: `[ai-collect:placement=${p.placement_id}] ref ${p.ref}`,
      paymentRefNum: p.ref.slice(-21),
    });
  }
  realm.nextId = maxId + 1;
}

/** The demo's two QuickBooks surprises, on the first two open, linked placements nobody has paid anything on. */
async function plantDrift(double: QboDouble, invoices: Array<{ row: Row; id: string; isLinked: boolean }>) {
  const quiet = invoices.filter((i) => i.row.status === "open" && i.row.recovered_amount === "0" && i.isLinked);
  const [edited, paidDirectly] = quiet;
  const realm = double.store.realm(DEMO_QBO.realmId);
  if (edited) double.store.editInvoiceTotal(DEMO_QBO.realmId, edited.id, Number(edited.row.invoice_amount) + 15_000);
  if (paidDirectly && !realm.payments.has(String(DEMO_QBO.outOfBandPaymentId))) {
    const next = realm.nextId;
    realm.nextId = DEMO_QBO.outOfBandPaymentId;
    double.store.recordOutOfBandPayment(DEMO_QBO.realmId, {
      invoiceId: paidDirectly.id,
      amountCents: 25_000,
      privateNote: "Cheque #1042 — entered in QuickBooks by Northwind",
      paymentRefNum: "CHQ-1042",
    });
    realm.nextId = next;
  }
  return { editedInvoice: edited?.row.invoice_number, paidInQuickBooks: paidDirectly?.row.invoice_number };
}

/**
 * Start the double on `port` (any free port if taken: `movedFrom` then names the port it wanted, so
 * the printout can say so), prepare it, and hand back what the app needs to use it.
 */
export async function startDemoQbo(db: Db, port = 4010) {
  let movedFrom: number | null = null;
  const double = await startQboDouble({ port, verifierToken: DOUBLE_CLIENT.verifierToken }).catch(() => {
    movedFrom = port;
    return startQboDouble({ port: 0, verifierToken: DOUBLE_CLIENT.verifierToken });
  });
  const prepared = await prepareQboDemo(db, double);
  let pump: NodeJS.Timeout | undefined;
  return {
    double,
    prepared,
    movedFrom: movedFrom as number | null,
    env: { QBO_ENVIRONMENT: "double", QBO_API_BASE: double.url, QBO_OAUTH_BASE: double.url },
    /** Deliver the double's change notifications to the app every `everyMs`, signed like Intuit's. */
    startWebhookPump(appUrl: string, everyMs = 30_000) {
      let sending = false;
      pump = setInterval(() => {
        if (sending) return; // the app is still answering the last delivery (first compile): do not send the same changes twice
        sending = true;
        void double
          .emitWebhooks({ url: `${appUrl}/api/webhooks/qbo`, format: "cloudevents" })
          .catch(() => undefined)
          .finally(() => (sending = false));
      }, everyMs);
      pump.unref();
    },
    async close() {
      if (pump) clearInterval(pump);
      await double.close();
    },
  };
}
