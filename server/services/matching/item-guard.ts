import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { paymentAttempts, workItems } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";
import { AppError, notFound } from "@/server/errors";
import { type AuditInput, recordAudit } from "../audit/record";
import { settleWorkItem } from "../work-items/lifecycle";

type Kind = (typeof workItems.$inferSelect)["kind"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The item a resolution acts on, locked before any money moves: of one of `kinds` (anything else
 * is NOT_FOUND), still open or in progress, and at the version the person saw. A second resolver
 * waits on the lock, then is told who got there first, and writes nothing (settleWorkItem checks
 * again when it closes the item in the same transaction).
 */
export async function lockOpenItem(tx: Db, workItemId: string, expectedVersion: number, kinds: readonly Kind[]) {
  if (!UUID.test(workItemId)) throw notFound("work item");
  const [row] = await tx.select().from(workItems).where(eq(workItems.id, workItemId)).for("update");
  if (!row || !kinds.includes(row.kind)) throw notFound("work item");
  if (row.status !== "open" && row.status !== "in_progress")
    throw new AppError(
      "CONFLICT",
      `already ${row.status} by ${row.resolvedBy ?? "someone"}${row.resolvedAt ? ` at ${row.resolvedAt.toISOString()}` : ""}; reload the item to see what was done`,
      { status: row.status, resolvedBy: row.resolvedBy, version: row.version },
    );
  if (row.version !== expectedVersion)
    throw new AppError(
      "CONFLICT",
      `this item changed since you opened it (version ${expectedVersion}, now ${row.version}); reload it and try again`,
      { version: row.version },
    );
  return row;
}

/** The unmatched payment of an unmatched/ambiguous item, locked; it must still be unmatched. */
export async function lockUnmatchedPayment(tx: Db, item: { subjectType: string; subjectId: string }) {
  if (item.subjectType !== "payment_attempt") throw notFound("payment");
  const [attempt] = await tx.select().from(paymentAttempts).where(eq(paymentAttempts.id, item.subjectId)).for("update");
  if (!attempt) throw notFound("payment");
  if (attempt.status !== "unmatched")
    throw new AppError("CONFLICT", `the payment is ${attempt.status} already; reload the item to see what was done`);
  return attempt;
}

/**
 * The one tail of every resolution here, in the action's transaction: its audit event, when the
 * action records one (its details carry the item, the reason and the resolution, plus any of the
 * action's own), then the item closed at the version the person saw. Answers the resolution.
 */
export async function closeResolvedItem<R extends Record<string, unknown>>(
  tx: Db,
  params: {
    workItemId: string;
    expectedVersion: number;
    outcome?: "resolved" | "dismissed";
    resolution: R;
    reason?: string;
    audit?: Omit<AuditInput, "actor">;
  },
  actor: Actor,
): Promise<R> {
  const { workItemId, expectedVersion, resolution, reason, audit } = params;
  if (audit)
    await recordAudit(tx, {
      ...audit,
      actor,
      details: { workItemId, ...(reason === undefined ? {} : { reason }), ...resolution, ...audit.details },
    });
  await settleWorkItem(
    tx,
    { workItemId, expectedVersion, outcome: params.outcome ?? "resolved", resolution, reason },
    actor,
  );
  return resolution;
}
