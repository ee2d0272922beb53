import type Stripe from "stripe";

/**
 * Every balance transaction a payout settled, auto-paginated (100 per page). Stripe lists them for
 * automatic payouts only (a manual payout answers 400): docs.stripe.com/api/balance_transactions/list.
 */
export async function listPayoutTransactions(stripe: Stripe, payoutId: string): Promise<Stripe.BalanceTransaction[]> {
  const out: Stripe.BalanceTransaction[] = [];
  for await (const t of stripe.balanceTransactions.list({ payout: payoutId, limit: 100 })) out.push(t);
  return out;
}
