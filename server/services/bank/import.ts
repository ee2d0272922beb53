import { createHash } from "node:crypto";
import { and, between, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bankAccounts, bankImports, bankLines } from "@/db/schema";
import { keyLines } from "@/server/domain/bank-lines";
import { parseCamt053 } from "@/server/integrations/bank/camt053";
import { parseBankCsv } from "@/server/integrations/bank/csv";
import { parseMt940 } from "@/server/integrations/bank/mt940";
import { BankFileError, decodeBankFile, type ParsedStatement } from "@/server/integrations/bank/types";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";

/**
 * Bank statement import. The file is parsed and checked whole first (syntax, every statement's
 * balances, every account known, currencies right): any problem refuses it with the line and the
 * reason and writes nothing. Then, per account, under an advisory lock, only the lines not already
 * stored are inserted (key: account, fingerprint, occurrence — see server/domain/bank-lines.ts),
 * so the same file twice, or overlapping files, add each line once.
 */
export type ImportResult = {
  importId: string;
  format: "camt053" | "mt940" | "csv";
  linesInFile: number;
  linesNew: number;
  statements: Array<{ id: string; account: string; lines: number; new: number }>;
};

export const MAX_BANK_FILE_BYTES = 64 * 1024 * 1024;

/** What kind of file this is, from its content. */
export function detectFormat(text: string): "camt053" | "mt940" | "csv" {
  const head = text.slice(0, 4000);
  if (/^\s*<(\?xml|Document)/.test(head) || head.includes("camt.053")) return "camt053";
  if (/^:20:/m.test(head) && /^:6[02][FM]:/m.test(text.slice(0, 200_000))) return "mt940";
  return "csv";
}

/** Import one statement file (see the module comment). `bankAccountId` is required for CSV. */
export async function importBankFile(
  db: Db,
  input: { fileName: string; bytes: Uint8Array; bankAccountId?: string },
  actor: Actor,
): Promise<ImportResult> {
  if (input.bytes.byteLength > MAX_BANK_FILE_BYTES)
    throw new AppError("PAYLOAD_TOO_LARGE", `The file is over ${MAX_BANK_FILE_BYTES / 1024 / 1024} MB.`);
  const accounts = await db.select().from(bankAccounts);
  const chosen = input.bankAccountId ? accounts.find((a) => a.id === input.bankAccountId) : undefined;
  if (input.bankAccountId && !chosen) throw new AppError("NOT_FOUND", "bank account not found");
  const refuse = (err: unknown): never => {
    if (err instanceof BankFileError)
      throw new AppError("BAD_REQUEST", `${input.fileName} was not imported (nothing was written): ${err.message}.`, {
        line: err.fileLine,
        reason: err.reason,
      });
    throw err;
  };
  let format: ImportResult["format"];
  let statements: ParsedStatement[];
  try {
    const text = decodeBankFile(input.bytes, chosen?.csvMapping?.encoding);
    format = detectFormat(text);
    if (format === "csv") {
      if (!chosen)
        throw new BankFileError(null, "a CSV file needs its bank account chosen (its mapping says how to read it)");
      if (!chosen.csvMapping) throw new BankFileError(null, `the account ${chosen.name} has no CSV mapping saved yet`);
      statements = [{ ...parseBankCsv(text, chosen.csvMapping, chosen.currency), account: chosen.identifier }];
    } else statements = format === "camt053" ? parseCamt053(text) : parseMt940(text);
  } catch (err) {
    return refuse(err);
  }
  const resolved = statements.map((s) => {
    const account = accounts.find((a) => a.identifier === s.account);
    const first = s.lines[0]?.fileLine ?? null;
    if (!account)
      refuse(
        new BankFileError(
          first,
          `statement ${s.id} is for account ${s.account ?? "(none)"}, which is not one of our bank accounts: add it first`,
        ),
      );
    if (chosen && account!.id !== chosen.id)
      refuse(
        new BankFileError(first, `statement ${s.id} is for account ${s.account}, not the chosen ${chosen.identifier}`),
      );
    if (account!.currency !== s.currency)
      refuse(
        new BankFileError(
          first,
          `statement ${s.id} is in ${s.currency}, the account ${account!.name} in ${account!.currency}`,
        ),
      );
    return { s, account: account! };
  });
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  return db.transaction(async (tx) => {
    const perStatement: ImportResult["statements"] = [];
    const toInsert: Array<typeof bankLines.$inferInsert> = [];
    // Occurrences count over the whole file per account: one file may hold several statements of a day.
    const byAccount = new Map<string, typeof resolved>();
    for (const r of resolved) byAccount.set(r.account.id, [...(byAccount.get(r.account.id) ?? []), r]);
    for (const [accountId, group] of byAccount) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`bank-account:${accountId}`}))`);
      const keyed = keyLines(group.flatMap((g) => g.s.lines.map((l) => ({ ...l, statementId: g.s.id }))));
      const dates = keyed.map((k) => k.bookingDate).sort();
      const existing = dates.length
        ? await tx
            .select({ fingerprint: bankLines.fingerprint, occurrence: bankLines.occurrence })
            .from(bankLines)
            .where(
              and(eq(bankLines.bankAccountId, accountId), between(bankLines.bookingDate, dates[0]!, dates.at(-1)!)),
            )
        : [];
      const have = new Set(existing.map((e) => `${e.fingerprint}#${e.occurrence}`));
      for (const g of group) {
        const mine = keyed.filter((k) => k.statementId === g.s.id);
        const fresh = mine.filter((k) => !have.has(`${k.fingerprint}#${k.occurrence}`));
        perStatement.push({ id: g.s.id, account: g.account.identifier, lines: mine.length, new: fresh.length });
        for (const k of fresh)
          toInsert.push({
            bankAccountId: accountId,
            bookingDate: k.bookingDate,
            valueDate: k.valueDate,
            amount: k.amount,
            currency: k.currency,
            reference: k.reference,
            description: k.description,
            counterparty: k.counterparty,
            fingerprint: k.fingerprint,
            occurrence: k.occurrence,
            importId: "",
          });
      }
    }
    const linesInFile = statements.reduce((a, s) => a + s.lines.length, 0);
    const [imp] = await tx
      .insert(bankImports)
      .values({
        fileName: input.fileName.slice(0, 255),
        format,
        sha256,
        importedBy: `${actor.type}:${actor.id}`,
        linesInFile,
        linesNew: toInsert.length,
        statements: perStatement,
      })
      .returning({ id: bankImports.id });
    const importId = imp!.id;
    for (let i = 0; i < toInsert.length; i += 2_000)
      await tx
        .insert(bankLines)
        .values(toInsert.slice(i, i + 2_000).map((l) => ({ ...l, importId })))
        .onConflictDoNothing();
    await recordAudit(tx, {
      actor,
      action: "bank.statement_imported",
      category: "payments",
      targetType: "bank_import",
      targetId: importId,
      details: {
        fileName: input.fileName,
        format,
        sha256,
        linesInFile,
        linesNew: toInsert.length,
        statements: perStatement,
      },
    });
    return { importId, format, linesInFile, linesNew: toInsert.length, statements: perStatement };
  });
}
