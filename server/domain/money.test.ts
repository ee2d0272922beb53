import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  CURRENCIES,
  addMoney,
  assertCurrency,
  currencyExponent,
  formatMinor,
  formatMinorText,
  formatMoney,
  isCurrencyCode,
  isZero,
  money,
  negate,
  parseDecimalToMinor,
  subMoney,
  sumMoney,
  toSafeNumber,
} from "./money";

describe("currencies", () => {
  it.each([
    ["USD", 2],
    ["EUR", 2],
    ["BRL", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["VND", 0],
    ["BHD", 3],
    ["KWD", 3],
    ["IQD", 3],
  ] as const)("%s has exponent %i", (code, exp) => {
    expect(currencyExponent(code)).toBe(exp);
  });

  it("lists every required code", () => {
    expect(Object.keys(CURRENCIES)).toHaveLength(31);
  });

  it.each(["usd", "XXX", "", "US D", "toString", "__proto__"])("rejects %j", (code) => {
    expect(isCurrencyCode(code)).toBe(false);
    expect(() => assertCurrency(code)).toThrow(/Unsupported currency code/);
  });

  it("names the bad code in the error", () => {
    expect(() => assertCurrency("EURO")).toThrow('"EURO"');
  });
});

describe("Money arithmetic", () => {
  it("adds, subtracts, negates and sums in one currency", () => {
    const a = money(1050n, "USD");
    const b = money(-50n, "USD");
    expect(addMoney(a, b)).toEqual({ minor: 1000n, currency: "USD" });
    expect(subMoney(a, b)).toEqual({ minor: 1100n, currency: "USD" });
    expect(negate(a).minor).toBe(-1050n);
    expect(isZero(addMoney(a, negate(a)))).toBe(true);
    expect(sumMoney([a, b, a], "USD").minor).toBe(2050n);
    expect(sumMoney([], "JPY")).toEqual({ minor: 0n, currency: "JPY" });
  });

  it("refuses to mix currencies", () => {
    expect(() => addMoney(money(1n, "USD"), money(1n, "EUR"))).toThrow(/USD and EUR/);
    expect(() => subMoney(money(1n, "USD"), money(1n, "EUR"))).toThrow(/one currency/);
    expect(() => sumMoney([money(1n, "EUR")], "USD")).toThrow(/USD and EUR/);
  });

  it("refuses a number amount or an unknown currency", () => {
    expect(() => money(10 as unknown as bigint, "USD")).toThrow(/bigint/);
    expect(() => money(10n, "ABC")).toThrow(/ABC/);
  });
});

describe("parseDecimalToMinor", () => {
  it.each([
    ["1234.56", "USD", 123456n],
    ["1234.5", "USD", 123450n],
    ["1234", "USD", 123400n],
    ["-0.5", "USD", -50n],
    ["+7.01", "EUR", 701n],
    ["0.00", "USD", 0n],
    ["-0", "USD", 0n],
    [" 12.34 ", "USD", 1234n],
    ["1500", "JPY", 1500n],
    ["1.25", "BHD", 1250n],
    ["1.250", "BHD", 1250n],
    ["-0.001", "KWD", -1n],
    ["90071992547409931234.56", "USD", 9007199254740993123456n],
  ])("%j %s → %s", (text, currency, expected) => {
    expect(parseDecimalToMinor(text, currency)).toBe(expected);
  });

  it.each([
    ["1,234.56", /thousands separators/],
    ["1 234.56", /thousands separators/],
    ["", /empty/],
    ["   ", /empty/],
    ["NaN", /plain decimal/],
    ["1e3", /plain decimal/],
    ["1.2e3", /plain decimal/],
    [".5", /plain decimal/],
    ["5.", /plain decimal/],
    ["12.3.4", /plain decimal/],
    ["$12.00", /plain decimal/],
    ["Infinity", /plain decimal/],
    ["1.234", /at most 2 decimal places/],
  ])("rejects %j", (text, message) => {
    expect(() => parseDecimalToMinor(text, "USD")).toThrow(message);
  });

  it("says how many decimals each currency allows", () => {
    expect(() => parseDecimalToMinor("1500.0", "JPY")).toThrow(/JPY allows at most 0 decimal places/);
    expect(() => parseDecimalToMinor("1.2345", "BHD")).toThrow(/BHD allows at most 3 decimal places/);
  });

  it("rejects an unknown currency", () => {
    expect(() => parseDecimalToMinor("1.00", "XYZ")).toThrow(/XYZ/);
  });
});

describe("formatMinor", () => {
  it.each([
    [123450n, "USD", "1234.50"],
    [-5n, "USD", "-0.05"],
    [0n, "USD", "0.00"],
    [100n, "EUR", "1.00"],
    [1500n, "JPY", "1500"],
    [-1500n, "JPY", "-1500"],
    [1250n, "BHD", "1.250"],
    [-1n, "BHD", "-0.001"],
    [9007199254740993123456n, "USD", "90071992547409931234.56"],
  ])("%s %s → %s", (minor, currency, expected) => {
    expect(formatMinor(minor, currency)).toBe(expected);
  });

  it("round-trips with parseDecimalToMinor for every currency", () => {
    const codes = Object.keys(CURRENCIES);
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), fc.constantFrom(...codes), (minor, code) => {
        expect(parseDecimalToMinor(formatMinor(minor, code), code)).toBe(minor);
      }),
    );
  });
});

describe("formatMoney", () => {
  it.each([
    [123450n, "USD", "en-US", "$1,234.50"],
    [-5n, "USD", "en-US", "-$0.05"],
    [1500n, "JPY", "en-US", "¥1,500"],
    [1250n, "BHD", "en-US", "BHD 1.250"],
    [123456n, "EUR", "de-DE", "1.234,56 €"],
    // Beyond 2^53: a float would print …992 here.
    [900719925474099312n, "USD", "en-US", "$9,007,199,254,740,993.12"],
  ])("%s %s %s → %s", (minor, currency, locale, expected) => {
    // Intl uses a narrow no-break space in some locales; compare on plain spaces.
    expect(formatMoney(minor, currency, locale).replace(/[\u00a0\u202f]/g, " ")).toBe(expected);
  });

  it("keeps the ISO exponent where CLDR would drop digits", () => {
    expect(formatMoney(1250n, "IQD")).toMatch(/1\.250$/);
  });
});

describe("toSafeNumber", () => {
  it("converts safe integers exactly", () => {
    expect(toSafeNumber(123456n)).toBe(123456);
    expect(toSafeNumber(-9007199254740991n)).toBe(-9007199254740991);
    expect(toSafeNumber(9007199254740991n)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([9007199254740992n, -9007199254740992n, 10n ** 30n])("refuses %s", (minor) => {
    expect(() => toSafeNumber(minor)).toThrow(/safe integer range/);
  });
});

describe("formatMinorText", () => {
  it("formats integer text exactly as formatMinor formats the bigint", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.constantFrom("USD", "JPY", "BHD"), (n, c) => {
        expect(formatMinorText(n.toString(), c)).toBe(formatMinor(n, c));
      }),
    );
    expect(() => formatMinorText("12.5", "USD")).toThrow(/integer minor units/);
  });
});
