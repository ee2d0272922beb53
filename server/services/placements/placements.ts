import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditors, debtors, installments, paymentPlans, placements } from "@/db/schema";
import { amountProblem } from "@/server/domain/amount-limits";
import { assertCurrency } from "@/server/domain/money";
import { env } from "@/server/env";
import { AppError, notFound } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "../audit/record";

export type NewPlacement = {
  invoiceNumber: string;
  invoiceAmount: bigint;
  currency: string;
  dueDate: string;
  debtor: { name: string; email?: string | null; externalRef?: string | null };
  qboInvoiceId?: string | null;
  placedAt?: Date;
};

/**
 * A YYYY-MM-DD that names a real day (no 31 April, 29 February only in leap years, no year 0).
 * `Date.parse` rolls 2026-02-31 over to 3 March, and PostgreSQL would then refuse the whole batch.
 */
export function dueDateProblem(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return "due_date must be YYYY-MM-DD";
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(0);
  day.setUTCFullYear(y, mo - 1, d); // unlike Date.UTC, no 1900 offset for years below 100
  const real = y >= 1 && day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
  return real ? null : `due_date ${value} is not a day on the calendar`;
}

/** Validate one placement's fields; returns the problems as messages a person can act on. */
export function placementProblems(input: NewPlacement): string[] {
  const problems: string[] = [];
  if (!input.invoiceNumber.trim()) problems.push("invoice_number is required");
  if (input.invoiceAmount <= 0n) problems.push("invoice_amount must be a positive integer of minor units");
  const tooLarge = amountProblem("invoice_amount", input.invoiceAmount, input.currency, env().AMOUNT_LIMITS);
  if (tooLarge) problems.push(tooLarge);
  try {
    assertCurrency(input.currency);
  } catch {
    problems.push(`currency "${input.currency}" is not an ISO-4217 code we support`);
  }
  const dueDate = dueDateProblem(input.dueDate);
  if (dueDate) problems.push(dueDate);
  if (!input.debtor.name.trim()) problems.push("debtor name is required");
  // The same bounds as the /v1 schema: an invoice number is indexed, and PostgreSQL refuses index rows over ~2.7 KB.
  const tooLong = (field: string, value: string | null | undefined, max: number) =>
    value && value.trim().length > max ? `${field} is ${value.trim().length} characters long; at most ${max}` : null;
  for (const p of [
    tooLong("invoice_number", input.invoiceNumber, 200),
    tooLong("debtor_name", input.debtor.name, 300),
    tooLong("debtor_email", input.debtor.email, 320),
    tooLong("qbo_invoice_id", input.qboInvoiceId, 100),
  ])
    if (p) problems.push(p);
  return problems;
}

/** Place one creditor invoice for collection (in the caller's transaction when given one). Creditor comes from the caller's session. */
export async function createPlacement(db: Db, creditorId: string, input: NewPlacement, actor: Actor) {
  const problems = placementProblems(input);
  if (problems.length) throw new AppError("BAD_REQUEST", problems.join("; "), { problems });
  const [creditor] = await db.select({ id: creditors.id }).from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor) throw notFound("creditor");
  const [dup] = await db
    .select({ id: placements.id })
    .from(placements)
    .where(and(eq(placements.creditorId, creditorId), eq(placements.invoiceNumber, input.invoiceNumber.trim())));
  if (dup)
    throw new AppError("CONFLICT", `invoice_number ${input.invoiceNumber} is already placed`, { placementId: dup.id });
  const [debtor] = await db
    .insert(debtors)
    .values({
      creditorId,
      name: input.debtor.name.trim(),
      email: input.debtor.email ?? null,
      externalRef: input.debtor.externalRef ?? null,
    })
    .returning({ id: debtors.id });
  const placedAt = input.placedAt ?? new Date();
  const [placement] = await db
    .insert(placements)
    .values({
      creditorId,
      debtorId: debtor!.id,
      invoiceNumber: input.invoiceNumber.trim(),
      invoiceAmount: input.invoiceAmount,
      currency: assertCurrency(input.currency),
      dueDate: input.dueDate,
      qboInvoiceId: input.qboInvoiceId ?? null,
      // Both stamps from one clock: left to the column default, updated_at was the database's now()
      // (the transaction's start, or a clock behind the app's) and could precede placed_at (issue 19).
      placedAt,
      updatedAt: new Date(Math.max(placedAt.getTime(), Date.now())),
    })
    .returning();
  await recordAudit(db, {
    actor,
    action: "placement.created",
    category: "intake",
    creditorId,
    targetType: "placement",
    targetId: placement!.id,
    details: { invoiceNumber: input.invoiceNumber, invoiceAmount: input.invoiceAmount, currency: input.currency },
  });
  return placement!;
}

/** Agree an installment plan on a placement: amounts must sum to the open balance. */
export async function createPaymentPlan(
  db: Db,
  creditorId: string,
  placementId: string,
  schedule: Array<{ dueDate: string; amount: bigint }>,
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const [p] = await tx
      .select()
      .from(placements)
      .where(and(eq(placements.id, placementId), eq(placements.creditorId, creditorId)))
      .for("update");
    if (!p) throw notFound("placement");
    const balance = p.invoiceAmount - p.recoveredAmount;
    const total = schedule.reduce((s, i) => s + i.amount, 0n);
    if (schedule.length === 0 || schedule.some((i) => i.amount <= 0n))
      throw new AppError("BAD_REQUEST", "a plan needs at least one installment, each with a positive amount");
    if (total !== balance)
      throw new AppError("BAD_REQUEST", `installments sum to ${total} but the open balance is ${balance}`);
    const [plan] = await tx.insert(paymentPlans).values({ placementId }).returning();
    const rows = await tx
      .insert(installments)
      .values(
        schedule.map((s, i) => ({
          planId: plan!.id,
          placementId,
          seq: i + 1,
          dueDate: s.dueDate,
          amount: s.amount,
          currency: p.currency,
        })),
      )
      .returning();
    await recordAudit(tx, {
      actor,
      action: "payment_plan.created",
      creditorId,
      targetType: "placement",
      targetId: placementId,
      details: { planId: plan!.id, installments: rows.length, total },
    });
    return { plan: plan!, installments: rows };
  });
}

/** Close a placement as uncollected or recalled by the creditor (audited); money already recovered stays. */
export async function closePlacement(
  db: Db,
  placementId: string,
  status: "closed_uncollected" | "recalled",
  reason: string,
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const [p] = await tx.select().from(placements).where(eq(placements.id, placementId)).for("update");
    if (!p) throw notFound("placement");
    if (p.status !== "open")
      throw new AppError(
        "CONFLICT",
        `placement is ${p.status}; only open placements can be ${status === "recalled" ? "recalled" : "closed"}`,
      );
    await tx.update(placements).set({ status, updatedAt: new Date() }).where(eq(placements.id, placementId));
    await recordAudit(tx, {
      actor,
      action: `placement.${status}`,
      creditorId: p.creditorId,
      targetType: "placement",
      targetId: p.id,
      details: { reason, recoveredAmount: p.recoveredAmount },
    });
  });
}
