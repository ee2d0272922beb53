import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditorRates, creditors, users } from "@/db/schema";
import { assertRateBps } from "@/server/domain/fees";
import { assertCurrency } from "@/server/domain/money";
import { AppError, notFound } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";

export type NewCreditor = {
  name: string;
  slug: string;
  defaultCurrency: string;
  contingencyRateBps: number;
  effectiveFrom?: Date;
};

/** Create a creditor with its first contingency rate (audited). */
export async function createCreditor(db: Db, input: NewCreditor, actor: Actor) {
  assertRateBps(input.contingencyRateBps);
  const currency = assertCurrency(input.defaultCurrency);
  return db.transaction(async (tx) => {
    const [creditor] = await tx
      .insert(creditors)
      .values({
        name: input.name,
        slug: input.slug,
        defaultCurrency: currency,
        contingencyRateBps: input.contingencyRateBps,
      })
      .returning();
    if (!creditor) throw new Error("creditor insert returned nothing");
    await tx.insert(creditorRates).values({
      creditorId: creditor.id,
      rateBps: input.contingencyRateBps,
      effectiveFrom: input.effectiveFrom ?? new Date(),
      reason: "initial rate",
      createdBy: `${actor.type}:${actor.id}`,
    });
    await recordAudit(tx, {
      actor,
      action: "creditor.created",
      creditorId: creditor.id,
      targetType: "creditor",
      targetId: creditor.id,
      details: { rateBps: input.contingencyRateBps },
    });
    return creditor;
  });
}

/**
 * Change a creditor's contingency rate from `effectiveFrom` (now or later) on. Forward-only:
 * history is never rewritten, so fees already minted keep the rate snapshotted on their rows.
 */
/**
 * Who may change a contingency rate: an agency admin, and nobody else — the rate decides every
 * future fee, so finance and operators (who move and reconcile the money) cannot set their own
 * terms. The system itself (creating a creditor, the demo's history) is the only other actor.
 * Checked against the person's role as stored now, whatever the caller's session said.
 */
async function assertMayChangeRates(tx: Db, actor: Actor) {
  if (actor.type === "system") return;
  if (actor.type === "user" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(actor.id)) {
    const [u] = await tx
      .select({ role: users.role, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.id, actor.id));
    if (u?.role === "admin" && !u.disabledAt) return;
  }
  throw new AppError("FORBIDDEN", "Only an agency admin can change a contingency rate.");
}

export async function changeContingencyRate(
  db: Db,
  input: { creditorId: string; rateBps: number; effectiveFrom?: Date; reason: string; now?: Date },
  actor: Actor,
) {
  assertRateBps(input.rateBps);
  const now = input.now ?? new Date();
  const effectiveFrom = input.effectiveFrom ?? now;
  if (effectiveFrom.getTime() < now.getTime() - 1000) {
    throw new AppError(
      "BAD_REQUEST",
      "A contingency rate can only take effect now or in the future; history is never rewritten.",
    );
  }
  return db.transaction(async (tx) => {
    await assertMayChangeRates(tx, actor);
    const [creditor] = await tx.select().from(creditors).where(eq(creditors.id, input.creditorId)).for("update");
    if (!creditor) throw notFound("creditor");
    const [rate] = await tx
      .insert(creditorRates)
      .values({
        creditorId: creditor.id,
        rateBps: input.rateBps,
        effectiveFrom,
        reason: input.reason,
        createdBy: `${actor.type}:${actor.id}`,
      })
      .returning();
    if (effectiveFrom.getTime() <= now.getTime()) {
      await tx.update(creditors).set({ contingencyRateBps: input.rateBps }).where(eq(creditors.id, creditor.id));
    }
    await recordAudit(tx, {
      actor,
      action: "creditor.rate_changed",
      creditorId: creditor.id,
      targetType: "creditor",
      targetId: creditor.id,
      details: {
        fromBps: creditor.contingencyRateBps,
        toBps: input.rateBps,
        effectiveFrom: effectiveFrom.toISOString(),
        reason: input.reason,
      },
    });
    return rate;
  });
}
