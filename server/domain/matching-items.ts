import type { Candidate, MatchDecision } from "./matching";
import { formatMinor } from "./money";

/**
 * What an operator sees of the cascade's decision on a payment it did not apply: the work item's
 * kind, title, next action and the evidence (every candidate with its rule path and score).
 */

export type MatchItem = {
  kind: "unmatched_payment" | "ambiguous_payment";
  creditorId: string | null;
  title: string;
  nextAction: string;
  evidence: Record<string, unknown>;
  dedupeKey: string;
};

/** The evidence of a look that found nothing (also how an item stored before the cascade reads). */
export const NOTHING_FOUND = { outcome: "review", rule: null, candidates: [] } as const;

/** A candidate as stored in evidence (money as exact decimal strings of minor units). */
export function candidateEvidence(c: Candidate) {
  return {
    placementId: c.placementId,
    creditorId: c.creditorId,
    debtorId: c.debtorId,
    invoiceNumber: c.invoiceNumber,
    dueDate: c.dueDate,
    openBalance: c.openBalance.toString(),
    rule: c.rule,
    via: c.via,
    rulePath: c.rulePath,
    score: c.score,
  };
}

/** The work item of a payment the cascade did not apply (suggested, nothing found, or ambiguous). */
export function matchItem(
  p: { externalId: string; amount: bigint; currency: string; attemptId: string; reason: string },
  decision: Exclude<MatchDecision, { outcome: "auto" }> | null,
): MatchItem {
  const money = `${formatMinor(p.amount, p.currency)} ${p.currency}`;
  const base = { externalId: p.externalId, amount: p.amount.toString(), currency: p.currency, reason: p.reason };
  if (decision?.outcome === "review" && decision.reason === "ambiguous") {
    const creditors = new Set(decision.candidates.map((c) => c.creditorId));
    const atBest = decision.candidates.filter((c) => c.rule === decision.rule).length;
    return {
      kind: "ambiguous_payment",
      creditorId: creditors.size === 1 ? decision.candidates[0]!.creditorId : null,
      title: `Ambiguous payment ${p.externalId} of ${money}: ${atBest} placements match by rule ${decision.rule}`,
      nextAction: "Pick the placement (or split the payment) among the candidates; it was not applied automatically.",
      evidence: {
        ...base,
        match: { outcome: "ambiguous", rule: decision.rule, candidates: decision.candidates.map(candidateEvidence) },
      },
      dedupeKey: `ambiguous:${p.attemptId}`,
    };
  }
  if (decision?.outcome === "suggested") {
    const c = decision.candidate;
    return {
      kind: "unmatched_payment",
      creditorId: c.creditorId,
      title: `Unmatched payment ${p.externalId} of ${money}: suggested invoice ${c.invoiceNumber} (rule ${c.rule})`,
      nextAction: "Confirm the suggested placement, pick another, split the payment, refund it or mark it not ours.",
      evidence: {
        ...base,
        match: { outcome: "suggested", rule: decision.rule, candidates: decision.candidates.map(candidateEvidence) },
      },
      dedupeKey: `unmatched:${p.attemptId}`,
    };
  }
  return {
    kind: "unmatched_payment",
    creditorId: null,
    title: `Unmatched payment ${p.externalId} of ${money}: ${p.reason}`,
    nextAction: "Identify the placement (reference, amount and debtor) and apply the payment manually, or refund it.",
    evidence: { ...base, match: { ...NOTHING_FOUND, candidates: [] } },
    dedupeKey: `unmatched:${p.attemptId}`,
  };
}

/** The audit line of a payment the cascade applied on its own. */
export function autoMatchAudit(decision: Extract<MatchDecision, { outcome: "auto" }>) {
  return {
    matchedBy: `auto-matched by rule ${decision.rule}`,
    rulePath: decision.candidate.rulePath,
    score: decision.candidate.score,
    candidates: decision.candidates.map(candidateEvidence),
  };
}
