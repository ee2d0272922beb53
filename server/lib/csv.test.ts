import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { neutraliseCell } from "@/server/domain/csv-cells";
import { csvChunk } from "./csv";

const columns = [
  { key: "a", header: "a" },
  { key: "b", header: "b" },
];

describe("CSV cells", () => {
  it.each([
    ["=SUM(A1:A2)", "'=SUM(A1:A2)"],
    ["+1-555", "'+1-555"],
    ["-cmd", "'-cmd"],
    ["@import", "'@import"],
    ["\tTAB", "'\tTAB"],
    ["\rCR", "'\rCR"],
    ["-12.50", "-12.50"],
    ["-7", "-7"],
    ["INV-1", "INV-1"],
    ["", ""],
  ])("neutralises %j as %j", (input, out) => expect(neutraliseCell(input)).toBe(out));

  it("quotes commas, quotes and line breaks, keeps unicode, ends records with CRLF and puts the BOM first", () => {
    const text = csvChunk(
      [
        { a: 'say "hi", then', b: "line1\nline2" },
        { a: "Zoë — 東京 €", b: null },
      ],
      columns,
      { isFirst: true, bom: true },
    );
    expect(text.startsWith("\ufeffa,b\r\n")).toBe(true);
    expect(text).toContain('"say ""hi"", then","line1\nline2"\r\n');
    expect(text.endsWith("Zoë — 東京 €,\r\n")).toBe(true);
    expect(csvChunk([{ a: "x", b: "y" }], columns, { isFirst: false })).toBe("x,y\r\n");
  });

  it("round-trips any text through csv-parse (RFC 4180), with formula cells read back prefixed", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ unit: "grapheme" }), fc.string()), { maxLength: 20 }), (rows) => {
        const records = rows.map(([a, b]) => ({ a, b }));
        const text = csvChunk(records, columns, { isFirst: true, bom: true });
        const back = parse(text, { bom: true, columns: true }) as Array<{ a: string; b: string }>;
        expect(back).toEqual(records.map((r) => ({ a: neutraliseCell(r.a), b: neutraliseCell(r.b) })));
      }),
    );
  });
});

describe("CSV writer against csv-stringify", () => {
  // csv-stringify with the options the exports used before this writer replaced it for speed: the oracle.
  const oracle = (records: Array<Record<string, string | number | null>>, isFirst: boolean, bom: boolean) =>
    stringify(
      records.map((r) => columns.map((c) => r[c.key])),
      {
        header: isFirst,
        bom: isFirst && bom,
        columns: columns.map((c) => c.header),
        record_delimiter: "\r\n",
        quote_record_delimiter: true,
        cast: { string: neutraliseCell },
      },
    );

  it("writes byte for byte what csv-stringify writes, for any text, numbers and nulls", () => {
    const cell = fc.oneof(
      fc.string({ unit: "grapheme" }),
      fc.string({ unit: fc.constantFrom(",", '"', "\r", "\n", "=", "-", "+", "@", "\t", "a", "1", ".", " ") }),
      fc.integer(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ a: cell, b: cell }), { maxLength: 20 }),
        fc.boolean(),
        fc.boolean(),
        (rows, isFirst, bom) => {
          expect(csvChunk(rows, columns, { isFirst, bom })).toBe(oracle(rows, isFirst, bom));
        },
      ),
      { numRuns: 500 },
    );
  });
});
