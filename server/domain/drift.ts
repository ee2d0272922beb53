import { currencyExponent, formatMinor } from "./money";

/**
 * Drift between a placed invoice as QuickBooks shows it and as our books say it should look.
 * Pure: the caller gathers our side (amounts per writeback state) and QBO's live invoice; this
 * module computes the expected balance, decides whether they disagree, and names the likely cause.
 * It never proposes a correction: drift is explained to a person, not fixed behind their back.
 *
 * Expected balance rule: QuickBooks can only know about money we actually wrote to it. So the
 * balance QBO should show is the invoice amount we placed minus what our *settled* writebacks
 * applied (posted payments, after any reversal we already synced). Money still on its way
 * (a writeback pending or failed, a reversal not yet synced) is not in the expectation; it is
 * kept aside as `unsettled`, because it is the first thing that explains a disagreement.
 */
export type DriftCause = "direct_payment" | "invoice_edited" | "writeback_pending" | "writeback_failed" | "unknown";

export type DriftInput = {
  currency: string;
  /** The invoice amount as placed with us (minor units). */
  invoiceAmount: bigint;
  /** What our settled writebacks have applied to the invoice in QBO. */
  settledInQbo: bigint;
  /** Σ (our net on a writeback − what QBO has of it) over writebacks not yet settled. Positive: QBO should still drop. */
  unsettled: bigint;
  /** The worst state among unsettled writebacks. */
  unsettledState: "none" | "pending" | "failed";
  liveTotal: bigint;
  liveBalance: bigint;
  /** Payment ids QBO links to the invoice. */
  liveLinkedPaymentIds: readonly string[];
  /** QBO Payment ids of our own writebacks on this invoice (posted ones). */
  ourPaymentIds: readonly string[];
};

export type DriftFinding = {
  expectedBalance: bigint;
  liveBalance: bigint;
  /** live − expected. Negative: QBO thinks less is owed than we do. */
  drift: bigint;
  cause: DriftCause;
  /** One sentence for the sync log and the work item. */
  explanation: string;
  /** Whether the cause accounts for the whole drift, to the cent. */
  isExact: boolean;
  foreignPaymentIds: string[];
  missingPaymentIds: string[];
};

/** Drifts up to one cent (0.01 of the major unit; 0 for currencies without cents) are rounding, not drift. */
export function driftTolerance(currency: string): bigint {
  const exp = currencyExponent(currency);
  return exp >= 2 ? 10n ** BigInt(exp - 2) : 0n;
}

/** The balance QuickBooks should show, given which of our payments reached it. */
export const expectedQboBalance = (input: Pick<DriftInput, "invoiceAmount" | "settledInQbo">) =>
  input.invoiceAmount - input.settledInQbo;

const abs = (n: bigint) => (n < 0n ? -n : n);

/** Compare one invoice; null when QBO agrees with us within the tolerance. */
export function checkDrift(input: DriftInput): DriftFinding | null {
  const expectedBalance = expectedQboBalance(input);
  const drift = input.liveBalance - expectedBalance;
  const tolerance = driftTolerance(input.currency);
  if (abs(drift) <= tolerance) return null;
  const ours = new Set(input.ourPaymentIds);
  const linked = new Set(input.liveLinkedPaymentIds);
  const foreignPaymentIds = input.liveLinkedPaymentIds.filter((id) => !ours.has(id));
  const missingPaymentIds = input.ourPaymentIds.filter((id) => !linked.has(id));
  const base = { expectedBalance, liveBalance: input.liveBalance, drift, foreignPaymentIds, missingPaymentIds };
  const near = (a: bigint, b: bigint) => abs(a - b) <= tolerance;
  const m = (n: bigint) => `${formatMinor(abs(n), input.currency)} ${input.currency}`;
  const writebackCause: DriftCause = input.unsettledState === "failed" ? "writeback_failed" : "writeback_pending";
  const totalDelta = input.liveTotal - input.invoiceAmount;

  // 1. Exact explanations first: they name the cause with certainty.
  if (input.unsettled !== 0n && near(drift, -input.unsettled)) {
    return {
      ...base,
      cause: writebackCause,
      isExact: true,
      explanation: `Our own writeback of ${m(input.unsettled)} is already in QuickBooks but not confirmed here yet (${input.unsettledState}); the retry confirms it by its requestid without posting twice.`,
    };
  }
  if (totalDelta !== 0n && near(drift, totalDelta)) {
    return {
      ...base,
      cause: "invoice_edited",
      isExact: true,
      explanation: `The invoice total was edited in QuickBooks: ${m(input.liveTotal)} there, ${m(input.invoiceAmount)} as placed with us.`,
    };
  }
  // 2. Likely explanations, most specific first.
  if (foreignPaymentIds.length > 0 && drift < 0n) {
    return {
      ...base,
      cause: "direct_payment",
      isExact: false,
      explanation: `QuickBooks shows ${m(drift)} less owing, and payment${foreignPaymentIds.length > 1 ? "s" : ""} ${foreignPaymentIds.join(", ")} on the invoice ${foreignPaymentIds.length > 1 ? "were" : "was"} not written by us (no [ai-collect] stamp): likely paid directly to the creditor.`,
    };
  }
  if (totalDelta !== 0n) {
    return {
      ...base,
      cause: "invoice_edited",
      isExact: false,
      explanation: `The invoice total was edited in QuickBooks (${m(input.liveTotal)} there, ${m(input.invoiceAmount)} placed); that explains ${m(totalDelta)} of the ${m(drift)} difference.`,
    };
  }
  if (input.unsettledState !== "none") {
    return {
      ...base,
      cause: writebackCause,
      isExact: false,
      explanation: `Our writeback of ${m(input.unsettled)} is still ${input.unsettledState}; QuickBooks differs by ${m(drift)} ${drift > 0n ? "more" : "less"} owing.`,
    };
  }
  if (missingPaymentIds.length > 0 && drift > 0n) {
    return {
      ...base,
      cause: "unknown",
      isExact: false,
      explanation: `Our payment${missingPaymentIds.length > 1 ? "s" : ""} ${missingPaymentIds.join(", ")} no longer ${missingPaymentIds.length > 1 ? "are" : "is"} linked to the invoice: deleted or voided in QuickBooks, leaving ${m(drift)} more owing.`,
    };
  }
  return {
    ...base,
    cause: "unknown",
    isExact: false,
    explanation: `QuickBooks shows ${m(drift)} ${drift > 0n ? "more" : "less"} owing than we expect, with no payment or total change we can attribute it to.`,
  };
}

/** What an operator should do about a cause (the work item's next action). */
export function driftNextAction(cause: DriftCause): string {
  switch (cause) {
    case "direct_payment":
      return "Confirm with the creditor whether the debtor paid them directly; if so, record a DIRECT_PAYMENT against the placement. Do not change QuickBooks.";
    case "invoice_edited":
      return "Ask the creditor why the invoice total changed in QuickBooks; adjust the placement amount if the change is legitimate.";
    case "writeback_pending":
      return "Wait for the writeback retry; if the drift is still here after it posts, investigate.";
    case "writeback_failed":
      return "Fix the failed writeback (see its QuickBooks message in the sync log) and retry it.";
    case "unknown":
      return "Compare the invoice's payments in QuickBooks with the placement's remittances and decide with the creditor.";
  }
}
