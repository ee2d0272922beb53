import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  accountingDocuments,
  customerCredits,
  documentLines,
  paymentAttempts,
  placements,
  remittances,
} from "@/db/schema";
import { splitReinstatement, splitReversal } from "@/server/domain/fees";
import { ACCOUNTS, reversalPostings } from "@/server/domain/ledger-rules";
import { formatMinor } from "@/server/domain/money";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { postJournalEntry } from "../ledger/post";
import { documentRows } from "../ledger/rows";
import { creditRow, remittanceRow } from "../payments/rows";
import { enqueueEffect } from "../outbox/outbox";
import {
  cancellationDocumentNumber,
  paymentDocumentNumber,
  reallocationDocumentNumber,
} from "@/server/domain/document-numbers";
import { openWorkItem } from "../work-items/open";
import { emitWebhookEvent } from "../webhooks-out/events";

export type Reversal = {
  /** The payment it reverses: by PaymentIntent id or by charge id. */
  paymentExternalId?: string | null;
  chargeId?: string | null;
  /** Positive amount of money leaving. */
  amount: bigint;
  currency: string;
  reason: "refund" | "chargeback";
  /** Refund id or dispute id + phase: one reversal per external money movement. */
  externalRef: string;
  occurredAt: Date;
};

export type ReversalResult =
  | { outcome: "duplicate" }
  | { outcome: "payment_not_found" }
  | {
      outcome: "applied";
      remittanceId?: string;
      fromCredit: bigint;
      fromRemittance: bigint;
      /** Set when the payment was split by an operator: what each part attempt gave back, in allocation order. */
      parts?: PartReversed[];
    }
  | { outcome: "unmatched_payment"; paymentAttemptId: string };

export type PartReversed = {
  paymentAttemptId: string;
  placementId: string;
  externalRef: string;
  fromCredit: bigint;
  fromRemittance: bigint;
  remittanceId?: string;
};

type Attempt = typeof paymentAttempts.$inferSelect;
type Placement = typeof placements.$inferSelect;
type Credit = typeof customerCredits.$inferSelect;
type Remittance = typeof remittances.$inferSelect;

/**
 * Money that leaves after a payment cleared (refund, dispute funds withdrawn): first out of the
 * payment's open customer credit, then as a NEW negative `reversed` remittance linked to the
 * original, whose fee share never exceeds the original's. The original row is never changed, the
 * placement keeps its status, and an operator gets a reversal-decision work item.
 *
 * A payment with part attempts — split by hand (no placement of its own), or booked to its placement
 * with credit of it reallocated to another (a REALLOCATION part) — is reversed through its parts,
 * see `reverseSplitPayment`.
 */
export async function recordReversal(db: Db, input: Reversal, actor: Actor): Promise<ReversalResult> {
  if (input.amount <= 0n)
    throw new AppError("BAD_REQUEST", `a reversal must have a positive amount (got ${input.amount})`);
  return db.transaction(async (tx) => {
    const attempt = await findPayment(tx, input);
    if (!attempt) return { outcome: "payment_not_found" };
    if (attempt.currency !== input.currency.toUpperCase())
      throw new AppError(
        "BAD_REQUEST",
        `reversal currency ${input.currency} differs from the payment's ${attempt.currency}`,
      );
    // A payment with part attempts (split by hand, or credit of it reallocated to another
    // placement) is reversed through the parts of its tree, its own placement's part included.
    const parts = await partAttempts(tx, attempt.id);
    if (parts.length > 0)
      return reverseSplitPayment(tx, input, attempt, attempt.placementId ? [attempt, ...parts] : parts, actor);
    if (!attempt.placementId || !attempt.creditorId) {
      await openWorkItem(tx, {
        kind: "unmatched_payment",
        creditorId: attempt.creditorId,
        subjectType: "payment_attempt",
        subjectId: attempt.id,
        title: `Reversal ${input.externalRef} of an unmatched payment`,
        nextAction: "No ledger effect yet: close the unmatched item as reversed or apply it manually.",
        evidence: { reversal: input },
        dedupeKey: `unmatched-reversal:${input.externalRef}`,
        causedAt: input.occurredAt,
      });
      return { outcome: "unmatched_payment", paymentAttemptId: attempt.id };
    }
    const [placement] = await tx.select().from(placements).where(eq(placements.id, attempt.placementId)).for("update");
    if (!placement) throw new Error(`payment ${attempt.id} points at a missing placement`);
    // Locks on the payment and placement serialise reversals of one payment, so this check is safe.
    const docNumber = cancellationDocumentNumber(input.externalRef);
    const [seen] = await tx
      .select({ id: accountingDocuments.id })
      .from(accountingDocuments)
      .where(and(eq(accountingDocuments.creditorId, placement.creditorId), eq(accountingDocuments.number, docNumber)));
    if (seen) return { outcome: "duplicate" };

    const credits = await tx
      .select()
      .from(customerCredits)
      .where(and(eq(customerCredits.paymentAttemptId, attempt.id), eq(customerCredits.status, "open")));
    const openCredit = credits.reduce((s, c) => s + c.amount, 0n);
    const fromCredit = input.amount < openCredit ? input.amount : openCredit;
    const fromRemittance = input.amount - fromCredit;
    const [parent] = await tx
      .select()
      .from(remittances)
      .where(and(eq(remittances.paymentAttemptId, attempt.id), eq(remittances.status, "cleared")));
    const already = parent ? await netReversed(tx, parent.id) : { recovered: 0n, fee: 0n };
    const remaining = parent ? parent.recoveredAmount - already.recovered : 0n;
    if (fromRemittance > remaining) {
      throw new AppError(
        "CONFLICT",
        `reversal ${input.externalRef} of ${input.amount} exceeds what is left of payment ${attempt.externalId} (${remaining + openCredit})`,
      );
    }
    const r = await reverseOnePayment(
      tx,
      input,
      {
        attempt,
        placement,
        partRef: input.externalRef,
        credits,
        openCredit,
        fromCredit,
        fromRemittance,
        parent,
        already,
        remaining,
      },
      actor,
    );
    return { outcome: "applied", remittanceId: r.remittanceId, fromCredit, fromRemittance };
  });
}

type OnePayment = {
  attempt: Attempt;
  placement: Placement;
  /** The reference this part is booked under: the reversal's own for a single payment, `${ref}#n` for the n-th part of a split one. */
  partRef: string;
  /** The payment's open credits, oldest first; `fromCredit` of them is used. */
  credits: Credit[];
  openCredit: bigint;
  fromCredit: bigint;
  fromRemittance: bigint;
  /** The payment's cleared remittance, if it has one. */
  parent: Remittance | undefined;
  already: { recovered: bigint; fee: bigint };
  remaining: bigint;
};

/**
 * What a reversal does to ONE payment booked on one placement, once the amounts are decided:
 * journal entry, CANCELLATION document (numbered from `partRef`), negative `reversed` remittance,
 * placement totals, QuickBooks reversal request, webhook event, credits consumed, the payment's
 * status, the reversal-decision item and the audit event. Used for a single payment and for each
 * part of a split one.
 */
async function reverseOnePayment(
  tx: Db,
  input: Reversal,
  p: OnePayment,
  actor: Actor,
): Promise<{ remittanceId?: string }> {
  const { attempt, placement, partRef, credits, openCredit, fromCredit, fromRemittance, parent, already, remaining } =
    p;
  const amount = fromCredit + fromRemittance;
  const split =
    parent && fromRemittance > 0n
      ? splitReversal({ recovered: parent.recoveredAmount, fee: parent.feeAmount }, already, fromRemittance)
      : null;
  const entryId = await postJournalEntry(tx, {
    kind: input.reason === "refund" ? "refund" : "chargeback",
    description: `${input.reason} ${partRef} of payment ${attempt.externalId}`,
    creditorId: placement.creditorId,
    sourceRef: `reversal:${partRef}`,
    occurredAt: input.occurredAt,
    postings: (split
      ? reversalPostings({
          creditorId: placement.creditorId,
          currency: attempt.currency,
          recovered: split.recovered,
          fee: split.fee,
          net: split.net,
          excess: -fromCredit,
        })
      : creditRefundPostings(placement.creditorId, attempt.currency, fromCredit)
    ).map((x) => ({ ...x, placementId: placement.id })),
  });
  await insertDocument(
    tx,
    documentRows({
      id: crypto.randomUUID(),
      creditorId: placement.creditorId,
      placementId: placement.id,
      type: "CANCELLATION",
      number: cancellationDocumentNumber(partRef),
      original: { type: "AGENCY_PAYMENT", number: paymentDocumentNumber(attempt.externalId) },
      amount,
      currency: attempt.currency,
      valueDate: input.occurredAt.toISOString().slice(0, 10),
      journalEntryId: entryId,
    }),
  );
  let remittanceId: string | undefined;
  if (split && parent) {
    const [row] = await tx
      .insert(remittances)
      .values(
        remittanceRow({
          creditorId: placement.creditorId,
          placementId: placement.id,
          paymentAttemptId: attempt.id,
          installmentId: parent.installmentId,
          parentRemittanceId: parent.id,
          status: "reversed",
          reason: input.reason,
          externalRef: partRef,
          split,
          currency: attempt.currency,
          rateBps: parent.rateBpsSnapshot,
          journalEntryId: entryId,
          occurredAt: input.occurredAt,
        }),
      )
      .returning({ id: remittances.id });
    remittanceId = row!.id;
    await tx
      .update(placements)
      .set({
        recoveredAmount: placement.recoveredAmount + split.recovered,
        feeAmount: placement.feeAmount + split.fee,
        updatedAt: new Date(),
      })
      .where(eq(placements.id, placement.id));
    await enqueueEffect(tx, "qbo.reverse-payment", `qbo-reversal:${remittanceId}`, {
      remittanceId,
      parentRemittanceId: parent.id,
      paymentAttemptId: attempt.id,
      placementId: placement.id,
      creditorId: placement.creditorId,
      amount: -split.recovered,
      currency: attempt.currency,
    });
    await emitWebhookEvent(tx, {
      type: "remittance.reversed",
      creditorId: placement.creditorId,
      subjectId: remittanceId,
    });
  }
  if (fromCredit > 0n) await consumeCredits(tx, credits, fromCredit, entryId);
  const fullyReversed = remaining - fromRemittance === 0n && openCredit - fromCredit === 0n;
  await tx
    .update(paymentAttempts)
    .set({ status: fullyReversed ? "reversed" : "partially_reversed" })
    .where(eq(paymentAttempts.id, attempt.id));
  await openWorkItem(tx, {
    kind: "reversal_decision",
    creditorId: placement.creditorId,
    subjectType: "placement",
    subjectId: placement.id,
    title: `${input.reason === "refund" ? "Refund" : "Chargeback"} of ${formatMinor(amount, attempt.currency)} ${attempt.currency} on invoice ${placement.invoiceNumber}`,
    nextAction: "Decide the placement's future: back to outreach, keep as is, or write off.",
    evidence: {
      externalRef: partRef,
      amount,
      currency: attempt.currency,
      fromCredit,
      fromRemittance,
      remittanceId,
      parentRemittanceId: parent?.id,
      placementStatus: placement.status,
      ...(partRef !== input.externalRef
        ? { reversalExternalRef: input.externalRef, reversalAmount: input.amount }
        : {}),
    },
    dedupeKey: `reversal:${partRef}`,
    causedAt: input.occurredAt,
  });
  await recordAudit(tx, {
    actor,
    action: `payment.${input.reason}`,
    category: "payments",
    creditorId: placement.creditorId,
    targetType: "placement",
    targetId: placement.id,
    details: {
      externalRef: partRef,
      amount,
      fromCredit,
      fromRemittance,
      remittanceId,
      fee: split?.fee ?? 0n,
      ...(partRef !== input.externalRef
        ? { reversalExternalRef: input.externalRef, paymentAttemptId: attempt.id }
        : {}),
    },
  });
  return { remittanceId };
}

/** Part attempts an operator booked for a payment (children, and their children: credit reallocations), locked. */
async function partAttempts(tx: Db, rootId: string): Promise<Attempt[]> {
  const out: Attempt[] = [];
  let parents = [rootId];
  while (parents.length > 0) {
    const rows = await tx
      .select()
      .from(paymentAttempts)
      .where(inArray(paymentAttempts.parentPaymentAttemptId, parents))
      .orderBy(asc(paymentAttempts.id))
      .for("update");
    out.push(...rows);
    parents = rows.map((r) => r.id);
  }
  return out;
}

/** Most recent part first; parts booked in one transaction share a time, so then the higher part number (`…#2` before `…#1`). */
function mostRecentFirst(a: Attempt, b: Attempt) {
  const t = b.createdAt.getTime() - a.createdAt.getTime();
  return t !== 0 ? t : b.externalId.localeCompare(a.externalId, "en", { numeric: true });
}

/**
 * A reversal of a payment whose money sits in part attempts: applied or split by hand (the root has
 * no placement), or booked to its own placement (the root is then a part too) with credit of it
 * reallocated to other placements. The amount is allocated, in this order:
 *   1. the open customer credit of the whole payment tree (oldest credit first), as the single path
 *      uses credit first; each credit is booked on the part that holds it;
 *   2. then what is left of each part's cleared remittance, most recent part first (see `mostRecentFirst`).
 * Each part that gives money back is reversed exactly as a single payment (`reverseOnePayment`),
 * under `partRef`: the reversal's own reference when one part is touched, `${ref}#n` (n = 1… in
 * allocation order) when several are, so each gets its own CANCELLATION number, remittance
 * reference and decision item. A redelivery finds any of those documents and is a duplicate.
 * More than the tree has left → CONFLICT, nothing written.
 */
async function reverseSplitPayment(
  tx: Db,
  input: Reversal,
  root: Attempt,
  parts: Attempt[],
  actor: Actor,
): Promise<ReversalResult> {
  const booked = parts.filter((a) => a.placementId && a.creditorId).sort(mostRecentFirst);
  const placementIds = [...new Set(booked.map((a) => a.placementId!))].sort();
  const locked = placementIds.length
    ? await tx
        .select()
        .from(placements)
        .where(inArray(placements.id, placementIds))
        .orderBy(asc(placements.id))
        .for("update")
    : [];
  const byId = new Map(locked.map((p) => [p.id, p]));
  const creditorIds = [...new Set(locked.map((p) => p.creditorId))];

  const docNumber = cancellationDocumentNumber(input.externalRef);
  if (creditorIds.length) {
    const [seen] = await tx
      .select({ id: accountingDocuments.id })
      .from(accountingDocuments)
      .where(
        and(
          inArray(accountingDocuments.creditorId, creditorIds),
          or(
            eq(accountingDocuments.number, docNumber),
            sql`left(${accountingDocuments.number}, ${docNumber.length + 1}) = ${`${docNumber}#`}`,
          ),
        ),
      );
    if (seen) return { outcome: "duplicate" };
  }

  const treeIds = [root.id, ...parts.map((a) => a.id)];
  const credits = await tx
    .select()
    .from(customerCredits)
    .where(and(inArray(customerCredits.paymentAttemptId, treeIds), eq(customerCredits.status, "open")))
    .orderBy(asc(customerCredits.createdAt), asc(customerCredits.id))
    .for("update");

  type Plan = Omit<OnePayment, "partRef">;
  const plans = new Map<string, Plan>();
  for (const attempt of booked) {
    const [parent] = await tx
      .select()
      .from(remittances)
      .where(and(eq(remittances.paymentAttemptId, attempt.id), eq(remittances.status, "cleared")));
    const already = parent ? await netReversed(tx, parent.id) : { recovered: 0n, fee: 0n };
    const own = credits.filter((c) => c.paymentAttemptId === attempt.id);
    plans.set(attempt.id, {
      attempt,
      placement: byId.get(attempt.placementId!)!,
      credits: own,
      openCredit: own.reduce((s, c) => s + c.amount, 0n),
      fromCredit: 0n,
      fromRemittance: 0n,
      parent,
      already,
      remaining: parent ? parent.recoveredAmount - already.recovered : 0n,
    });
  }
  // Credit held on the root itself (none today) is booked on the most recent part.
  const holder = (c: Credit) => plans.get(c.paymentAttemptId) ?? plans.get(booked[0]?.id ?? "");
  const usableCredit = credits.filter(holder).reduce((s, c) => s + c.amount, 0n);
  const left = [...plans.values()].reduce((s, p) => s + p.remaining, 0n);
  if (input.amount > usableCredit + left || booked.length === 0)
    throw new AppError(
      "CONFLICT",
      `reversal ${input.externalRef} of ${input.amount} exceeds what is left of payment ${root.externalId} (${usableCredit + left})`,
    );

  let rest = input.amount;
  const order: string[] = [];
  const touch = (id: string) => {
    if (!order.includes(id)) order.push(id);
  };
  for (const c of credits) {
    if (rest === 0n) break;
    const plan = holder(c);
    if (!plan) continue;
    const take = c.amount < rest ? c.amount : rest;
    if (!plan.credits.includes(c)) {
      plan.credits = [...plan.credits, c];
      plan.openCredit += c.amount;
    }
    plan.fromCredit += take;
    rest -= take;
    touch(plan.attempt.id);
  }
  for (const attempt of booked) {
    if (rest === 0n) break;
    const plan = plans.get(attempt.id)!;
    const take = plan.remaining < rest ? plan.remaining : rest;
    if (take === 0n) continue;
    plan.fromRemittance += take;
    rest -= take;
    touch(attempt.id);
  }

  const out: PartReversed[] = [];
  for (const [i, id] of order.entries()) {
    const plan = plans.get(id)!;
    // consumeCredits walks credits oldest first, the order they were taken in.
    plan.credits.sort((a, b) => credits.indexOf(a) - credits.indexOf(b));
    const partRef = order.length === 1 ? input.externalRef : `${input.externalRef}#${i + 1}`;
    const r = await reverseOnePayment(tx, input, { ...plan, partRef }, actor);
    out.push({
      paymentAttemptId: id,
      placementId: plan.placement.id,
      externalRef: partRef,
      fromCredit: plan.fromCredit,
      fromRemittance: plan.fromRemittance,
      remittanceId: r.remittanceId,
    });
  }
  const treeLeft = usableCredit + left - input.amount;
  await tx
    .update(paymentAttempts)
    .set({ status: treeLeft === 0n ? "reversed" : "partially_reversed" })
    .where(eq(paymentAttempts.id, root.id));
  await recordAudit(tx, {
    actor,
    action: `payment.${input.reason}`,
    category: "payments",
    creditorId: creditorIds[0],
    targetType: "payment_attempt",
    targetId: root.id,
    details: { externalRef: input.externalRef, amount: input.amount, split: true, parts: out },
  });
  return {
    outcome: "applied",
    remittanceId: out.find((p) => p.remittanceId)?.remittanceId,
    fromCredit: out.reduce((s, p) => s + p.fromCredit, 0n),
    fromRemittance: out.reduce((s, p) => s + p.fromRemittance, 0n),
    parts: out,
  };
}

export type Reinstatement = {
  reversalExternalRef: string;
  amount: bigint;
  externalRef: string;
  occurredAt: Date;
  reason?: "dispute_reinstated" | "refund_failed";
};

/**
 * Money that comes back after a reversal (dispute won, funds reinstated): a positive `reinstated`
 * row whose parent is the reversal, never more than the reversal took.
 */
export async function recordReinstatement(
  db: Db,
  input: Reinstatement,
  actor: Actor,
): Promise<{ outcome: "duplicate" | "reversal_not_found" | "applied"; remittanceId?: string }> {
  if (input.amount <= 0n) throw new AppError("BAD_REQUEST", "a reinstatement must have a positive amount");
  return db.transaction(async (tx) => {
    const [reversal] = await tx
      .select()
      .from(remittances)
      .where(eq(remittances.externalRef, input.reversalExternalRef));
    if (!reversal) return { outcome: "reversal_not_found" };
    const [placement] = await tx.select().from(placements).where(eq(placements.id, reversal.placementId)).for("update");
    const [dup] = await tx
      .select({ id: remittances.id })
      .from(remittances)
      .where(eq(remittances.externalRef, input.externalRef));
    if (dup) return { outcome: "duplicate" };
    const back = await tx
      .select({ r: remittances.recoveredAmount, f: remittances.feeAmount })
      .from(remittances)
      .where(eq(remittances.parentRemittanceId, reversal.id));
    const already = { recovered: back.reduce((s, x) => s + x.r, 0n), fee: back.reduce((s, x) => s + x.f, 0n) };
    const split = splitReinstatement(
      { recovered: -reversal.recoveredAmount, fee: -reversal.feeAmount },
      already,
      input.amount,
    );
    const entryId = await postJournalEntry(tx, {
      kind: "reinstatement",
      description: `Funds reinstated ${input.externalRef}`,
      creditorId: reversal.creditorId,
      sourceRef: `reinstatement:${input.externalRef}`,
      occurredAt: input.occurredAt,
      postings: reversalPostings({
        creditorId: reversal.creditorId,
        currency: reversal.currency,
        recovered: split.recovered,
        fee: split.fee,
        net: split.net,
      }).map((p) => ({ ...p, placementId: reversal.placementId })),
    });
    const [row] = await tx
      .insert(remittances)
      .values(
        remittanceRow({
          creditorId: reversal.creditorId,
          placementId: reversal.placementId,
          paymentAttemptId: reversal.paymentAttemptId,
          installmentId: reversal.installmentId,
          parentRemittanceId: reversal.id,
          status: "reinstated",
          reason: input.reason ?? "dispute_reinstated",
          externalRef: input.externalRef,
          split,
          currency: reversal.currency,
          rateBps: reversal.rateBpsSnapshot,
          journalEntryId: entryId,
          occurredAt: input.occurredAt,
        }),
      )
      .returning({ id: remittances.id });
    await tx
      .update(placements)
      .set({
        recoveredAmount: placement!.recoveredAmount + split.recovered,
        feeAmount: placement!.feeAmount + split.fee,
        updatedAt: new Date(),
      })
      .where(eq(placements.id, reversal.placementId));
    await insertDocument(
      tx,
      documentRows({
        id: crypto.randomUUID(),
        creditorId: reversal.creditorId,
        placementId: reversal.placementId,
        type: "REALLOCATION",
        number: reallocationDocumentNumber(input.externalRef),
        original: { type: "CANCELLATION", number: cancellationDocumentNumber(input.reversalExternalRef) },
        amount: -split.recovered,
        currency: reversal.currency,
        valueDate: input.occurredAt.toISOString().slice(0, 10),
        journalEntryId: entryId,
      }),
    );
    await enqueueEffect(tx, "qbo.writeback", `qbo-reinstatement:${row!.id}`, {
      remittanceId: row!.id,
      paymentAttemptId: reversal.paymentAttemptId,
      placementId: reversal.placementId,
      creditorId: reversal.creditorId,
      amount: split.recovered,
      currency: reversal.currency,
    });
    await emitWebhookEvent(tx, { type: "remittance.created", creditorId: reversal.creditorId, subjectId: row!.id });
    await recordAudit(tx, {
      actor,
      action: "payment.reinstated",
      category: "payments",
      creditorId: reversal.creditorId,
      targetType: "placement",
      targetId: reversal.placementId,
      details: {
        reason: input.reason ?? "dispute_reinstated",
        externalRef: input.externalRef,
        reversalRemittanceId: reversal.id,
        amount: split.recovered,
        fee: split.fee,
      },
    });
    return { outcome: "applied", remittanceId: row!.id };
  });
}

/** Only held customer credit leaves (an overpayment refunded): Dr customer credit, Cr clearing. */
function creditRefundPostings(creditorId: string, currency: string, amount: bigint) {
  return [
    { account: ACCOUNTS.customerCredit(creditorId), amount, currency },
    { account: ACCOUNTS.stripeClearing, amount: -amount, currency },
  ];
}

async function findPayment(db: Db, input: Reversal) {
  const conds = [
    input.paymentExternalId
      ? and(eq(paymentAttempts.source, "stripe"), eq(paymentAttempts.externalId, input.paymentExternalId))
      : undefined,
    input.chargeId ? eq(paymentAttempts.chargeId, input.chargeId) : undefined,
  ].filter(Boolean);
  if (conds.length === 0) return undefined;
  const [row] = await db
    .select()
    .from(paymentAttempts)
    .where(or(...conds))
    .for("update");
  return row;
}

/** Net reversed so far on a cleared row: its reversals (negative, as absolute values) less what came back. */
export async function netReversed(db: Db, parentId: string): Promise<{ recovered: bigint; fee: bigint }> {
  const revs = await db
    .select({ id: remittances.id, r: remittances.recoveredAmount, f: remittances.feeAmount })
    .from(remittances)
    .where(eq(remittances.parentRemittanceId, parentId));
  if (revs.length === 0) return { recovered: 0n, fee: 0n };
  const backs = await db
    .select({ r: remittances.recoveredAmount, f: remittances.feeAmount })
    .from(remittances)
    .where(
      inArray(
        remittances.parentRemittanceId,
        revs.map((r) => r.id),
      ),
    );
  const sum = (xs: Array<{ r: bigint; f: bigint }>) =>
    xs.reduce((s, x) => ({ r: s.r + x.r, f: s.f + x.f }), { r: 0n, f: 0n });
  const out = sum(revs);
  const inn = sum(backs);
  return { recovered: -out.r - inn.r, fee: -out.f - inn.f };
}

/** Credits are used oldest first; a partly used credit is closed and its remainder re-opened as a new credit. */
async function consumeCredits(
  db: Db,
  credits: Array<typeof customerCredits.$inferSelect>,
  amount: bigint,
  entryId: string,
) {
  let left = amount;
  for (const c of credits) {
    if (left <= 0n) break;
    await db.update(customerCredits).set({ status: "refunded" }).where(eq(customerCredits.id, c.id));
    if (c.amount > left) {
      await db
        .insert(customerCredits)
        .values(creditRow({ ...c, id: undefined, amount: c.amount - left, journalEntryId: entryId }));
    }
    left -= c.amount;
  }
}

async function insertDocument(tx: Db, rows: ReturnType<typeof documentRows>) {
  await tx.insert(accountingDocuments).values(rows.document);
  if (rows.lines.length) await tx.insert(documentLines).values(rows.lines);
}
