import { currencyExponent, isCurrencyCode } from "@/server/domain/money";

/**
 * Stripe writes ISK with two decimals for backwards compatibility (100 = 1 króna, always a multiple
 * of 100), while ISO and our ledger treat it as zero-decimal. Every other currency we support uses
 * the same minor unit in Stripe as in ISO-4217.
 */
const STRIPE_EXPONENT: Record<string, number> = { ISK: 2 };

export type StripeMoney = { ok: true; amount: bigint; currency: string } | { ok: false; reason: string };

/** A Stripe integer amount + lowercase currency → our minor units + ISO code, or why it cannot be. */
export function fromStripeAmount(amount: unknown, currency: unknown): StripeMoney {
  if (typeof currency !== "string" || !isCurrencyCode(currency.toUpperCase()))
    return { ok: false, reason: `unsupported currency ${JSON.stringify(currency)}` };
  const code = currency.toUpperCase();
  if (typeof amount !== "number" || !Number.isSafeInteger(amount))
    return { ok: false, reason: `amount ${JSON.stringify(amount)} is not an integer of minor units` };
  const shift = (STRIPE_EXPONENT[code] ?? currencyExponent(code)) - currencyExponent(code);
  const factor = 10n ** BigInt(shift);
  const raw = BigInt(amount);
  if (raw % factor !== 0n)
    return { ok: false, reason: `${code} amount ${amount} is not a whole number of ${code} minor units` };
  return { ok: true, amount: raw / factor, currency: code };
}

/** Our minor units → Stripe's integer amount (for transfers we create). */
export function toStripeAmount(amount: bigint, currency: string): number {
  const code = currency.toUpperCase();
  const shift = (STRIPE_EXPONENT[code] ?? currencyExponent(code)) - currencyExponent(code);
  const n = amount * 10n ** BigInt(shift);
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER))
    throw new Error(`amount ${amount} ${code} is too large for Stripe`);
  return Number(n);
}
