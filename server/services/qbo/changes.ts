import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { placements, qboConnections, qboPaymentMappings } from "@/db/schema";
import { formatMinor } from "@/server/domain/money";
import { qboAmountToMinor } from "@/server/integrations/qbo/amounts";
import type { QboInvoice, QboPayment } from "@/server/integrations/qbo/types";
import { placementIdFromMemo } from "@/server/integrations/qbo/types";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { type QboDeps, getQboClientForCreditor, markQboSynced } from "./connections";
import { compareAndRecord } from "./drift";
import { loadDriftRows } from "./drift-expectations";
import { openWorkItem } from "../work-items/open";

/**
 * Change-data-capture catch-up for one company: every Payment and Invoice changed since the stored
 * cursor (QBO looks back ≤ 30 days and returns ≤ 1,000 objects, so long gaps are walked in steps).
 *  - Payments carrying our memo stamp (or whose id we mapped) are our own writes: nothing to do.
 *  - A payment someone entered directly in QuickBooks on a placed invoice becomes a
 *    `direct_payment_candidate` work item and a sync-log event. It is never posted to our books
 *    automatically: an operator confirms it with the creditor first.
 *  - Changed placed invoices are drift-checked at once with the data CDC returned (no extra call),
 *    except those with one of our writebacks in flight — the scheduled sweep judges those.
 */
const CDC_MAX_OBJECTS = 1000;
const MAX_STEPS = 20;
const DAY = 86_400_000;

export async function catchUpQboChanges(
  db: Db,
  p: { creditorId: string; now?: Date; earliestChange?: Date | null },
  deps?: QboDeps,
  actor: Actor = { type: "job", id: "qbo-cdc" },
) {
  const now = p.now ?? new Date();
  const { client, realmId } = await getQboClientForCreditor(db, p.creditorId, deps);
  const [conn] = await db
    .select({ cdcCursor: qboConnections.cdcCursor, connectedAt: qboConnections.connectedAt })
    .from(qboConnections)
    .where(eq(qboConnections.creditorId, p.creditorId));
  // Start at the cursor; without one, a little before the earliest change we were told of (or a day back).
  const floor = new Date(now.getTime() - 30 * DAY + 60_000);
  let since =
    conn?.cdcCursor ??
    (p.earliestChange ? new Date(p.earliestChange.getTime() - 5 * 60_000) : new Date(now.getTime() - DAY));
  if (since < floor) since = floor;
  const out = { payments: 0, ours: 0, directPayments: 0, invoices: 0, drifted: 0 };
  let cursor: Date = since;
  for (let step = 0; step < MAX_STEPS; step++) {
    const res = await client.cdc(["Payment", "Invoice"], since);
    out.payments += res.payments.length;
    out.invoices += res.invoices.length;
    const r = await handlePayments(db, { creditorId: p.creditorId, realmId }, res.payments, actor);
    out.ours += r.ours;
    out.directPayments += r.directPayments;
    out.drifted += await checkChangedInvoices(db, { creditorId: p.creditorId, realmId }, res.invoices, actor);
    cursor = new Date(res.time);
    const count = res.payments.length + res.invoices.length;
    if (count < CDC_MAX_OBJECTS) break;
    // A full page: continue from the newest change it held.
    const newest = [...res.payments, ...res.invoices].reduce(
      (m, o) => Math.max(m, Date.parse(o.MetaData?.LastUpdatedTime ?? "") || 0),
      0,
    );
    if (!newest || newest <= since.getTime()) break;
    since = new Date(newest);
    cursor = since;
  }
  await markQboSynced(db, { creditorId: p.creditorId, at: now, cdcCursor: cursor });
  return out;
}

async function handlePayments(
  db: Db,
  ctx: { creditorId: string; realmId: string },
  payments: QboPayment[],
  actor: Actor,
) {
  const out = { ours: 0, directPayments: 0 };
  if (payments.length === 0) return out;
  const mapped = await db
    .select({ id: qboPaymentMappings.qboPaymentId })
    .from(qboPaymentMappings)
    .where(
      and(
        eq(qboPaymentMappings.realmId, ctx.realmId),
        inArray(
          qboPaymentMappings.qboPaymentId,
          payments.map((x) => x.Id),
        ),
      ),
    );
  const ourIds = new Set(mapped.map((m) => m.id));
  const foreign: QboPayment[] = [];
  for (const pay of payments) {
    if (ourIds.has(pay.Id) || placementIdFromMemo(pay.PrivateNote)) out.ours++;
    else if (pay.status !== "Deleted") foreign.push(pay);
  }
  const invoiceIds = [
    ...new Set(
      foreign.flatMap((x) =>
        (x.Line ?? []).flatMap((l) => l.LinkedTxn.filter((t) => t.TxnType === "Invoice").map((t) => t.TxnId)),
      ),
    ),
  ];
  if (invoiceIds.length === 0) return out;
  const placed = await db
    .select({
      id: placements.id,
      invoiceNumber: placements.invoiceNumber,
      qboInvoiceId: placements.qboInvoiceId,
      currency: placements.currency,
    })
    .from(placements)
    .where(and(eq(placements.creditorId, ctx.creditorId), inArray(placements.qboInvoiceId, invoiceIds)));
  const byInvoice = new Map(placed.map((pl) => [pl.qboInvoiceId!, pl]));
  for (const pay of foreign) {
    for (const line of pay.Line ?? []) {
      for (const txn of line.LinkedTxn.filter((t) => t.TxnType === "Invoice")) {
        const pl = byInvoice.get(txn.TxnId);
        if (!pl) continue;
        const amount = qboAmountToMinor(line.Amount, pl.currency);
        const evidence = {
          realmId: ctx.realmId,
          qboPaymentId: pay.Id,
          qboInvoiceId: txn.TxnId,
          amount,
          currency: pl.currency,
          txnDate: pay.TxnDate,
          paymentRefNum: pay.PaymentRefNum,
          privateNote: pay.PrivateNote,
          customer: pay.CustomerRef,
        };
        const opened = await db.transaction(async (tx) => {
          const id = await openWorkItem(tx, {
            kind: "direct_payment_candidate",
            creditorId: ctx.creditorId,
            subjectType: "placement",
            subjectId: pl.id,
            title: `Payment of ${formatMinor(amount, pl.currency)} ${pl.currency} entered directly in QuickBooks on ${pl.invoiceNumber}`,
            nextAction:
              "Confirm with the creditor that the debtor paid them directly; if so, record it as a DIRECT_PAYMENT on the placement. Nothing is posted until you do.",
            evidence,
            dedupeKey: `qbo-direct:${ctx.realmId}:${pay.Id}:${txn.TxnId}`,
            causedAt: paidOn(pay.TxnDate),
          });
          if (id)
            await recordAudit(tx, {
              actor,
              action: "qbo.direct_payment.found",
              category: "qbo",
              creditorId: ctx.creditorId,
              targetType: "placement",
              targetId: pl.id,
              details: { ...evidence, workItemId: id },
            });
          return Boolean(id);
        });
        if (opened) out.directPayments++;
      }
    }
  }
  return out;
}

async function checkChangedInvoices(
  db: Db,
  ctx: { creditorId: string; realmId: string },
  invoices: QboInvoice[],
  actor: Actor,
): Promise<number> {
  if (invoices.length === 0) return 0;
  const rows = (await loadDriftRows(db, ctx.creditorId, { invoiceIds: invoices.map((i) => i.Id) })).filter(
    (r) => r.unsettled === 0n && r.unsettledState === "none",
  );
  if (rows.length === 0) return 0;
  const live = new Map(invoices.filter((i) => i.status !== "Deleted").map((i) => [i.Id, i]));
  const r = await compareAndRecord(db, { ...ctx, runId: randomUUID() }, rows, live, actor);
  return r.drifted;
}

/** When a payment found in QuickBooks happened: its TxnDate (a day, UTC midnight), never later than now. */
function paidOn(txnDate: string | undefined): Date | undefined {
  if (!txnDate || !/^\d{4}-\d{2}-\d{2}$/.test(txnDate)) return undefined;
  const d = new Date(`${txnDate}T00:00:00Z`);
  return d.getTime() < Date.now() ? d : undefined;
}
