import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { paymentAttempts } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";
import {
  checkClearedPayment,
  planAppliedPayment,
  unmatchedPaymentItem,
  whyUnmatched,
  type ClearedPayment,
} from "@/server/domain/payment-plan";
import { autoMatchAudit, matchItem } from "@/server/domain/matching-items";
import type { MatchDecision } from "@/server/domain/matching";
import { isTransientDbError } from "@/server/lib/db-retry";
import { matchPayments } from "../matching/candidates";
import { readPaymentContext } from "./payment-context";
import { appliedPaymentWrite, unmatchedPaymentWrite, writePayments, type PaymentWrite } from "./payment-writes";
import { attemptRow } from "./rows";

export type ClearedPaymentResult =
  | { outcome: "duplicate"; paymentAttemptId: string }
  | {
      outcome: "applied";
      paymentAttemptId: string;
      remittanceId?: string;
      creditId?: string;
      placementStatus: string;
      /** Applied by the matching cascade's rule N (the payment named no placement it could take). */
      matchedByRule?: number;
    }
  | { outcome: "unmatched"; paymentAttemptId: string; reason: string };

/**
 * Record a cleared debtor payment, all or nothing: the payment attempt, the remittance at the
 * creditor's rate (snapshotted), any excess as customer credit, the accounting document, one
 * balanced journal entry, the placement's rolling totals, the QBO writeback request (outbox) and
 * the audit event. Exactly once per (source, externalId): a repeat changes nothing. The rules are
 * the domain's (planAppliedPayment); the rows are written by the same statement as the Stripe
 * webhook's batched path, as a batch of one, with the placement locked.
 */
export async function recordClearedPayment(db: Db, input: ClearedPayment, actor: Actor): Promise<ClearedPaymentResult> {
  const { currency, placementId, installmentId } = checkClearedPayment(input);
  return db.transaction(async (tx) => {
    const ctx = await readPaymentContext(tx, {
      source: input.source,
      externalId: input.externalId,
      placementId,
      installmentId,
      at: input.receivedAt,
    });
    if (ctx.existingId) return { outcome: "duplicate", paymentAttemptId: ctx.existingId };
    const placement = ctx.placement;
    const problem = whyUnmatched(input, currency, placement);
    if (problem || !placement) {
      const reason = problem ?? "no placement";
      const decision = await matchArriving(tx, input, currency);
      if (decision?.outcome === "auto") {
        const applied = await applyAutoMatch(tx, input, currency, decision, actor);
        if (applied) return applied;
      }
      const attempt = attemptRow({
        ...input,
        id: crypto.randomUUID(),
        currency,
        status: "unmatched",
        creditorId: placement?.creditorId ?? null,
        placementId: null,
        installmentId: null,
      });
      const legacy = unmatchedPaymentItem(input, currency, attempt.id!, reason);
      const item = matchItem(
        { externalId: input.externalId, amount: input.amount, currency, attemptId: attempt.id!, reason },
        decision?.outcome === "auto" ? null : decision,
      );
      const write = unmatchedPaymentWrite(
        attempt,
        { ...item, evidence: { ...legacy.evidence, ...item.evidence }, causedAt: input.receivedAt },
        {
          actor,
          details: { reason, externalId: input.externalId, amount: input.amount, currency, match: item.evidence.match },
        },
      );
      return (await writeOne(tx, write, input))
        ? { outcome: "unmatched", paymentAttemptId: attempt.id!, reason }
        : duplicate(tx, input);
    }
    const plan = planAppliedPayment(input, currency, placement, ctx, actor);
    if (!(await writeOne(tx, appliedPaymentWrite(plan, input), input))) return duplicate(tx, input);
    return {
      outcome: "applied",
      paymentAttemptId: plan.attemptId,
      remittanceId: plan.remittance?.id,
      creditId: plan.credit?.id,
      placementStatus: plan.placement.next.status,
    };
  });
}

/** The cascade's decision on an arriving payment that names no placement it can be applied to. */
async function matchArriving(tx: Db, input: ClearedPayment, currency: string): Promise<MatchDecision | null> {
  const key = "arriving";
  const facts = {
    key,
    amount: input.amount,
    currency,
    metadata: { ...input.metadata, placement_id: input.placementId ?? null },
  };
  const decisions = await matchPayments(tx, { kind: "facts", payments: [facts] }, new Map([[key, input.amount]]));
  return decisions.get(key) ?? null;
}

/**
 * Apply a payment to the cascade's unique candidate exactly as a payment naming its placement is
 * applied (the placement locked, the same plan and writer), audited "auto-matched by rule N".
 * Null when the placement can no longer take it (it changed since the cascade read it).
 */
async function applyAutoMatch(
  tx: Db,
  input: ClearedPayment,
  currency: string,
  decision: Extract<MatchDecision, { outcome: "auto" }>,
  actor: Actor,
): Promise<ClearedPaymentResult | null> {
  const placementId = decision.candidate.placementId;
  const ctx = await readPaymentContext(tx, {
    source: input.source,
    externalId: input.externalId,
    placementId,
    installmentId: null,
    at: input.receivedAt,
  });
  if (ctx.existingId) return { outcome: "duplicate", paymentAttemptId: ctx.existingId };
  const matched = { ...input, placementId, installmentId: null };
  if (!ctx.placement || ctx.placement.status !== "open" || whyUnmatched(matched, currency, ctx.placement)) return null;
  const plan = planAppliedPayment(matched, currency, ctx.placement, ctx, actor);
  plan.audit.details = { ...plan.audit.details, ...autoMatchAudit(decision) };
  if (!(await writeOne(tx, appliedPaymentWrite(plan, matched), input))) return duplicate(tx, input);
  return {
    outcome: "applied",
    paymentAttemptId: plan.attemptId,
    remittanceId: plan.remittance?.id,
    creditId: plan.credit?.id,
    placementStatus: plan.placement.next.status,
    matchedByRule: decision.rule,
  };
}

/**
 * Write one payment. Under the placement's lock the only way its write can be refused is a
 * concurrent delivery of the same payment that recorded it first (the writer then aborts with a
 * serialization failure): in a transaction of our own that is a savepoint to roll back and a
 * duplicate; joined to the Stripe inbox's transaction (no savepoint), it propagates and the
 * inbox retries the event, which then finds the duplicate.
 */
async function writeOne(tx: Db, write: PaymentWrite, input: ClearedPayment): Promise<boolean> {
  try {
    const [result] = await tx.transaction((sp) => writePayments(sp, [write]));
    return result!.written;
  } catch (err) {
    if (!isTransientDbError(err)) throw err;
    // Joined to an outer transaction that the abort has already poisoned, the look-up fails too:
    // the original error is what the caller must see (and retry).
    const id = await recorded(tx, input).catch(() => undefined);
    if (id) return false;
    throw err;
  }
}

async function recorded(tx: Db, input: ClearedPayment): Promise<string | undefined> {
  const [existing] = await tx
    .select({ id: paymentAttempts.id })
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.source, input.source), eq(paymentAttempts.externalId, input.externalId)));
  return existing?.id;
}

/** Recorded meanwhile by a concurrent delivery of the same payment: its insert won. */
async function duplicate(tx: Db, input: ClearedPayment): Promise<ClearedPaymentResult> {
  return { outcome: "duplicate", paymentAttemptId: (await recorded(tx, input))! };
}
