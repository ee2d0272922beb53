import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { qboConnections, qboDriftChecks } from "@/db/schema";
import { type DriftFinding, checkDrift, driftNextAction } from "@/server/domain/drift";
import { formatMinor } from "@/server/domain/money";
import { qboAmountToMinor } from "@/server/integrations/qbo/amounts";
import type { QboInvoice } from "@/server/integrations/qbo/types";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { type QboDeps, getQboClientForCreditor, markQboSynced } from "./connections";
import { DRIFT_PAGE, type DriftRow, loadDriftRows } from "./drift-expectations";
import { openWorkItem } from "../work-items/open";

/**
 * Drift detection: read live invoice balances from QuickBooks in batches (`Id in (…)`, at most
 * 1,000 ids per query, so ⌈invoices ÷ 1,000⌉ calls per company) and compare each with the balance
 * our books say QBO should show (server/domain/drift.ts). A disagreement over one cent becomes a
 * sync-log event and a `drift` work item naming the likely cause. Nothing is ever corrected
 * automatically: QuickBooks is the creditor's book, and only a person decides what is right.
 */
const JOB: Actor = { type: "job", id: "qbo-drift" };
const COMPANIES_IN_PARALLEL = 4;

export type DriftSweepResult = {
  runId: string;
  companies: number;
  checked: number;
  drifted: number;
  newDrift: number;
  skipped: Array<{ creditorId: string; reason: string }>;
};

/** Sweep every connected company (or one creditor's). */
export async function sweepDrift(
  db: Db,
  params: { creditorId?: string; now?: Date } = {},
  deps?: QboDeps,
  actor: Actor = JOB,
): Promise<DriftSweepResult> {
  const runId = randomUUID();
  const creditorIds = params.creditorId ? [params.creditorId] : await connectedCreditorIds(db);
  const result: DriftSweepResult = { runId, companies: 0, checked: 0, drifted: 0, newDrift: 0, skipped: [] };
  let next = 0;
  const worker = async () => {
    while (next < creditorIds.length) {
      const creditorId = creditorIds[next++]!;
      try {
        const r = await sweepCreditor(db, { creditorId, runId, now: params.now }, deps, actor);
        result.companies++;
        result.checked += r.checked;
        result.drifted += r.drifted;
        result.newDrift += r.newDrift;
      } catch (err) {
        result.skipped.push({ creditorId, reason: err instanceof Error ? err.message : String(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(COMPANIES_IN_PARALLEL, creditorIds.length) }, worker));
  return result;
}

/** Creditors whose QuickBooks connection is live. */
export async function connectedCreditorIds(db: Db): Promise<string[]> {
  const rows = await db
    .select({ creditorId: qboConnections.creditorId })
    .from(qboConnections)
    .where(eq(qboConnections.status, "connected"));
  return rows.map((r) => r.creditorId);
}

/** One company: pages of 1,000 linked placements, one QBO query per page. */
export async function sweepCreditor(
  db: Db,
  p: { creditorId: string; runId: string; now?: Date },
  deps?: QboDeps,
  actor: Actor = JOB,
) {
  const { client, realmId } = await getQboClientForCreditor(db, p.creditorId, deps);
  const out = { checked: 0, drifted: 0, newDrift: 0 };
  let afterId: string | null = null;
  // Read the next page from our database while QuickBooks answers for this one.
  let pending: Promise<DriftRow[]> = loadDriftRows(db, p.creditorId, { afterId, limit: DRIFT_PAGE });
  for (;;) {
    const rows: DriftRow[] = await pending;
    if (rows.length === 0) break;
    afterId = rows.at(-1)!.placementId;
    pending =
      rows.length < DRIFT_PAGE ? Promise.resolve([]) : loadDriftRows(db, p.creditorId, { afterId, limit: DRIFT_PAGE });
    const live = await client.queryInvoicesByIds(rows.map((r) => r.qboInvoiceId));
    const r = await compareAndRecord(
      db,
      { creditorId: p.creditorId, realmId, runId: p.runId },
      rows,
      new Map(live.map((i) => [i.Id, i])),
      actor,
    );
    out.checked += rows.length;
    out.drifted += r.drifted;
    out.newDrift += r.newDrift;
  }
  await markQboSynced(db, { creditorId: p.creditorId, at: p.now ?? new Date() });
  return out;
}

/** Compare our rows with live invoices; record each new drift (work item + sync-log event + drift check row). */
export async function compareAndRecord(
  db: Db,
  ctx: { creditorId: string; realmId: string; runId: string },
  rows: DriftRow[],
  live: Map<string, QboInvoice>,
  actor: Actor,
) {
  let drifted = 0;
  let newDrift = 0;
  for (const row of rows) {
    const inv = live.get(row.qboInvoiceId);
    const finding = inv ? findingFor(row, inv) : missingInvoiceFinding(row);
    if (!finding) continue;
    drifted++;
    if (await recordDrift(db, ctx, row, finding, inv, actor)) newDrift++;
  }
  return { drifted, newDrift };
}

function findingFor(row: DriftRow, inv: QboInvoice): DriftFinding | null {
  return checkDrift({
    currency: row.currency,
    invoiceAmount: row.invoiceAmount,
    settledInQbo: row.settledInQbo,
    unsettled: row.unsettled,
    unsettledState: row.unsettledState,
    liveTotal: qboAmountToMinor(inv.TotalAmt, row.currency),
    liveBalance: qboAmountToMinor(inv.Balance, row.currency),
    liveLinkedPaymentIds: (inv.LinkedTxn ?? []).filter((t) => t.TxnType === "Payment").map((t) => t.TxnId),
    ourPaymentIds: row.ourPaymentIds,
  });
}

/** The linked invoice is gone from QuickBooks (deleted): QBO owes nothing on it, we expect the balance. */
function missingInvoiceFinding(row: DriftRow): DriftFinding {
  const expectedBalance = row.invoiceAmount - row.settledInQbo;
  return {
    expectedBalance,
    liveBalance: 0n,
    drift: -expectedBalance,
    cause: "invoice_edited",
    isExact: true,
    foreignPaymentIds: [],
    missingPaymentIds: row.ourPaymentIds,
    explanation: `QuickBooks no longer has invoice ${row.qboInvoiceId} (deleted or moved); we expect ${formatMinor(expectedBalance, row.currency)} ${row.currency} still owing on ${row.invoiceNumber}.`,
  };
}

/** One work item per placement and observed balance; the event and check row are written only the first time. */
async function recordDrift(
  db: Db,
  ctx: { creditorId: string; realmId: string; runId: string },
  row: DriftRow,
  f: DriftFinding,
  inv: QboInvoice | undefined,
  actor: Actor,
): Promise<boolean> {
  const money = (n: bigint) => `${formatMinor(n, row.currency)} ${row.currency}`;
  return db.transaction(async (tx) => {
    const evidence = {
      runId: ctx.runId,
      realmId: ctx.realmId,
      qboInvoiceId: row.qboInvoiceId,
      invoiceNumber: row.invoiceNumber,
      currency: row.currency,
      expectedBalance: f.expectedBalance,
      liveBalance: f.liveBalance,
      drift: f.drift,
      invoiceAmount: row.invoiceAmount,
      recoveredAmount: row.recoveredAmount,
      settledInQbo: row.settledInQbo,
      unsettled: row.unsettled,
      unsettledState: row.unsettledState,
      liveTotal: inv?.TotalAmt,
      liveSyncToken: inv?.SyncToken,
      cause: f.cause,
      isExact: f.isExact,
      explanation: f.explanation,
      foreignPaymentIds: f.foreignPaymentIds,
      missingPaymentIds: f.missingPaymentIds,
    };
    const opened = await openWorkItem(tx, {
      kind: "drift",
      creditorId: ctx.creditorId,
      subjectType: "placement",
      subjectId: row.placementId,
      title: `QuickBooks shows ${money(f.liveBalance)} owing on ${row.invoiceNumber}; we expect ${money(f.expectedBalance)}`,
      nextAction: driftNextAction(f.cause),
      evidence,
      dedupeKey: `qbo-drift:${row.placementId}:${f.liveBalance}`,
    });
    if (!opened) return false;
    await tx.insert(qboDriftChecks).values({
      runId: ctx.runId,
      creditorId: ctx.creditorId,
      placementId: row.placementId,
      realmId: ctx.realmId,
      qboInvoiceId: row.qboInvoiceId,
      expectedBalance: f.expectedBalance,
      liveBalance: f.liveBalance,
      driftAmount: f.drift,
      currency: row.currency,
      liveSyncToken: inv?.SyncToken ?? null,
      likelyCause: f.cause,
      evidence: JSON.parse(JSON.stringify(evidence, (_k, v) => (typeof v === "bigint" ? v.toString() : v))),
    });
    await recordAudit(tx, {
      actor,
      action: "qbo.drift.detected",
      category: "qbo",
      creditorId: ctx.creditorId,
      targetType: "placement",
      targetId: row.placementId,
      details: { ...evidence, workItemId: opened },
    });
    return true;
  });
}
