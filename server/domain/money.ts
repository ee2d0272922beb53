/**
 * Money as integer minor units plus an ISO-4217 code. Pure: no I/O, no floats.
 * Amounts are `bigint` end to end; a `number` only appears at the JSON edge (`toSafeNumber`).
 */

/** ISO-4217 codes we accept, mapped to their minor-unit exponent (decimal places). */
export const CURRENCIES = {
  USD: 2,
  EUR: 2,
  GBP: 2,
  CAD: 2,
  AUD: 2,
  CHF: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  PLN: 2,
  CZK: 2,
  MXN: 2,
  NZD: 2,
  SGD: 2,
  HKD: 2,
  INR: 2,
  ZAR: 2,
  BRL: 2,
  HUF: 2,
  JPY: 0,
  KRW: 0,
  ISK: 0,
  CLP: 0,
  VND: 0,
  BHD: 3,
  KWD: 3,
  JOD: 3,
  OMR: 3,
  TND: 3,
  LYD: 3,
  IQD: 3,
} as const satisfies Record<string, 0 | 2 | 3>;

/** A supported ISO-4217 currency code (uppercase). */
export type CurrencyCode = keyof typeof CURRENCIES;

/** An exact amount: integer minor units of one currency. */
export type Money = { readonly minor: bigint; readonly currency: CurrencyCode };

/** True when `s` is a supported currency code (exact, uppercase). */
export function isCurrencyCode(s: string): s is CurrencyCode {
  return Object.hasOwn(CURRENCIES, s);
}

/** Narrows `s` to a CurrencyCode or throws an Error naming the bad code. */
export function assertCurrency(s: string): CurrencyCode {
  if (typeof s === "string" && isCurrencyCode(s)) return s;
  throw new Error(
    `Unsupported currency code ${JSON.stringify(s)}: use an uppercase ISO-4217 code such as USD, EUR or JPY.`,
  );
}

/** Number of decimal places in the currency's minor unit (USD 2, JPY 0, BHD 3). */
export function currencyExponent(code: string): number {
  return CURRENCIES[assertCurrency(code)];
}

function assertBigint(minor: unknown, what: string): asserts minor is bigint {
  // Values arrive from JSON and drivers too; a stray number would silently lose precision later.
  if (typeof minor !== "bigint") {
    throw new Error(`${what} must be a bigint of minor units, got ${typeof minor}.`);
  }
}

/** Builds a Money after checking the amount is a bigint and the currency is supported. */
export function money(minor: bigint, currency: string): Money {
  assertBigint(minor, "Amount");
  return Object.freeze({ minor, currency: assertCurrency(currency) });
}

function sameCurrency(a: Money, b: Money, op: string): CurrencyCode {
  if (a.currency !== b.currency) {
    throw new Error(`Cannot ${op} ${a.currency} and ${b.currency}: amounts must share one currency.`);
  }
  return a.currency;
}

/** a + b; throws when the currencies differ. */
export function addMoney(a: Money, b: Money): Money {
  return money(a.minor + b.minor, sameCurrency(a, b, "add"));
}

/** a − b; throws when the currencies differ. */
export function subMoney(a: Money, b: Money): Money {
  return money(a.minor - b.minor, sameCurrency(a, b, "subtract"));
}

/** −a. */
export function negate(a: Money): Money {
  return money(-a.minor, a.currency);
}

/** True when the amount is exactly zero. */
export function isZero(a: Money): boolean {
  return a.minor === 0n;
}

/** Sum of `list` in `currency` (zero for an empty list); throws if any item is in another currency. */
export function sumMoney(list: readonly Money[], currency: string): Money {
  return list.reduce((acc, m) => addMoney(acc, m), money(0n, currency));
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * Exact decimal text → minor units, for CSV intake. Accepts "1234.56", "-0.5", "+7";
 * rejects thousands separators, exponent notation, blanks and more decimals than the currency has.
 */
export function parseDecimalToMinor(text: string, currency: string): bigint {
  const exponent = currencyExponent(currency);
  const raw = typeof text === "string" ? text.trim() : "";
  const m = DECIMAL.exec(raw);
  if (!m) {
    const hint =
      raw === ""
        ? "the amount is empty"
        : /[,'\s_]/.test(raw)
          ? "remove thousands separators"
          : "write a plain decimal such as 1234.56";
    throw new Error(`Invalid amount ${JSON.stringify(text)}: ${hint}.`);
  }
  const [, sign = "", whole = "", frac = ""] = m;
  if (frac.length > exponent) {
    throw new Error(
      `Invalid amount ${JSON.stringify(text)}: ${currency} allows at most ${exponent} decimal place${exponent === 1 ? "" : "s"}.`,
    );
  }
  const minor = BigInt(whole + frac.padEnd(exponent, "0"));
  return sign === "-" ? -minor : minor;
}

/** Minor units → plain decimal text with exactly the currency's decimals ("1234.50", "-0.05", JPY "1500"). */
export function formatMinor(minor: bigint, currency: string): string {
  assertBigint(minor, "Amount");
  const exponent = currencyExponent(currency);
  const digits = (minor < 0n ? -minor : minor).toString().padStart(exponent + 1, "0");
  const sign = minor < 0n ? "-" : "";
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * formatMinor for minor units given as integer text (as the database sends bigint): the same exact
 * decimal string without building a bigint, for files of a million rows.
 */
export function formatMinorText(minor: string, currency: string): string {
  if (!/^-?\d+$/.test(minor)) throw new Error(`Amount must be integer minor units, got ${JSON.stringify(minor)}.`);
  const exponent = currencyExponent(currency);
  const negative = minor.startsWith("-");
  const digits = (negative ? minor.slice(1) : minor).replace(/^0+(?=\d)/, "").padStart(exponent + 1, "0");
  const sign = negative && /[1-9]/.test(digits) ? "-" : "";
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * Display string with the currency symbol for `locale`. Intl receives the exact decimal string
 * (supported since ES2023 / Node 20), so no amount ever passes through a float.
 */
export function formatMoney(minor: bigint, currency: string, locale = "en-US"): string {
  const code = assertCurrency(currency);
  const exponent = CURRENCIES[code];
  // Pin the fraction digits: CLDR disagrees with ISO-4217 for some codes (e.g. IQD, ISK).
  const fmt = new Intl.NumberFormat(locale, {
    style: "currency",
    currency: code,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  return fmt.format(formatMinor(minor, code) as Intl.StringNumericLiteral);
}

/** Minor units as a JS number for JSON APIs (Stripe-style integers); throws outside the safe range. */
export function toSafeNumber(minor: bigint): number {
  assertBigint(minor, "Amount");
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new Error(`Amount ${minor} minor units is outside the safe integer range for JSON numbers.`);
  }
  return Number(minor);
}
