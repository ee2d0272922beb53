import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { sampleSnapshot } from "@/server/testing/statements";
import { renderStatementCsv, STATEMENT_CSV_COLUMNS } from "./csv";

describe("statement CSV", () => {
  it("is RFC 4180 UTF-8 with exact decimals, minor units and formula-safe text", () => {
    const snap = sampleSnapshot(3);
    snap.lines[0] = {
      ...snap.lines[0]!,
      debtorName: '=HYPERLINK("http://evil.example")',
      invoiceNumber: 'INV, "quoted"\nline',
    };
    snap.lines[1] = {
      ...snap.lines[1]!,
      recovered: -1_250n,
      fee: -312n,
      net: -938n,
      kind: "reversal",
      label: "Refund of row 10000000",
    };
    const bytes = renderStatementCsv(snap);
    const text = bytes.toString("utf8");
    expect(text.split("\r\n")[0]).toBe(STATEMENT_CSV_COLUMNS.join(","));
    expect(text.endsWith("\r\n")).toBe(true);
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(3);
    expect(rows[0]!.debtor_name).toBe('\'=HYPERLINK("http://evil.example")');
    expect(rows[0]!.invoice_number).toBe('INV, "quoted"\nline');
    expect(rows[1]).toMatchObject({
      recovered_amount: "-12.50",
      recovered_amount_minor: "-1250",
      fee_amount: "-3.12",
      net_amount: "-9.38",
    });
    expect(rows[2]!.debtor_name).toBe("Debtor 2");
    const jpy = renderStatementCsv(
      sampleSnapshot(1, {
        lines: [{ ...sampleSnapshot(1).lines[0]!, currency: "JPY", recovered: 1500n, fee: 375n, net: 1125n }],
      }),
    );
    expect(parse(jpy.toString("utf8"), { columns: true })[0]).toMatchObject({
      recovered_amount: "1500",
      net_amount: "1125",
    });
  });
});
