import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { qboAccountMappings } from "@/db/schema";
import { QboError } from "@/server/integrations/qbo/errors";
import type { QboAccount } from "@/server/integrations/qbo/types";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";
import { type QboDeps, getQboClientForCreditor } from "./connections";

/**
 * The creditor's account mapping for disbursement journal entries: which of its QuickBooks
 * accounts hold the collections clearing, the agency fees and the bank the net arrives in. The
 * accounts are read from its QuickBooks; only fitting, active ones are accepted (QBO refuses an
 * A/R or A/P line without a customer or vendor, and inactive accounts).
 */
const FITS: Record<"clearing" | "fee" | "bank", string[]> = {
  clearing: ["Other Current Asset", "Bank", "Other Current Liability"],
  fee: ["Expense", "Other Expense", "Cost of Goods Sold"],
  bank: ["Bank"],
};

/** The creditor's active accounts, fetched from its QuickBooks, with which roles each may fill. */
export async function listQboAccounts(db: Db, creditorId: string, deps?: QboDeps) {
  const { client } = await getQboClientForCreditor(db, creditorId, deps);
  const accounts = await fetchAccounts(() => client.listAccounts());
  return accounts
    .filter((a) => a.Active)
    .map((a) => ({
      id: a.Id,
      name: a.FullyQualifiedName ?? a.Name,
      type: a.AccountType,
      currency: a.CurrencyRef?.value ?? null,
      fits: (Object.keys(FITS) as Array<keyof typeof FITS>).filter((r) => FITS[r].includes(a.AccountType)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** QuickBooks' own failure, said to the person (the page shows it), not a bare 500. */
async function fetchAccounts(read: () => Promise<QboAccount[]>): Promise<QboAccount[]> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof QboError)
      throw new AppError(
        "PRECONDITION_FAILED",
        `QuickBooks could not list your accounts (${err.qboMessage}); try again, or reconnect.`,
      );
    throw err;
  }
}

/** The saved mapping, if any. */
export async function getAccountMapping(db: Db, creditorId: string) {
  const [m] = await db.select().from(qboAccountMappings).where(eq(qboAccountMappings.creditorId, creditorId));
  return m ?? null;
}

/** Save the mapping after checking each account in the creditor's QuickBooks (exists, active, fitting type). */
export async function saveAccountMapping(
  db: Db,
  input: { creditorId: string; clearingAccountId: string; feeAccountId: string; bankAccountId: string },
  actor: Actor,
  deps?: QboDeps,
) {
  const { client, realmId } = await getQboClientForCreditor(db, input.creditorId, deps);
  const accounts = new Map((await fetchAccounts(() => client.listAccounts())).map((a) => [a.Id, a]));
  const pick = (role: keyof typeof FITS, id: string): QboAccount => {
    const a = accounts.get(id);
    if (!a || !a.Active)
      throw new AppError("BAD_REQUEST", `QuickBooks has no active account ${id} for the ${role} role.`);
    if (!FITS[role].includes(a.AccountType))
      throw new AppError(
        "BAD_REQUEST",
        `${a.Name} is a ${a.AccountType} account; the ${role} account must be ${FITS[role].join(" or ")}.`,
      );
    return a;
  };
  const clearing = pick("clearing", input.clearingAccountId);
  const fee = pick("fee", input.feeAccountId);
  const bank = pick("bank", input.bankAccountId);
  const values = {
    creditorId: input.creditorId,
    realmId,
    clearingAccountId: clearing.Id,
    clearingAccountName: clearing.Name,
    feeAccountId: fee.Id,
    feeAccountName: fee.Name,
    bankAccountId: bank.Id,
    bankAccountName: bank.Name,
    updatedBy: actor.id,
    updatedAt: new Date(),
  };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(qboAccountMappings)
      .values(values)
      .onConflictDoUpdate({ target: qboAccountMappings.creditorId, set: values })
      .returning();
    await recordAudit(tx, {
      actor,
      action: "qbo.account_mapping.saved",
      category: "qbo",
      creditorId: input.creditorId,
      targetType: "qbo_account_mapping",
      targetId: input.creditorId,
      details: { realmId, clearing: clearing.Name, fee: fee.Name, bank: bank.Name },
    });
    return row!;
  });
}
