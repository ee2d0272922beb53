/**
 * The matching cascade for a payment that does not name a placement it can be applied to. Four
 * rules, strictest first, each finding candidate placements (open, same currency):
 *   1. `metadata.placement_id` names the placement exactly;
 *   2. the placement's invoice number appears as a word of the payment's description, statement
 *      descriptor or reference;
 *   3. the debtor's email is the payment's receipt or billing email and the placement's open
 *      balance equals the amount;
 *   4. the debtor's name is the payer's name (normalised) and the open balance is within a
 *      tolerance of the amount.
 * The SQL that finds candidates for many payments at once (services/matching/candidates.ts) uses
 * the tokenising and normalising rules written here (TOKEN_SPLIT, normaliseName); this module
 * decides: a unique candidate at the best tier applies at once if that tier may auto-apply (a
 * setting), otherwise it is suggested; nothing is review. Ambiguity guard: two or more candidates
 * at the best tier never apply, whatever the settings — an operator picks among all of them.
 */

export type MatchRule = 1 | 2 | 3 | 4;

export const RULE_NAMES: Record<MatchRule, string> = {
  1: "metadata.placement_id exact",
  2: "invoice number in the payment's text",
  3: "debtor email with an open balance equal to the amount",
  4: "debtor name with an open balance within the tolerance",
};

/** Where a payment's matching facts live in its attempt's metadata (Stripe's fields, or the bank line's). */
export const FACT_KEYS = {
  placementId: "placement_id",
  texts: ["description", "statement_descriptor", "reference"],
  emails: ["receipt_email", "billing_email"],
  name: "billing_name",
} as const;

/** Separators between the words of a payment's text (the SQL splits with the same class). */
export const TOKEN_SPLIT = "[^A-Za-z0-9_/.#-]+";
/** Trailing punctuation a word loses before it is compared ("INV-7." → "INV-7"). */
export const TOKEN_TRIM = ".-/#";
/** Words shorter than this are never taken for an invoice number. */
export const MIN_TOKEN = 3;

/** The upper-cased words of a text that could be an invoice number. */
export function textTokens(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text.split(new RegExp(TOKEN_SPLIT))) {
    let t = raw;
    while (t && TOKEN_TRIM.includes(t.at(-1)!)) t = t.slice(0, -1);
    while (t && TOKEN_TRIM.includes(t[0]!)) t = t.slice(1);
    if (t.length >= MIN_TOKEN) out.add(t.toUpperCase());
  }
  return [...out];
}

/** A person's or company's name as compared: lower case, letters and digits, single spaces. */
export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Matching settings: which tiers may apply a payment on their own, and rule 4's tolerance. */
export type MatchSettings = {
  autoTiers: readonly MatchRule[];
  /** Rule 4: |open balance − amount| ≤ amount × bps / 10000. */
  nameToleranceBps: number;
};

/** Rules 1 and 2 identify the invoice itself; 3 and 4 only the debtor, so they are suggestions by default. */
export const DEFAULT_MATCH_SETTINGS: MatchSettings = { autoTiers: [1, 2], nameToleranceBps: 500 };

/** Parse MATCH_AUTO_TIERS ("1,2"): the tiers allowed to auto-apply. Throws on anything but 1–4. */
export function parseAutoTiers(text: string): MatchRule[] {
  if (!text.trim()) return [];
  return text.split(",").map((s) => {
    const n = Number(s.trim());
    if (n !== 1 && n !== 2 && n !== 3 && n !== 4) throw new Error(`MATCH_AUTO_TIERS: "${s}" is not a rule 1–4`);
    return n;
  });
}

/** A placement one rule found for a payment (a row of the candidate SQL). */
export type CandidateHit = {
  placementId: string;
  creditorId: string;
  debtorId: string;
  invoiceNumber: string;
  dueDate: string;
  openBalance: bigint;
  rule: MatchRule;
  /** The payment field that matched, e.g. "description", "receipt_email". */
  via: string;
};

/** A candidate as shown to an operator: its best rule, how it was found and a 0–100 score. */
export type Candidate = CandidateHit & { rulePath: string; score: number };

export type MatchDecision =
  | { outcome: "auto"; rule: MatchRule; candidate: Candidate; candidates: Candidate[] }
  | { outcome: "suggested"; rule: MatchRule; candidate: Candidate; candidates: Candidate[] }
  | { outcome: "review"; reason: "no_candidate" }
  | { outcome: "review"; reason: "ambiguous"; rule: MatchRule; candidates: Candidate[] };

const BASE_SCORE: Record<MatchRule, number> = { 1: 100, 2: 90, 3: 75, 4: 60 };

/**
 * Score within a rule: the rule's base, less a point per started 10% (up to 10 points) the open
 * balance is away from the amount (rule 4 only admits a tolerance; rules 1 and 2 may differ, e.g. a part payment).
 */
export function scoreOf(rule: MatchRule, amount: bigint, openBalance: bigint): number {
  const base = BASE_SCORE[rule];
  if (amount <= 0n) return base;
  const diff = openBalance > amount ? openBalance - amount : amount - openBalance;
  if (diff === 0n) return base; // the common case, without the arithmetic
  if (diff >= amount) return base - 10;
  const penaltyPermille = (diff * 1000n) / amount;
  return base - Number((penaltyPermille + 99n) / 100n);
}

/** Whether rule 4 admits a balance: within `bps` of the amount (the SQL applies the same bound). */
export function withinTolerance(amount: bigint, openBalance: bigint, bps: number): boolean {
  const diff = openBalance > amount ? openBalance - amount : amount - openBalance;
  return diff * 10_000n <= amount * BigInt(bps);
}

/**
 * One candidate per placement (its strictest rule), sorted best first: rule, then score, then the
 * oldest due date, then id (a stable order for the operator).
 */
export function rankCandidates(amount: bigint, hits: readonly CandidateHit[]): Candidate[] {
  if (hits.length === 1) return [candidateOf(amount, hits[0]!)]; // the common case, without the map and sort
  const best = new Map<string, CandidateHit>();
  for (const h of hits) {
    const seen = best.get(h.placementId);
    if (!seen || h.rule < seen.rule) best.set(h.placementId, h);
  }
  return [...best.values()]
    .map((h) => candidateOf(amount, h))
    .sort(
      (a, b) =>
        a.rule - b.rule ||
        b.score - a.score ||
        (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0) ||
        (a.placementId < b.placementId ? -1 : a.placementId > b.placementId ? 1 : 0),
    );
}

function candidateOf(amount: bigint, h: CandidateHit): Candidate {
  // Built field by field (a spread copies through a slow generic path) with the rule path's text
  // made once per (rule, field): a batch decides 100,000 payments.
  return {
    placementId: h.placementId,
    creditorId: h.creditorId,
    debtorId: h.debtorId,
    invoiceNumber: h.invoiceNumber,
    dueDate: h.dueDate,
    openBalance: h.openBalance,
    rule: h.rule,
    via: h.via,
    rulePath: rulePathOf(h.rule, h.via),
    score: scoreOf(h.rule, amount, h.openBalance),
  };
}

/** The rule path's text by rule, then by field (a few of each). */
const rulePaths: Map<string, string>[] = [new Map(), new Map(), new Map(), new Map(), new Map()];
function rulePathOf(rule: MatchRule, via: string): string {
  const paths = rulePaths[rule]!;
  let path = paths.get(via);
  if (path === undefined) {
    path = `rule ${rule}: ${RULE_NAMES[rule]} (${via})`;
    if (paths.size < 20) paths.set(via, path);
  }
  return path;
}

/** The cascade's decision for one payment, from every hit the rules found for it. */
export function decideMatch(amount: bigint, hits: readonly CandidateHit[], settings: MatchSettings): MatchDecision {
  const candidates = rankCandidates(amount, hits);
  const first = candidates[0];
  if (!first) return { outcome: "review", reason: "no_candidate" };
  const rule = first.rule;
  // Ranked best first: a second candidate at the best rule is the second in the list.
  if (candidates[1]?.rule === rule) return { outcome: "review", reason: "ambiguous", rule, candidates };
  const outcome = settings.autoTiers.includes(rule) ? "auto" : "suggested";
  return { outcome, rule, candidate: first, candidates };
}
