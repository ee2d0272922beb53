import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accountingDocuments, remittances } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";
import { cancellationDocumentNumber } from "@/server/domain/document-numbers";
import { recordReinstatement, type Reinstatement } from "./reversals";

export type GiveBackOutcome =
  /** Money given back: a reinstated row under the reversal (or it already was, `duplicate`). */
  | { outcome: "applied" | "duplicate"; amount: bigint }
  /** The reversal is fully given back already. */
  | { outcome: "nothing_left" }
  /** The reversal was never booked (its money never left, as far as the books know). */
  | { outcome: "not_booked" }
  /** The reversal was paid out of customer credit only: re-opening a credit is an operator's call. */
  | { outcome: "from_credit" };

/**
 * Money that comes back after a reversal — a refund that failed or was canceled after it was
 * booked, a chargeback's funds reinstated — capped at what the reversal took and has not been
 * given back yet (`amount` null: all of it). One rule for every such event; the handlers only say
 * which reversal and what to do when it was not booked.
 */
export async function giveBackReversal(
  db: Db,
  input: Omit<Reinstatement, "amount"> & { amount: bigint | null },
  actor: Actor,
): Promise<GiveBackOutcome> {
  const [reversal] = await db
    .select({ id: remittances.id, recovered: remittances.recoveredAmount })
    .from(remittances)
    .where(eq(remittances.externalRef, input.reversalExternalRef));
  if (!reversal) {
    const [doc] = await db
      .select({ id: accountingDocuments.id })
      .from(accountingDocuments)
      .where(eq(accountingDocuments.number, cancellationDocumentNumber(input.reversalExternalRef)))
      .limit(1);
    return { outcome: doc ? "from_credit" : "not_booked" };
  }
  const back = await db
    .select({ r: remittances.recoveredAmount })
    .from(remittances)
    .where(eq(remittances.parentRemittanceId, reversal.id));
  const open = -reversal.recovered - back.reduce((s, x) => s + x.r, 0n);
  const amount = input.amount !== null && input.amount < open ? input.amount : open;
  if (amount <= 0n) return { outcome: "nothing_left" };
  const r = await recordReinstatement(db, { ...input, amount }, actor);
  if (r.outcome === "reversal_not_found") return { outcome: "not_booked" };
  return { outcome: r.outcome, amount };
}
