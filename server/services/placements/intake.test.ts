import { TRPCError } from "@trpc/server";
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, debtors, placements } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import type { SessionUser } from "@/server/auth/roles";
import { createContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { createUser } from "../identity/users";
import { systemActor } from "@/server/domain/actor";

const HEADER = "invoice_number,invoice_amount,currency,due_date,debtor_name,debtor_email,qbo_invoice_id";
const row = (
  n: string,
  amount = "100.00",
  currency = "USD",
  due = "2026-05-01",
  name = "Dana Debtor",
  email = "",
  qbo = "",
) => [n, amount, currency, due, name, email, qbo].join(",");
const file = (...rows: string[]) => [HEADER, ...rows].join("\n");

describe("placement intake by CSV: bad input never writes, every row says what is wrong", () => {
  const t = useTestDb();
  let creditorId = "";
  let user: SessionUser;
  const api = () => createCaller(createContext({ db: t.db, user }));

  async function counts() {
    const [p] = await t.db.select({ n: count() }).from(placements).where(eq(placements.creditorId, creditorId));
    const [d] = await t.db.select({ n: count() }).from(debtors).where(eq(debtors.creditorId, creditorId));
    const [a] = await t.db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.creditorId, creditorId), eq(auditEvents.category, "intake")));
    return { placements: p!.n, debtors: d!.n, audits: a!.n };
  }

  async function refusal(csv: string) {
    const before = await counts();
    const err = await api()
      .intake.commit({ csv })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(TRPCError);
    expect(await counts()).toEqual(before);
    const e = err as TRPCError & { cause?: { details?: { rows?: Array<{ line: number; problems: string[] }> } } };
    return { code: e.code, message: e.message, rows: e.cause?.details?.rows ?? [] };
  }

  beforeAll(async () => {
    const creditor = await makeCreditor(t.db);
    creditorId = creditor.id;
    const u = await createUser(
      t.db,
      { email: `intake-${creditorId}@example.test`, name: "Intake Admin", role: "creditor_admin", creditorId },
      systemActor("test"),
    );
    user = { id: u.id, role: "creditor_admin", creditorId };
    await makePlacement(t.db, creditorId, { invoiceNumber: "EXISTING-1" });
  });

  it("refuses a file that is not CSV, or whose header is wrong, as a whole", async () => {
    expect(await refusal(file(row("A-1"), '"A-2,100.00,USD,2026-05-01,Unclosed'))).toMatchObject({
      code: "BAD_REQUEST",
      message:
        "the file is not valid CSV: line 3, column 1 (invoice_number): a quoted cell starts here and is never closed.",
    });
    // Columns named by their header and counted from 1, as a spreadsheet does (the parser says "field 4").
    expect(
      await refusal(file(row("A-1"), row("A-2", "100.00", "USD", "2026-05-01", 'Bob "the" Builder'))),
    ).toMatchObject({
      message: expect.stringContaining('line 3, column 5 (debtor_name): a quote appears inside the cell after "Bob ".'),
    });
    expect(await refusal("invoice_number,amount\nA-1,5")).toMatchObject({
      message: expect.stringMatching(
        /missing columns invoice_amount, currency, due_date, debtor_name.*unknown column "amount"/,
      ),
    });
    expect(await refusal(HEADER)).toMatchObject({ message: expect.stringMatching(/no rows/) });
    expect(await refusal("")).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/choose a CSV file first/),
    });
    expect(await refusal("\n\n")).toMatchObject({ message: expect.stringMatching(/the file is empty/) });
    expect(await refusal(`${HEADER},invoice_number\n${row("A-1")},A-1`)).toMatchObject({
      message: expect.stringMatching(/appears more than once/),
    });
  });

  it("warns, in the preview, about a currency the creditor has never placed in", async () => {
    const preview = await api().intake.preview({
      csv: file(row("CUR-1"), row("CUR-2", "5000", "JPY"), row("CUR-3", "7000", "JPY")),
    });
    expect(preview.errorRows).toBe(0);
    expect(preview.currencyWarnings).toEqual([
      {
        currency: "JPY",
        lines: [3, 4],
        message:
          "JPY is new for you: 2 rows are (lines 3, 4) in JPY, and you have placed only USD so far. Check the currency column before importing.",
      },
    ]);
    expect((await api().intake.preview({ csv: file(row("CUR-4")) })).currencyWarnings).toEqual([]);
  });

  it("lists every bad row by line, with what to fix, and writes nothing", async () => {
    const csv = file(
      row("OK-1"),
      row("DUP-1"),
      row("DUP-1"),
      row("EXISTING-1"),
      row("ZERO-1", "0.00"),
      row("NEG-1", "-5.00"),
      row("CUR-1", "10.00", "XYZ"),
      row("FMT-1", '"1,234.00"'),
      row("DEC-1", "10.001"),
      row("", "10.00"),
      row("NAME-1", "10.00", "USD", "2026-05-01", ""),
      row("DATE-1", "10.00", "USD", "01/05/2026"),
      row("MAIL-1", "10.00", "USD", "2026-05-01", "Dana", "not-an-email"),
      "SHORT-1,10.00,USD",
    );
    const preview = await api().intake.preview({ csv });
    expect(preview).toMatchObject({ totalRows: 14, validRows: 2, errorRows: 12 });
    const problems = Object.fromEntries(
      preview.rows.filter((r) => r.problems.length).map((r) => [r.line, r.problems.join(" | ")]),
    );
    expect(problems).toEqual({
      4: expect.stringMatching(/DUP-1 appears twice in this batch \(first on line 3\)/),
      5: expect.stringMatching(/EXISTING-1 is already placed/),
      6: expect.stringMatching(/greater than zero/),
      7: expect.stringMatching(/greater than zero/),
      8: expect.stringMatching(/currency "XYZ" is not an ISO-4217 code/),
      9: expect.stringMatching(/remove thousands separators/),
      10: expect.stringMatching(/at most 2 decimal places/),
      11: expect.stringMatching(/invoice_number is required/),
      12: expect.stringMatching(/debtor name is required/),
      13: expect.stringMatching(/due_date must be YYYY-MM-DD/),
      14: expect.stringMatching(/debtor_email "not-an-email" is not an email address/),
      15: expect.stringMatching(/expected 7 cells, found 3/),
    });
    const refused = await refusal(csv);
    expect(refused.message).toMatch(/12 of 14 rows have problems; nothing was imported/);
    expect(refused.rows.map((r) => r.line)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it("refuses due dates that are not on the calendar row by row, before the database would", async () => {
    const csv = file(
      row("CAL-OK", "10.00", "USD", "2028-02-29"),
      row("CAL-1", "10.00", "USD", "2026-02-31"),
      row("CAL-2", "10.00", "USD", "2026-04-31"),
      row("CAL-3", "10.00", "USD", "0000-01-01"),
    );
    expect(await api().intake.preview({ csv })).toMatchObject({ totalRows: 4, validRows: 1, errorRows: 3 });
    const refused = await refusal(csv);
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.rows.map((r) => [r.line, r.problems.join(" | ")])).toEqual([
      [3, "due_date 2026-02-31 is not a day on the calendar"],
      [4, "due_date 2026-04-31 is not a day on the calendar"],
      [5, "due_date 0000-01-01 is not a day on the calendar"],
    ]);
  });

  it("reports every problem of a row in one pass, even when its amount cannot be read", async () => {
    const preview = await api().intake.preview({ csv: file(row("EXISTING-1", "ten", "XYZ", "tomorrow", "")) });
    expect(preview.rows[0]!.problems).toEqual([
      'currency "XYZ" is not an ISO-4217 code we support',
      "debtor name is required",
      "due_date must be YYYY-MM-DD",
      "invoice_number EXISTING-1 is already placed",
    ]);
  });

  it("keeps hostile cells as plain text and reads quotes, commas, newlines, BOM and CRLF", async () => {
    const hostile = ["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1:A9)", "-2+3"];
    const csv =
      "\uFEFFInvoice Number,Invoice Amount,Currency,Due Date,Debtor Name\r\n" +
      hostile.map((h, i) => `"${h}",${i + 1}.50,usd,2026-06-0${i + 1},"Debtor, ""${h}""\nsecond line"`).join("\r\n");
    expect(await api().intake.commit({ csv })).toEqual({ imported: 4 });
    const stored = await t.db
      .select({
        invoiceNumber: placements.invoiceNumber,
        amount: placements.invoiceAmount,
        currency: placements.currency,
        debtor: debtors.name,
      })
      .from(placements)
      .innerJoin(debtors, eq(debtors.id, placements.debtorId))
      .where(eq(placements.creditorId, creditorId));
    for (const [i, h] of hostile.entries()) {
      expect(stored).toContainEqual({
        invoiceNumber: h,
        amount: BigInt(i + 1) * 100n + 50n,
        currency: "USD",
        debtor: `Debtor, "${h}"\nsecond line`,
      });
    }
  });

  it("converts decimals exactly in each currency's minor units", async () => {
    const csv = file(
      row("MINOR-USD", "1234.56"),
      row("MINOR-JPY", "1500", "JPY"),
      row("MINOR-BHD", "1.5", "BHD"),
      row("MINOR-EUR", "7", "EUR"),
    );
    const preview = await api().intake.preview({ csv });
    expect(preview.rows.map((r) => r.invoiceAmountMinor)).toEqual([123456n, 1500n, 1500n, 700n]);
    expect(preview.errorRows).toBe(0);
  });

  it("handles 10,000 rows: a few bad ones refuse the whole file with one error each; fixed, it imports in one go", async () => {
    const bad = new Map([
      [1_234, row("BIG-1234", "0")],
      [5_000, row("BIG-0007")],
      [9_999, row("BIG-9999", "12.00", "ABC")],
    ]);
    const rows = Array.from(
      { length: 10_000 },
      (_, i) =>
        bad.get(i) ??
        row(
          `BIG-${String(i).padStart(4, "0")}`,
          `${(i % 900) + 1}.25`,
          "USD",
          "2026-07-01",
          `Debtor ${i}`,
          `d${i}@example.test`,
        ),
    );
    const started = Date.now();
    const preview = await api().intake.preview({ csv: file(...rows) });
    expect(preview).toMatchObject({ totalRows: 10_000, errorRows: 3, validRows: 9_997 });
    const refused = await refusal(file(...rows));
    expect(refused.rows.map((r) => r.line)).toEqual([1_236, 5_002, 10_001]);
    expect(refused.rows.map((r) => r.problems.join(" "))).toEqual([
      expect.stringMatching(/greater than zero/),
      expect.stringMatching(/BIG-0007 appears twice in this batch \(first on line 9\)/),
      expect.stringMatching(/currency "ABC"/),
    ]);
    const fixed = rows.map((r, i) => (bad.has(i) ? row(`BIG-FIXED-${i}`) : r));
    const before = await counts();
    expect(await api().intake.commit({ csv: file(...fixed) })).toEqual({ imported: 10_000 });
    const after = await counts();
    expect(after.placements - before.placements).toBe(10_000);
    expect(after.debtors - before.debtors).toBe(10_000);
    expect(after.audits - before.audits).toBe(10_001); // one per placement and one for the import
    expect(Date.now() - started).toBeLessThan(90_000);
  }, 120_000);
});
