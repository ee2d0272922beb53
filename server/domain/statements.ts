/**
 * Statement maths: the summary of a creditor's month, computed twice, independently. Once from
 * the ledger's postings (what each booked journal entry did to the creditor's payable account and
 * to fee income), once from the statement's lines (the remittance rows, disbursements and other
 * records shown to the creditor). The two must agree to the cent before a statement is issued.
 *
 * Every figure is a signed effect on what the agency owes the creditor (the payable's credit
 * balance), so opening + collected + agencyFees + reversals + reinstatements + directPaymentFees +
 * disbursed + otherAdjustments = closing, by construction. Pure: no I/O.
 */
import type { Posting } from "./ledger-rules";

/** What a booked journal entry did, as the statement names it. */
export type Movement =
  "collection" | "reversal" | "reinstatement" | "direct_payment_fee" | "disbursement" | "disbursement_return" | "other";

/** The movement figures, in the order a statement lists them between opening and closing. */
export const MOVEMENT_FIGURES = [
  "collected",
  "agencyFees",
  "reversals",
  "reinstatements",
  "directPaymentFees",
  "disbursed",
  "otherAdjustments",
] as const;
export type MovementFigure = (typeof MOVEMENT_FIGURES)[number];
export type Figure = "opening" | MovementFigure | "closing";
export const FIGURES: readonly Figure[] = ["opening", ...MOVEMENT_FIGURES, "closing"];

/** One currency's summary, in minor units. */
export type Figures = Record<Figure, bigint>;

/** The journal kinds written today, and what they are. Anything else is classified by its postings' shape. */
const KIND_MOVEMENT: Record<string, Movement> = {
  payment_cleared: "collection",
  refund: "reversal",
  chargeback: "reversal",
  reinstatement: "reinstatement",
  disbursement: "disbursement",
  disbursement_reversal: "disbursement_return",
};

/** Sums of one entry's postings in one currency, by the account classes a statement reads. */
export type AccountSums = { payable: bigint; fee: bigint; cash: bigint };

/** Sum an entry's postings per currency into payable (this creditor's), fee income and cash. */
export function accountSums(postings: readonly Posting[], payableAccount: string): Map<string, AccountSums> {
  const out = new Map<string, AccountSums>();
  for (const p of postings) {
    const s = out.get(p.currency) ?? { payable: 0n, fee: 0n, cash: 0n };
    if (p.account === payableAccount) s.payable += p.amount;
    else if (p.account === "fee_income") s.fee += p.amount;
    else if (p.account.startsWith("cash:")) s.cash += p.amount;
    out.set(p.currency, s);
  }
  return out;
}

/**
 * The movement an entry is. Known kinds by name; an unknown kind by the shape of its postings, so
 * a flow added later lands in the right figure without a change here: Dr payable / Cr fee income
 * with no cash is a fee owed on a payment made to the creditor directly; payable against cash
 * alone is a disbursement (or its return); cash with payable and fee is a collection (or its reversal).
 */
export function classifyEntry(kind: string, s: AccountSums): Movement {
  const known = KIND_MOVEMENT[kind];
  if (known) return known;
  if (s.cash === 0n && s.fee !== 0n && s.payable === -s.fee) return "direct_payment_fee";
  if (s.fee === 0n && s.cash !== 0n && s.payable === -s.cash)
    return s.payable > 0n ? "disbursement" : "disbursement_return";
  const recovered = -(s.payable + s.fee);
  if (s.cash !== 0n && recovered !== 0n) return recovered > 0n ? "collection" : "reversal";
  return "other";
}

export const zeroFigures = (): Figures => ({
  opening: 0n,
  collected: 0n,
  agencyFees: 0n,
  reversals: 0n,
  reinstatements: 0n,
  directPaymentFees: 0n,
  disbursed: 0n,
  otherAdjustments: 0n,
  closing: 0n,
});

/** An amount's effect on the movement figures: `recovered` gross through the agency, `fee` kept by it, `net` to the creditor. */
export type Effect = { movement: Movement; recovered: bigint; fee: bigint; net: bigint };

/** Add one effect to a summary's movement figures (the closing is settled by `close`). */
export function addEffect(f: Figures, e: Effect): void {
  switch (e.movement) {
    case "collection":
      f.collected += e.recovered;
      f.agencyFees -= e.fee;
      break;
    case "reversal":
      f.reversals += e.recovered;
      f.agencyFees -= e.fee;
      break;
    case "reinstatement":
      f.reinstatements += e.recovered;
      f.agencyFees -= e.fee;
      break;
    case "direct_payment_fee":
      f.directPaymentFees += e.net;
      break;
    case "disbursement":
    case "disbursement_return":
      f.disbursed += e.net;
      break;
    case "other":
      f.otherAdjustments += e.net;
      break;
  }
}

/** closing = opening + every movement. */
export function close(f: Figures): Figures {
  f.closing = MOVEMENT_FIGURES.reduce((sum, k) => sum + f[k], f.opening);
  return f;
}

/** An entry's effect read from its postings: net = what it credited the payable, fee = what it credited fee income. */
export function effectFromPostings(kind: string, s: AccountSums): Effect {
  return { movement: classifyEntry(kind, s), recovered: -(s.payable + s.fee), fee: -s.fee, net: -s.payable };
}

/** A booked entry as the ledger side of the tie-out reads it. */
export type LedgerEntry = { entryId: string; kind: string; postings: readonly Posting[] };

/** Per-currency summaries straight from postings. `opening` per currency is the payable's credit balance before. */
export function summaryFromPostings(
  entries: readonly LedgerEntry[],
  payableAccount: string,
  opening: ReadonlyMap<string, bigint>,
): Map<string, Figures> {
  const out = new Map<string, Figures>();
  const get = (c: string) => out.get(c) ?? out.set(c, { ...zeroFigures(), opening: opening.get(c) ?? 0n }).get(c)!;
  for (const [c] of opening) get(c);
  for (const e of entries)
    for (const [currency, sums] of accountSums(e.postings, payableAccount))
      addEffect(get(currency), effectFromPostings(e.kind, sums));
  for (const f of out.values()) close(f);
  return out;
}

/** A statement line as the lines side of the tie-out reads it. */
export type LineAmounts = Effect & { currency: string };

/** Per-currency summaries from the lines alone. */
export function summaryFromLines(
  lines: readonly LineAmounts[],
  opening: ReadonlyMap<string, bigint>,
): Map<string, Figures> {
  const out = new Map<string, Figures>();
  const get = (c: string) => out.get(c) ?? out.set(c, { ...zeroFigures(), opening: opening.get(c) ?? 0n }).get(c)!;
  for (const [c] of opening) get(c);
  for (const l of lines) addEffect(get(l.currency), l);
  for (const f of out.values()) close(f);
  return out;
}

export type TieOutDifference = {
  currency: string;
  figure: Figure;
  fromPostings: bigint;
  fromLines: bigint;
  difference: bigint;
};

/** Every figure where the two summaries differ (empty = they tie out to the cent). */
export function tieOut(
  fromPostings: ReadonlyMap<string, Figures>,
  fromLines: ReadonlyMap<string, Figures>,
): TieOutDifference[] {
  const currencies = [...new Set([...fromPostings.keys(), ...fromLines.keys()])].sort();
  const out: TieOutDifference[] = [];
  for (const currency of currencies) {
    const a = fromPostings.get(currency) ?? zeroFigures();
    const b = fromLines.get(currency) ?? zeroFigures();
    for (const figure of FIGURES)
      if (a[figure] !== b[figure])
        out.push({
          currency,
          figure,
          fromPostings: a[figure],
          fromLines: b[figure],
          difference: a[figure] - b[figure],
        });
  }
  return out;
}

/** A currency with neither a balance nor any movement has no section on the statement. */
export const isQuiet = (f: Figures): boolean => FIGURES.every((k) => f[k] === 0n);

/** The statement number: `CB-<creditor code>-YYYY-MM`; the code is the creditor's slug in capitals. */
export function statementNumber(creditorSlug: string, period: string): string {
  const code = creditorSlug
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!code) throw new Error(`Creditor slug ${JSON.stringify(creditorSlug)} gives no statement code.`);
  return `CB-${code}-${period}`;
}
