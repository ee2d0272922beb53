import { and, asc, desc, eq, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accountingDocuments, creditorRates, documentLines, placements, workItems } from "@/db/schema";
import type { WorkItemKindName } from "@/server/domain/work-items";
import { AppError, notFound } from "@/server/errors";
import type { documentRows } from "../ledger/rows";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An open item of `kind` and the placement it is about (locked when `lock`): the start of every decision. */
export async function itemWithPlacement(db: Db, workItemId: string, kind: WorkItemKindName, lock: boolean) {
  if (!UUID.test(workItemId)) throw notFound("work item");
  const [item] = await db.select().from(workItems).where(eq(workItems.id, workItemId));
  if (!item) throw notFound("work item");
  if (item.kind !== kind)
    throw new AppError(
      "BAD_REQUEST",
      `this is a ${item.kind.replace(/_/g, " ")} item, not a ${kind.replace(/_/g, " ")}`,
    );
  const placementId =
    item.subjectType === "placement"
      ? item.subjectId
      : typeof item.evidence.placementId === "string"
        ? item.evidence.placementId
        : "";
  if (!UUID.test(placementId)) throw new AppError("PRECONDITION_FAILED", "this item names no placement to decide on");
  const q = db.select().from(placements).where(eq(placements.id, placementId));
  const [placement] = lock ? await q.for("update") : await q;
  if (!placement) throw new AppError("PRECONDITION_FAILED", "the placement this item names no longer exists");
  return { item, placement };
}

/** A minor-unit amount kept in evidence as a decimal string (jsonb has no bigint); 0 when absent or malformed. */
export function evidenceMinor(evidence: Record<string, unknown>, key: string): bigint {
  const v = evidence[key];
  if (typeof v === "string" && /^-?\d{1,19}$/.test(v)) return BigInt(v);
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  return 0n;
}

/** The creditor's contingency rate in force at `at` (else its earliest), as the payment writer takes it. */
export async function rateInForce(db: Db, creditorId: string, at: Date): Promise<number> {
  const [inForce] = await db
    .select({ rateBps: creditorRates.rateBps })
    .from(creditorRates)
    .where(and(eq(creditorRates.creditorId, creditorId), lte(creditorRates.effectiveFrom, at)))
    .orderBy(desc(creditorRates.effectiveFrom))
    .limit(1);
  if (inForce) return inForce.rateBps;
  const [first] = await db
    .select({ rateBps: creditorRates.rateBps })
    .from(creditorRates)
    .where(eq(creditorRates.creditorId, creditorId))
    .orderBy(asc(creditorRates.effectiveFrom))
    .limit(1);
  if (!first) throw new AppError("PRECONDITION_FAILED", "the creditor has no contingency rate");
  return first.rateBps;
}

/** Write an accounting document and its lines. */
export async function insertDocument(db: Db, rows: ReturnType<typeof documentRows>) {
  await db.insert(accountingDocuments).values(rows.document);
  if (rows.lines.length) await db.insert(documentLines).values(rows.lines);
}
