/**
 * The journal entry a disbursement makes in the creditor's own books (QuickBooks): the collected
 * gross leaves the collections clearing account, the agency's fees are the creditor's expense, and
 * the net arrives in its bank account.
 *   Dr bank       amount (what was sent)
 *   Dr fee        fee on the rows + fees netted (owed on direct payments)
 *   Cr clearing   gross of the rows + adjustment (payable paid again after a returned transfer)
 * It balances because amount = gross − fee + adjustment − fees netted. A negative part (rows whose
 * clawbacks exceed their fees) is written on the other side, since QuickBooks takes positive amounts.
 */
export type JournalRole = "bank" | "fee" | "clearing";
export type JournalLine = { role: JournalRole; posting: "Debit" | "Credit"; amount: bigint };

export function disbursementJournalLines(p: {
  gross: bigint;
  fee: bigint;
  adjustment: bigint;
  feesNetted: bigint;
  amount: bigint;
}): JournalLine[] {
  if (p.amount !== p.gross - p.fee + p.adjustment - p.feesNetted)
    throw new Error(
      `Disbursement parts do not add up: amount ${p.amount} ≠ gross ${p.gross} − fee ${p.fee} + adjustment ${p.adjustment} − fees netted ${p.feesNetted}.`,
    );
  const signed: Array<[JournalRole, bigint]> = [
    ["bank", p.amount],
    ["fee", p.fee + p.feesNetted],
    ["clearing", -(p.gross + p.adjustment)],
  ];
  const lines = signed
    .filter(([, v]) => v !== 0n)
    .map(([role, v]): JournalLine => ({ role, posting: v > 0n ? "Debit" : "Credit", amount: v > 0n ? v : -v }));
  const debit = lines.filter((l) => l.posting === "Debit").reduce((a, l) => a + l.amount, 0n);
  const credit = lines.filter((l) => l.posting === "Credit").reduce((a, l) => a + l.amount, 0n);
  if (debit !== credit) throw new Error(`Journal lines do not balance: debits ${debit}, credits ${credit}.`);
  return lines;
}
