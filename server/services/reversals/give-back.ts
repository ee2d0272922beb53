import { eq, or, sql, type SQL, type AnyColumn } from "drizzle-orm";
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
    const parts = await giveBackParts(db, input, actor);
    if (parts) return parts;
    const number = cancellationDocumentNumber(input.reversalExternalRef);
    const [doc] = await db
      .select({ id: accountingDocuments.id })
      .from(accountingDocuments)
      .where(sameOrPart(accountingDocuments.number, number))
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

/** `ref` itself or one of its parts `ref#n` (Stripe ids never contain `#`). */
function sameOrPart(column: AnyColumn, ref: string): SQL {
  return or(eq(column, ref), sql`left(${column}, ${ref.length + 1}) = ${`${ref}#`}`)!;
}

/**
 * A reversal of a payment split by hand was booked as one reversed row per part (`ref#1`, `ref#2`,
 * …, see `recordReversal`). What comes back is given back to those parts in their order (the order
 * the reversal took them), each capped at what its part has not had back yet, each as its own
 * reinstatement `${externalRef}#n` — all in one transaction, so a redelivery finds them and is a
 * duplicate. `undefined` when the reversal has no part rows.
 */
async function giveBackParts(
  db: Db,
  input: Omit<Reinstatement, "amount"> & { amount: bigint | null },
  actor: Actor,
): Promise<GiveBackOutcome | undefined> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: remittances.id, ref: remittances.externalRef, recovered: remittances.recoveredAmount })
      .from(remittances)
      .where(
        sql`left(${remittances.externalRef}, ${input.reversalExternalRef.length + 1}) = ${`${input.reversalExternalRef}#`}`,
      )
      .for("update");
    if (rows.length === 0) return undefined;
    const partNo = (ref: string | null) => Number((ref ?? "").slice(input.reversalExternalRef.length + 1));
    rows.sort((a, b) => partNo(a.ref) - partNo(b.ref));
    const seen = await tx
      .select({ r: remittances.recoveredAmount })
      .from(remittances)
      .where(sameOrPart(remittances.externalRef, input.externalRef));
    if (seen.length) return { outcome: "duplicate", amount: seen.reduce((s, x) => s + x.r, 0n) };
    const open: bigint[] = [];
    for (const row of rows) {
      const back = await tx
        .select({ r: remittances.recoveredAmount })
        .from(remittances)
        .where(eq(remittances.parentRemittanceId, row.id));
      open.push(-row.recovered - back.reduce((s, x) => s + x.r, 0n));
    }
    const total = open.reduce((s, x) => s + x, 0n);
    const amount = input.amount !== null && input.amount < total ? input.amount : total;
    if (amount <= 0n) return { outcome: "nothing_left" };
    const takes = open.map(() => 0n);
    let rest = amount;
    for (const [i, o] of open.entries()) {
      takes[i] = o < rest ? o : rest;
      rest -= takes[i]!;
    }
    const touched = takes.filter((x) => x > 0n).length;
    let n = 0;
    for (const [i, row] of rows.entries()) {
      if (takes[i]! <= 0n) continue;
      n += 1;
      await recordReinstatement(
        tx,
        {
          ...input,
          reversalExternalRef: row.ref!,
          externalRef: touched === 1 ? input.externalRef : `${input.externalRef}#${n}`,
          amount: takes[i]!,
        },
        actor,
      );
    }
    return { outcome: "applied", amount };
  });
}
