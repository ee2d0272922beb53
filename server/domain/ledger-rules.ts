/**
 * Double-entry rules shared by the ledger service and the verifier: the account codes, the
 * balance check, and the postings each money event produces.
 */
import { assertCurrency } from "./money";

/** One line of a journal entry: debit positive, credit negative, in minor units. */
export type Posting = { account: string; amount: bigint; currency: string };

function perCreditor(prefix: string, creditorId: string): string {
  // The id is embedded in the code, so a blank or ":" would make codes ambiguous to parse back.
  if (!creditorId || creditorId.includes(":")) {
    throw new Error(`Invalid creditor id ${JSON.stringify(creditorId)} for a ${prefix} account.`);
  }
  return `${prefix}:${creditorId}`;
}

/** Account codes of the chart. Per-creditor accounts are `<prefix>:<creditorId>`. */
export const ACCOUNTS = {
  /** Stripe balance: where cleared debtor payments land and chargebacks leave from. */
  stripeClearing: "cash:stripe_clearing",
  /** Agency operating bank account: default source of disbursements. */
  operatingCash: "cash:operating",
  /** Contingency fees the agency has earned (credit balance). */
  feeIncome: "fee_income",
  /** Net owed to a creditor and not yet disbursed (credit balance; debit = creditor owes us). */
  creditorPayable: (creditorId: string) => perCreditor("creditor_payable", creditorId),
  /** Overpayments held for a creditor's debtors, never fee (credit balance). */
  customerCredit: (creditorId: string) => perCreditor("customer_credit", creditorId),
  /**
   * Fees the creditor owes the agency (debit balance): the fee on a payment the debtor made to the
   * creditor directly. Netted against the creditor's next disbursement.
   */
  creditorFeesOwed: (creditorId: string) => perCreditor("creditor_fees_owed", creditorId),
} as const;

/** Currencies whose postings do not sum to zero, with their sums (empty = balanced). */
export function unbalancedCurrencies(postings: readonly Posting[]): Array<{ currency: string; sum: bigint }> {
  const sums = new Map<string, bigint>();
  for (const p of postings) sums.set(p.currency, (sums.get(p.currency) ?? 0n) + p.amount);
  return [...sums]
    .filter(([, sum]) => sum !== 0n)
    .map(([currency, sum]) => ({ currency, sum }))
    .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}

/** Throws, naming each unbalanced currency and its sum, unless postings sum to zero per currency. */
export function assertBalanced(postings: readonly Posting[]): void {
  const off = unbalancedCurrencies(postings);
  if (off.length > 0) {
    const detail = off.map((o) => `${o.currency} sums to ${o.sum}`).join(", ");
    throw new Error(`Unbalanced journal entry: ${detail} (minor units; must be 0 per currency).`);
  }
}

type Movement = {
  creditorId: string;
  currency: string;
  cash: bigint;
  net: bigint;
  fee: bigint;
  excess: bigint;
  cashAccount: string;
};

// One shape for clearing, reversal and reinstatement: the sign of the amounts is the direction.
function movementPostings(m: Movement): Posting[] {
  const currency = assertCurrency(m.currency);
  const lines: Posting[] = [
    { account: m.cashAccount, amount: m.cash, currency },
    { account: ACCOUNTS.creditorPayable(m.creditorId), amount: -m.net, currency },
    { account: ACCOUNTS.feeIncome, amount: -m.fee, currency },
    { account: ACCOUNTS.customerCredit(m.creditorId), amount: -m.excess, currency },
  ].filter((p) => p.amount !== 0n);
  assertBalanced(lines);
  return lines;
}

/**
 * A cleared payment of `total` (> 0): the part applied to the placement, split into `fee` and
 * `net`, plus `excess` held as customer credit. Dr clearing total; Cr payable net, fee income fee,
 * customer credit excess. Throws unless total = net + fee + excess with every part ≥ 0.
 */
export function paymentClearedPostings(p: {
  creditorId: string;
  currency: string;
  total: bigint;
  fee: bigint;
  net: bigint;
  excess?: bigint;
  cashAccount?: string;
}): Posting[] {
  const excess = p.excess ?? 0n;
  if (p.total <= 0n || p.fee < 0n || p.net < 0n || excess < 0n || p.fee + p.net + excess !== p.total) {
    throw new Error(
      `Cleared payment parts do not add up: total ${p.total} must be > 0 and equal net ${p.net} + fee ${p.fee} + excess ${excess}, each ≥ 0.`,
    );
  }
  return movementPostings({ ...p, cash: p.total, excess, cashAccount: p.cashAccount ?? ACCOUNTS.stripeClearing });
}

/**
 * A reversal (negative `recovered`/`fee`/`net`, as returned by splitReversal) or a reinstatement
 * (positive, as from splitReinstatement), plus any `excess` moving with it, same sign. The same
 * accounts as the cleared payment; a reversal flips every side.
 */
export function reversalPostings(p: {
  creditorId: string;
  currency: string;
  recovered: bigint;
  fee: bigint;
  net: bigint;
  excess?: bigint;
  cashAccount?: string;
}): Posting[] {
  const excess = p.excess ?? 0n;
  const parts = [p.recovered, p.fee, p.net, excess];
  const sameSign = parts.every((x) => x <= 0n) || parts.every((x) => x >= 0n);
  if (p.recovered === 0n || !sameSign || p.fee + p.net !== p.recovered) {
    throw new Error(
      `Reversal parts do not add up: recovered ${p.recovered} must be non-zero and equal fee ${p.fee} + net ${p.net}, all with excess ${excess} of one sign.`,
    );
  }
  return movementPostings({
    ...p,
    cash: p.recovered + excess,
    excess,
    cashAccount: p.cashAccount ?? ACCOUNTS.stripeClearing,
  });
}

/**
 * Paying `amount` (> 0) out to a creditor, having netted `feesNetted` (≥ 0) of fees it owes us:
 * Dr creditor payable (amount + feesNetted), Cr fees owed (feesNetted), Cr the cash account
 * (operating cash unless given) with what actually leaves.
 */
export function disbursementPostings(p: {
  creditorId: string;
  currency: string;
  amount: bigint;
  feesNetted?: bigint;
  cashAccount?: string;
}): Posting[] {
  const fees = p.feesNetted ?? 0n;
  if (p.amount <= 0n) throw new Error(`A disbursement must be positive, got ${p.amount}.`);
  if (fees < 0n) throw new Error(`Fees netted cannot be negative, got ${fees}.`);
  const currency = assertCurrency(p.currency);
  const lines: Posting[] = [
    { account: ACCOUNTS.creditorPayable(p.creditorId), amount: p.amount + fees, currency },
    { account: ACCOUNTS.creditorFeesOwed(p.creditorId), amount: -fees, currency },
    { account: p.cashAccount ?? ACCOUNTS.operatingCash, amount: -p.amount, currency },
  ].filter((l) => l.amount !== 0n);
  assertBalanced(lines);
  return lines;
}

/**
 * Our fee on a payment the debtor made to the creditor directly: the creditor owes it to us.
 * Dr creditor fees owed; Cr fee income. No cash moves; the next disbursement nets it.
 */
export function directPaymentFeePostings(p: { creditorId: string; currency: string; fee: bigint }): Posting[] {
  if (p.fee <= 0n) throw new Error(`A direct payment's fee must be positive to post, got ${p.fee}.`);
  const currency = assertCurrency(p.currency);
  const lines: Posting[] = [
    { account: ACCOUNTS.creditorFeesOwed(p.creditorId), amount: p.fee, currency },
    { account: ACCOUNTS.feeIncome, amount: -p.fee, currency },
  ];
  assertBalanced(lines);
  return lines;
}
