import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bankAccounts, type CsvMapping } from "@/db/schema";
import { assertCurrency } from "@/server/domain/money";
import { normaliseAccount } from "@/server/integrations/bank/types";
import { AppError, notFound } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";

/** The agency's bank accounts whose statements are imported, each with its saved CSV mapping. */
export async function listBankAccounts(db: Db) {
  return db.select().from(bankAccounts).orderBy(asc(bankAccounts.name));
}

/** Register a bank account (its identifier as the bank's files write it: IBAN or account number). */
export async function createBankAccount(
  db: Db,
  input: { name: string; identifier: string; currency: string; csvMapping?: CsvMapping | null },
  actor: Actor,
) {
  const identifier = normaliseAccount(input.identifier);
  if (!/^[A-Z0-9./-]{4,40}$/.test(identifier))
    throw new AppError(
      "BAD_REQUEST",
      "The identifier must be the IBAN or account number as your bank's files write it.",
    );
  let currency: string;
  try {
    currency = assertCurrency(input.currency.toUpperCase());
  } catch (err) {
    throw new AppError("BAD_REQUEST", err instanceof Error ? err.message : String(err));
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(bankAccounts)
      .values({ name: input.name.trim(), identifier, currency, csvMapping: input.csvMapping ?? null })
      .onConflictDoNothing({ target: bankAccounts.identifier })
      .returning();
    if (!row) throw new AppError("CONFLICT", `A bank account with the identifier ${identifier} already exists.`);
    await recordAudit(tx, {
      actor,
      action: "bank.account_created",
      category: "payments",
      targetType: "bank_account",
      targetId: row.id,
      details: { name: row.name, identifier, currency },
    });
    return row;
  });
}

/** Save the CSV column mapping of an account (used by every later CSV import of it). */
export async function saveCsvMapping(db: Db, input: { bankAccountId: string; mapping: CsvMapping }, actor: Actor) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(bankAccounts)
      .set({ csvMapping: input.mapping, updatedAt: new Date() })
      .where(eq(bankAccounts.id, input.bankAccountId))
      .returning();
    if (!row) throw notFound("bank account");
    await recordAudit(tx, {
      actor,
      action: "bank.csv_mapping_saved",
      category: "payments",
      targetType: "bank_account",
      targetId: row.id,
      details: { mapping: input.mapping },
    });
    return row;
  });
}
