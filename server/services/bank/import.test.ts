import { describe, expect, it } from "vitest";
import { count, eq, sql } from "drizzle-orm";
import { useTestDb } from "@/db/testing/test-db";
import { bankImports, bankLines } from "@/db/schema";
import { parseCamt053 } from "@/server/integrations/bank/camt053";
import { parseMt940 } from "@/server/integrations/bank/mt940";
import { decodeBankFile } from "@/server/integrations/bank/types";
import { SAMPLE_CSV_MAPPINGS, SKIP_REASON, bankSample, hasBankSamples } from "@/server/testing/bank-samples";
import { createBankAccount } from "./accounts";
import { importBankFile } from "./import";

const actor = { type: "user" as const, id: "finance-importer" };

describe.skipIf(!hasBankSamples)(`bank statement import (real files; skipped when ${SKIP_REASON})`, () => {
  const t = useTestDb();
  const lineCount = async () => Number((await t.db.select({ n: count() }).from(bankLines))[0]!.n);

  /** Register every account a sample file names, as finance would before importing it. */
  async function accountsFor(name: string) {
    const text = decodeBankFile(bankSample(name));
    const statements = name.startsWith("camt") ? parseCamt053(text) : parseMt940(text);
    const ids = new Map<string, string>();
    for (const s of statements)
      if (!ids.has(s.account!)) {
        const existing = await t.db.execute(sql`select id from bank_accounts where identifier = ${s.account}`);
        const row = (existing as unknown as { rows: Array<{ id: string }> }).rows[0];
        ids.set(
          s.account!,
          row?.id ??
            (await createBankAccount(t.db, { name: s.account!, identifier: s.account!, currency: s.currency }, actor))
              .id,
        );
      }
    return ids;
  }

  it.each([
    // file, lines, sum of the lines in minor units (closing − opening, per the file's own balances)
    ["camt053-be-month-v02-eur.xml", 268, 2_816_875n],
    ["camt053-postfinance-v04-chf.xml", 13, 53_761n],
    ["camt053-raiffeisen-ch-v04-chf.xml", 16, -367_985n],
    ["camt053-vrbank-rottal-inn-v02-eur.xml", 4, -1_000n],
    ["camt053-genkgo-multi-v02-eur.xml", 2, 185n],
    ["camt053-lt-multi-v08-eur.xml", 14, -315_644_267n],
    ["mt940-bunq.sta", 111, 566n - 3_233n],
    ["mt940-dresdner-sepa.sta", 97, null],
    ["mt940-ing-nl.sta", 21, 24_645n - 43_690n],
    ["mt940-penta.sta", 30, 984_336n - 2_041_966n],
    ["mt940-rabobank.sta", 11, 667_599n - 1_743_167n],
    ["mt940-citi-usd.sta", 5, 1_623_392n - 1_737_667n],
    ["mt940-sberbank-hu-huf.sta", 3, 61_787_430n - 62_731_130n],
    ["mt940-sparkasse.sta", 10, 273_422n - 181_890n],
    ["mt940-asn-bank.sta", 8, 50_123n - 44_429n],
  ] as const)("%s: imports %i lines that reconcile, and a second import adds none", async (name, lines, total) => {
    await accountsFor(name);
    const first = await importBankFile(t.db, { fileName: name, bytes: bankSample(name) }, actor);
    expect(first).toMatchObject({ linesInFile: lines, linesNew: lines });
    const [sum] = await t.db
      .select({ s: sql<string>`coalesce(sum(${bankLines.amount}), 0)::text` })
      .from(bankLines)
      .where(eq(bankLines.importId, first.importId));
    if (total !== null) expect(BigInt(sum!.s)).toBe(total);
    const again = await importBankFile(t.db, { fileName: name, bytes: bankSample(name) }, actor);
    expect(again).toMatchObject({ linesInFile: lines, linesNew: 0 });
  });

  it("CSV exports with a saved mapping: identical lines on one day are kept, each once", async () => {
    for (const [name, { currency, mapping }] of Object.entries(SAMPLE_CSV_MAPPINGS)) {
      if (name === "csv-lloyds-uk.csv") continue;
      const acct = await createBankAccount(
        t.db,
        {
          name,
          identifier: `CSV${name.length}${currency}${name
            .slice(4, 9)
            .toUpperCase()
            .replace(/[^A-Z]/g, "")}`,
          currency,
          csvMapping: mapping,
        },
        actor,
      );
      const r = await importBankFile(t.db, { fileName: name, bytes: bankSample(name), bankAccountId: acct.id }, actor);
      expect(r.linesNew, name).toBe(r.linesInFile);
      expect(
        (await importBankFile(t.db, { fileName: name, bytes: bankSample(name), bankAccountId: acct.id }, actor))
          .linesNew,
      ).toBe(0);
      if (name === "csv-ing-de.csv") {
        const same = await t.db
          .select()
          .from(bankLines)
          .where(sql`${bankLines.bankAccountId} = ${acct.id} and ${bankLines.bookingDate} = '2018-12-09'`);
        expect(same.map((l) => l.occurrence).sort()).toEqual([1, 2, 3]);
      }
    }
  });

  it("overlapping files (days 1–20 and 10–31 of a daily MT940) add each line once, in either order", async () => {
    const ids = await accountsFor("mt940-asn-bank.sta");
    const text = new TextDecoder().decode(bankSample("mt940-asn-bank.sta"));
    const blocks = text.split(/(?=\{1:)/).filter((b) => b.trim());
    const part = (from: number, to: number) => new TextEncoder().encode(blocks.slice(from, to).join(""));
    const before = await lineCount();
    const b = await importBankFile(t.db, { fileName: "asn-10-31.sta", bytes: part(9, 31) }, actor);
    const a = await importBankFile(t.db, { fileName: "asn-1-20.sta", bytes: part(0, 20) }, actor);
    expect(b.linesNew + a.linesNew).toBe((await lineCount()) - before);
    const [{ n } = { n: 0 }] = await t.db
      .select({ n: count() })
      .from(bankLines)
      .where(eq(bankLines.bankAccountId, ids.get("NL81ASNB9999999999")!));
    expect(Number(n)).toBe(8);
  });

  it.each([
    ["mt940-abnamro-nonrec.sta", /line 27: statement .* does not reconcile/],
    ["camt053-ubs-v08-chf-nonrec.xml", /line 259: entry in EUR on a CHF statement/],
    ["camt053-wise-v10-usd.xml", /no opening \(OPBD\/PRCD\) balance/],
  ])("refuses %s whole, with the line and the reason, writing nothing", async (name, reason) => {
    const text = decodeBankFile(bankSample(name));
    const account = name.startsWith("mt940")
      ? "517852257"
      : name.includes("ubs")
        ? "CH1111111111111111111"
        : "11111111";
    await createBankAccount(
      t.db,
      { name, identifier: account, currency: name.includes("ubs") ? "CHF" : name.includes("wise") ? "USD" : "EUR" },
      actor,
    );
    expect(text.length).toBeGreaterThan(0);
    const imports = (await t.db.select({ n: count() }).from(bankImports))[0]!.n;
    const lines = await lineCount();
    await expect(importBankFile(t.db, { fileName: name, bytes: bankSample(name) }, actor)).rejects.toThrow(reason);
    expect((await t.db.select({ n: count() }).from(bankImports))[0]!.n).toBe(imports);
    expect(await lineCount()).toBe(lines);
  });

  it("refuses a CSV whose running balance does not follow from its lines, and malformed files", async () => {
    const { currency, mapping } = SAMPLE_CSV_MAPPINGS["csv-lloyds-uk.csv"]!;
    const acct = await createBankAccount(
      t.db,
      { name: "Lloyds", identifier: "LLOYDS1515152252", currency, csvMapping: mapping },
      actor,
    );
    await expect(
      importBankFile(
        t.db,
        { fileName: "lloyds.csv", bytes: bankSample("csv-lloyds-uk.csv"), bankAccountId: acct.id },
        actor,
      ),
    ).rejects.toThrow(/line \d+: the running balance .* does not follow/);
    const camt = new TextDecoder().decode(bankSample("camt053-postfinance-v04-chf.xml"));
    const truncated = new TextEncoder().encode(camt.slice(0, Math.floor(camt.length / 2)));
    await expect(importBankFile(t.db, { fileName: "cut.xml", bytes: truncated }, actor)).rejects.toThrow(
      /not well-formed XML/,
    );
    const mt = new TextDecoder()
      .decode(bankSample("mt940-bunq.sta"))
      .replace(":61:1901310131C2,NTRFNONREF", ":61:19013X0131C2,NTRF");
    await expect(
      importBankFile(t.db, { fileName: "bad.sta", bytes: new TextEncoder().encode(mt) }, actor),
    ).rejects.toThrow(/line 8: :61: is not a statement line/);
  });
});
