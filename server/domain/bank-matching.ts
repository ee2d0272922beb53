/**
 * Matching bank statement lines to what they prove, as a documented rule cascade:
 *  - a credit is a Stripe payout arriving; a debit is a disbursement leaving;
 *  - rule 1 "reference": the line's text names the subject (the payout's `po_…`, the transfer's
 *    `tr_…`, the ACH/wire reference, or our disbursement number) and the amount and currency agree;
 *  - rule 2 "amount_date": the amount and currency agree and the booking date is in the window
 *    (a payout: 1 day before to 4 days after its arrival date; a disbursement: 0 to 5 days after it
 *    was sent).
 * The best rule that finds anything decides. Ambiguity guard: two or more candidates at that rule,
 * or one candidate that is the unique best of two or more lines, never match automatically; the
 * line is ambiguous and a person chooses. A line with no candidate is unmatched. Every decision
 * carries its rule path and evidence. Pure: the caller loads lines and candidates.
 */
export type BankLineFacts = {
  id: string;
  bookingDate: string;
  amount: bigint;
  currency: string;
  reference: string;
  description: string;
};

export type Candidate = {
  kind: "payout" | "disbursement";
  id: string;
  /** Positive amount of money that moved. */
  amount: bigint;
  currency: string;
  /** Payout arrival date, or the disbursement's sent date (YYYY-MM-DD). */
  date: string;
  /** Texts the bank may print for it (payout id, transfer id, ACH reference, our number). */
  references: string[];
};

export type MatchRule = "reference" | "amount_date";

export type MatchDecision =
  | { lineId: string; outcome: "matched"; candidate: Candidate; rule: MatchRule; rulePath: MatchRule[] }
  | { lineId: string; outcome: "ambiguous"; rule: MatchRule; rulePath: MatchRule[]; candidates: Candidate[] }
  | { lineId: string; outcome: "unmatched"; rulePath: MatchRule[] };

export const PAYOUT_WINDOW = { before: 1, after: 4 } as const;
export const DISBURSEMENT_WINDOW = { before: 0, after: 5 } as const;

const DAY = 86_400_000;
const dayNumber = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY);
/** References compared as the bank prints them: case and punctuation ignored. */
export const normaliseRef = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, "");

function inWindow(line: BankLineFacts, c: Candidate): boolean {
  const w = c.kind === "payout" ? PAYOUT_WINDOW : DISBURSEMENT_WINDOW;
  const delta = dayNumber(line.bookingDate) - dayNumber(c.date);
  return delta >= -w.before && delta <= w.after;
}

/** Decide every line against the candidates (see the module comment). */
export function matchBankLines(lines: readonly BankLineFacts[], candidates: readonly Candidate[]): MatchDecision[] {
  const byAmount = new Map<string, Candidate[]>();
  const byRef = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const sign = c.kind === "payout" ? 1n : -1n;
    const key = `${c.currency}|${sign * c.amount}`;
    byAmount.set(key, [...(byAmount.get(key) ?? []), c]);
    for (const r of c.references) {
      const n = normaliseRef(r);
      if (n.length >= 6) byRef.set(n, [...(byRef.get(n) ?? []), c]);
    }
  }
  const first = lines.map((line): MatchDecision => {
    const sameAmount = byAmount.get(`${line.currency}|${line.amount}`) ?? [];
    const text = `${line.reference} ${line.description}`;
    const tokens = new Set(
      text
        .split(/[\s,;/|()[\]{}<>"']+/)
        .map(normaliseRef)
        .filter((t) => t.length >= 6),
    );
    tokens.add(normaliseRef(line.reference));
    const named = new Set<Candidate>();
    for (const t of tokens) for (const c of byRef.get(t) ?? []) named.add(c);
    const byReference = sameAmount.filter((c) => named.has(c));
    if (byReference.length === 1)
      return {
        lineId: line.id,
        outcome: "matched",
        candidate: byReference[0]!,
        rule: "reference",
        rulePath: ["reference"],
      };
    if (byReference.length > 1)
      return {
        lineId: line.id,
        outcome: "ambiguous",
        rule: "reference",
        rulePath: ["reference"],
        candidates: byReference,
      };
    const byDate = sameAmount.filter((c) => inWindow(line, c));
    if (byDate.length === 1)
      return {
        lineId: line.id,
        outcome: "matched",
        candidate: byDate[0]!,
        rule: "amount_date",
        rulePath: ["reference", "amount_date"],
      };
    if (byDate.length > 1)
      return {
        lineId: line.id,
        outcome: "ambiguous",
        rule: "amount_date",
        rulePath: ["reference", "amount_date"],
        candidates: byDate,
      };
    return { lineId: line.id, outcome: "unmatched", rulePath: ["reference", "amount_date"] };
  });
  // One subject proves at most one line: a candidate chosen by several lines matches none of them.
  const claims = new Map<Candidate, number>();
  for (const d of first) if (d.outcome === "matched") claims.set(d.candidate, (claims.get(d.candidate) ?? 0) + 1);
  return first.map((d) =>
    d.outcome === "matched" && claims.get(d.candidate)! > 1
      ? { lineId: d.lineId, outcome: "ambiguous", rule: d.rule, rulePath: d.rulePath, candidates: [d.candidate] }
      : d,
  );
}
