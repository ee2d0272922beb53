import { createHash } from "node:crypto";
import { asc, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, disbursementDecisions, disbursementItems, disbursementRuns, disbursements } from "@/db/schema";
import { planDisbursement, type Plan } from "@/server/domain/disbursement-plan";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { openRows, payableBalances } from "./payables";

/**
 * Disbursement runs, part 1: preview and proposal. A run pays the chosen creditors (or every
 * creditor with money due) the rows booked before its cut-off, netted per the rule in
 * server/domain/disbursement-plan.ts. The preview and the proposal run the same code on the same
 * data; the proposal refuses if the data moved since the preview (its fingerprint differs), so what
 * the person confirmed is exactly what is proposed. Approval (a second person) is runs-decide.ts.
 */
export type RunScope = { creditorIds?: string[] | null; cutoff: Date };

export type PreviewRow = {
  id: string;
  placementId: string;
  invoiceNumber: string;
  occurredAt: Date;
  status: string;
  recovered: bigint;
  fee: bigint;
  net: bigint;
};

export type PreviewLine = {
  creditorId: string;
  creditorName: string;
  currency: string;
  method: "stripe_transfer" | "manual";
  plan: Plan;
  rows: PreviewRow[];
};

export type RunPreview = { cutoff: Date; lines: PreviewLine[]; fingerprint: string; totals: Record<string, bigint> };

/** What a run with this scope would pay now, creditor by creditor, with the rows each payment covers. */
export async function previewRun(db: Db, scope: RunScope): Promise<RunPreview> {
  const balances = await payableBalances(db, { creditorIds: scope.creditorIds, cutoff: scope.cutoff });
  const ids = [...new Set(balances.map((b) => b.creditorId))];
  const rowsByKey = await openRows(db, { creditorIds: ids, cutoff: scope.cutoff });
  const lines: PreviewLine[] = [];
  for (const b of balances) {
    const rows = rowsByKey.get(`${b.creditorId}:${b.currency}`) ?? [];
    const plan = planDisbursement({ rows, adjustment: b.adjustment, feesOwed: b.feesOwed });
    if (plan.outcome === "carry_forward" && plan.reason === "nothing_due" && b.feesOwed === 0n) continue;
    lines.push({
      creditorId: b.creditorId,
      creditorName: b.creditorName,
      currency: b.currency,
      method: b.hasConnectedAccount ? "stripe_transfer" : "manual",
      plan,
      rows: rows.map((r) => ({
        id: r.id,
        placementId: r.placementId,
        invoiceNumber: r.invoiceNumber,
        occurredAt: r.occurredAt,
        status: r.status,
        recovered: r.recovered,
        fee: r.fee,
        net: r.net,
      })),
    });
  }
  const totals: Record<string, bigint> = {};
  for (const l of lines) if (l.plan.outcome === "pay") totals[l.currency] = (totals[l.currency] ?? 0n) + l.plan.amount;
  return { cutoff: scope.cutoff, lines, fingerprint: fingerprintOf(lines), totals };
}

/** A digest of every planned payment and the rows it covers: equal digests mean the same money moves. */
function fingerprintOf(lines: PreviewLine[]): string {
  const h = createHash("sha256");
  for (const l of lines) {
    if (l.plan.outcome !== "pay") continue;
    h.update(
      `${l.creditorId}|${l.currency}|${l.plan.amount}|${l.plan.feesNetted}|${l.plan.adjustment}|${l.plan.rowIds.join(",")}\n`,
    );
  }
  return h.digest("hex");
}

/**
 * Propose the run the person previewed: draft disbursements with their rows reserved, and the
 * proposal recorded (decision + audit). Nothing is posted and no money moves until another person
 * approves. `fingerprint` is the preview's: if the payable moved since, the proposal is refused.
 */
export async function proposeRun(
  db: Db,
  input: RunScope & { fingerprint: string },
  actor: Actor,
): Promise<{ runId: string; disbursementIds: string[]; preview: RunPreview }> {
  if (actor.type !== "user") throw new AppError("FORBIDDEN", "a disbursement run is proposed by a person");
  // Read committed on purpose: after the creditor locks, each read sees what a concurrent run committed.
  return db.transaction(async (tx) => {
    // Lock the creditors in a fixed order: two runs over the same creditors serialise here.
    const scopeIds = input.creditorIds?.length ? input.creditorIds : undefined;
    const locked = await tx
      .select({ id: creditors.id })
      .from(creditors)
      .where(scopeIds ? inArray(creditors.id, scopeIds) : undefined)
      .orderBy(asc(creditors.id))
      .for("no key update");
    if (scopeIds && locked.length !== new Set(scopeIds).size) throw new AppError("NOT_FOUND", "creditor not found");
    const preview = await previewRun(tx, input);
    if (preview.fingerprint !== input.fingerprint)
      throw new AppError(
        "CONFLICT",
        "What is owed changed since your preview (a payment, reversal or another run). Review the new preview and propose again.",
      );
    const payable = preview.lines.filter((l) => l.plan.outcome === "pay");
    if (!payable.length) throw new AppError("BAD_REQUEST", "Nothing is due for these creditors up to this cut-off.");
    const [run] = await tx
      .insert(disbursementRuns)
      .values({
        cutoff: input.cutoff,
        creditorIds: scopeIds ?? null,
        fingerprint: preview.fingerprint,
        proposedBy: actor.id,
      })
      .returning({ id: disbursementRuns.id });
    const runId = run!.id;
    const ids: string[] = [];
    for (const l of payable) {
      if (l.plan.outcome !== "pay") continue;
      const [d] = await tx
        .insert(disbursements)
        .values({
          creditorId: l.creditorId,
          runId,
          currency: l.currency,
          status: "draft",
          amount: l.plan.amount,
          rowsAmount: l.plan.rowsAmount,
          adjustmentAmount: l.plan.adjustment,
          feesNetted: l.plan.feesNetted,
        })
        .returning({ id: disbursements.id });
      ids.push(d!.id);
      if (l.plan.rowIds.length)
        await tx
          .insert(disbursementItems)
          .values(l.plan.rowIds.map((remittanceId) => ({ disbursementId: d!.id, remittanceId })));
      await recordAudit(tx, {
        actor,
        action: "disbursement.proposed",
        category: "payments",
        creditorId: l.creditorId,
        targetType: "disbursement",
        targetId: d!.id,
        details: {
          runId,
          amount: l.plan.amount,
          currency: l.currency,
          rows: l.plan.rowIds.length,
          rowsAmount: l.plan.rowsAmount,
          adjustment: l.plan.adjustment,
          feesNetted: l.plan.feesNetted,
        },
      });
    }
    await tx.insert(disbursementDecisions).values({
      runId,
      decision: "proposed",
      actorId: actor.id,
      details: {
        cutoff: input.cutoff.toISOString(),
        totals: Object.fromEntries(Object.entries(preview.totals).map(([k, v]) => [k, v.toString()])),
        disbursements: ids.length,
      },
    });
    await recordAudit(tx, {
      actor,
      action: "disbursement_run.proposed",
      category: "payments",
      targetType: "disbursement_run",
      targetId: runId,
      details: {
        cutoff: input.cutoff.toISOString(),
        totals: preview.totals,
        disbursements: ids.length,
        fingerprint: preview.fingerprint,
      },
    });
    return { runId, disbursementIds: ids, preview };
  });
}
