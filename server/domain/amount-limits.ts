/**
 * How large an amount may be, for every surface that takes one (tRPC, /v1, CSV intake). Pure.
 *
 * Two bounds:
 * - the technical one, MAX_AMOUNT_MINOR = 2^53 − 1: the largest integer a JSON number carries
 *   exactly, so the /v1 answer can always write what was accepted (the API's money is a JSON
 *   integer of minor units, as Stripe's);
 * - a business maximum per currency (the AMOUNT_LIMITS setting): no invoice this agency collects is
 *   near the technical bound, and an amount far above the business's largest is a typo (a JPY
 *   amount typed with two decimals, cents typed as dollars) or an attack, better refused at intake
 *   than booked. Default 10^12 minor units in every currency (10 billion USD, 1 trillion JPY),
 *   well below 2^53 − 1, so totals of many such amounts stay exact too.
 */
import { formatMinor, isCurrencyCode, parseDecimalToMinor, type CurrencyCode } from "./money";

export const MAX_AMOUNT_MINOR = BigInt(Number.MAX_SAFE_INTEGER);
export const DEFAULT_BUSINESS_MAX_MINOR = 10n ** 12n;

/** Business maxima in minor units by currency; a currency not named has the default. */
export type AmountLimits = Partial<Record<CurrencyCode, bigint>>;

/**
 * Read the AMOUNT_LIMITS setting: `USD=5000000,EUR=5000000,JPY=700000000`, each a maximum in the
 * currency's major units (plain decimals). Throws naming the bad entry.
 */
export function parseAmountLimits(text: string | undefined, setting = "AMOUNT_LIMITS"): AmountLimits {
  const limits: AmountLimits = {};
  for (const entry of (text ?? "").split(",").map((e) => e.trim())) {
    if (!entry) continue;
    const m = /^([A-Za-z]{3})\s*=\s*(.+)$/.exec(entry);
    const code = m?.[1]!.toUpperCase() ?? "";
    if (!m || !isCurrencyCode(code))
      throw new Error(
        `${setting} entry "${entry}" must be CODE=amount with a supported ISO-4217 code, e.g. USD=5000000`,
      );
    const minor = parseDecimalToMinor(m[2]!, code);
    if (minor <= 0n || minor > MAX_AMOUNT_MINOR)
      throw new Error(
        `${setting} entry "${entry}" must be above zero and at most ${formatMinor(MAX_AMOUNT_MINOR, code)}`,
      );
    limits[code] = minor;
  }
  return limits;
}

/** The largest amount accepted in `currency`. */
export function businessMaxMinor(currency: CurrencyCode, limits: AmountLimits): bigint {
  const max = limits[currency] ?? DEFAULT_BUSINESS_MAX_MINOR;
  return max < MAX_AMOUNT_MINOR ? max : MAX_AMOUNT_MINOR;
}

/**
 * Why `minor` cannot be accepted as `field` (naming the field and the limit, in the currency's
 * decimals), or null. Sign rules (positive invoice amounts…) stay with the caller.
 */
export function amountProblem(field: string, minor: bigint, currency: string, limits: AmountLimits): string | null {
  if (!isCurrencyCode(currency)) return null; // the currency's own check reports it
  const max = businessMaxMinor(currency, limits);
  const abs = minor < 0n ? -minor : minor;
  if (abs <= max) return null;
  const why =
    max === MAX_AMOUNT_MINOR ? "the largest amount the API carries exactly" : "the business maximum, AMOUNT_LIMITS";
  return `${field} ${formatMinor(minor, currency)} ${currency} is over the limit of ${formatMinor(max, currency)} ${currency} (${why}); check the amount`;
}
