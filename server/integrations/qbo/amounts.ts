import { currencyExponent, formatMinor, parseDecimalToMinor } from "@/server/domain/money";

/**
 * QBO carries amounts as JSON decimals (`120.50`). These are the only two crossings between
 * those and our bigint minor units, both exact: numbers go out through decimal text and come
 * back through decimal text, never through arithmetic on floats.
 */

/** Minor units → the JSON number QBO expects (`12050n, "USD"` → `120.5`). */
export function minorToQboAmount(minor: bigint, currency: string): number {
  return Number(formatMinor(minor, currency));
}

/** A QBO amount → minor units. Throws if QBO sent more decimals than the currency has. */
export function qboAmountToMinor(amount: number | string, currency: string): bigint {
  if (typeof amount === "number") {
    if (!Number.isFinite(amount)) throw new Error(`QBO amount ${amount} is not a finite number`);
    // toString gives the shortest text that round-trips, i.e. the decimal QBO wrote.
    let text = String(amount);
    if (/e/i.test(text)) text = amount.toFixed(currencyExponent(currency));
    return parseDecimalToMinor(text, currency);
  }
  return parseDecimalToMinor(amount, currency);
}
