import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  bankAccounts,
  bankImports,
  bankLines,
  bankMatches,
  creditors,
  paymentAttempts,
  placements,
  remittances,
} from "@/db/schema";
import { paymentCashStates } from "./cash-truth";

/** The bank pages' read-models: recent imports, statement lines with their match, and one payment's cash story. */
export async function listBankImports(db: Db) {
  return db.select().from(bankImports).orderBy(desc(bankImports.createdAt)).limit(50);
}

/** Statement lines newest first, with what each was matched to (or nothing yet). */
export async function listBankLines(db: Db, p: { bankAccountId?: string; unmatched?: boolean }) {
  return db
    .select({
      id: bankLines.id,
      account: bankAccounts.name,
      bookingDate: bankLines.bookingDate,
      amount: bankLines.amount,
      currency: bankLines.currency,
      reference: bankLines.reference,
      description: bankLines.description,
      occurrence: bankLines.occurrence,
      matchedTo: bankMatches.subjectType,
      subjectId: bankMatches.subjectId,
      rule: bankMatches.rule,
    })
    .from(bankLines)
    .innerJoin(bankAccounts, eq(bankAccounts.id, bankLines.bankAccountId))
    .leftJoin(bankMatches, eq(bankMatches.bankLineId, bankLines.id))
    .where(
      and(
        p.bankAccountId ? eq(bankLines.bankAccountId, p.bankAccountId) : undefined,
        p.unmatched ? isNull(bankMatches.id) : undefined,
      ),
    )
    .orderBy(desc(bankLines.bookingDate), desc(bankLines.createdAt))
    .limit(300);
}

/** One payment (staff): what it paid, its remittance rows, and its cash truth. */
export async function paymentDetail(db: Db, id: string) {
  const [p] = await db
    .select({
      id: paymentAttempts.id,
      source: paymentAttempts.source,
      externalId: paymentAttempts.externalId,
      chargeId: paymentAttempts.chargeId,
      amount: paymentAttempts.amount,
      currency: paymentAttempts.currency,
      status: paymentAttempts.status,
      receivedAt: paymentAttempts.receivedAt,
      placementId: paymentAttempts.placementId,
      invoiceNumber: placements.invoiceNumber,
      creditorName: creditors.name,
    })
    .from(paymentAttempts)
    .leftJoin(placements, eq(placements.id, paymentAttempts.placementId))
    .leftJoin(creditors, eq(creditors.id, paymentAttempts.creditorId))
    .where(sql`${paymentAttempts.id}::text = ${id}`);
  if (!p) return null;
  const [rows, cash] = await Promise.all([
    db.select().from(remittances).where(eq(remittances.paymentAttemptId, p.id)),
    paymentCashStates(db, { paymentIds: [p.id] }),
  ]);
  return { payment: p, remittances: rows, cash: cash[0] ?? null };
}
