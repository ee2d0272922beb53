import { and, asc, eq, ilike, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, debtors, placements } from "@/db/schema";
import { readItemPayment } from "./resolve";

/**
 * What an operator can apply an unmatched payment to: the cascade's candidates (with the rule that
 * found each, from the item's evidence) and open placements in the payment's currency whose
 * invoice number or debtor name contains `q` (the item's creditor only, when it has one).
 */
export async function placementOptions(db: Db, params: { workItemId: string; q?: string }) {
  const { item, attempt } = await readItemPayment(db, params.workItemId);
  const match = (item.evidence.match ?? {}) as { candidates?: Array<Record<string, unknown>> };
  const q = params.q?.trim();
  const found = q
    ? await db
        .select({
          placementId: placements.id,
          creditorId: placements.creditorId,
          creditorName: creditors.name,
          invoiceNumber: placements.invoiceNumber,
          debtorName: debtors.name,
          dueDate: placements.dueDate,
          invoiceAmount: placements.invoiceAmount,
          recoveredAmount: placements.recoveredAmount,
        })
        .from(placements)
        .innerJoin(debtors, eq(debtors.id, placements.debtorId))
        .innerJoin(creditors, eq(creditors.id, placements.creditorId))
        .where(
          and(
            eq(placements.status, "open"),
            eq(placements.currency, attempt.currency),
            ...(item.creditorId ? [eq(placements.creditorId, item.creditorId)] : []),
            or(ilike(placements.invoiceNumber, `%${escapeLike(q)}%`), ilike(debtors.name, `%${escapeLike(q)}%`)),
          ),
        )
        .orderBy(asc(placements.dueDate))
        .limit(20)
    : [];
  return {
    payment: {
      id: attempt.id,
      externalId: attempt.externalId,
      source: attempt.source,
      status: attempt.status,
      amount: attempt.amount,
      currency: attempt.currency,
      receivedAt: attempt.receivedAt,
      metadata: attempt.metadata,
    },
    candidates: match.candidates ?? [],
    found: found.map((f) => ({ ...f, openBalance: f.invoiceAmount - f.recoveredAmount })),
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
