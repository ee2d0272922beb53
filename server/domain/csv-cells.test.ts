import { describe, expect, it } from "vitest";
import { decimalCell, instantCell, minorCell, textCell } from "./csv-cells";

describe("CSV cells", () => {
  it.each([
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ["+1+2", "'+1+2"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tTAB", "'\tTAB"],
    ["\rCR", "'\rCR"],
    ["Acme Supplies", "Acme Supplies"],
    ['Zoë, "the" debtor', 'Zoë, "the" debtor'],
    [null, ""],
  ])("text %j → %j", (input, out) => {
    expect(textCell(input)).toBe(out);
  });

  it("keeps amounts exact, negative ones unprefixed", () => {
    expect(decimalCell(-1250n, "USD")).toBe("-12.50");
    expect(decimalCell(1500n, "JPY")).toBe("1500");
    expect(decimalCell(1n, "BHD")).toBe("0.001");
    expect(minorCell(-1250n)).toBe("-1250");
    expect(instantCell(new Date("2026-11-03T14:05:00Z"))).toBe("2026-11-03T14:05:00.000Z");
    expect(instantCell(null)).toBe("");
  });
});
