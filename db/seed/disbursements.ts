import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";
import { previewRun, proposeRun } from "@/server/services/disbursements/runs";
import { approveRun } from "@/server/services/disbursements/runs-decide";
import { recordManualPayment } from "@/server/services/disbursements/lifecycle";

const DAY = 86_400_000;

/**
 * The demo's payouts to creditors, made through the same four-eyes path as the app: Felix Finance
 * proposes a run, Fiona Finance approves it, and each creditor's money goes out by ACH with a bank
 * reference. Two runs (cut-offs about four and one and a half months ago), so older remittances read
 * "paid out" and the newer ones are still owed. Run before Northwind gets its Stripe account, so
 * every payment is an ACH the demo can record as sent. Needs the demo's finance sign-ins.
 */
export async function seedDemoDisbursements(db: Db, now = new Date()) {
  const proposer = await financeActor(db, "finance@clearbook.test");
  const approver = await financeActor(db, "finance2@clearbook.test");
  let paid = 0;
  for (const [n, daysAgo] of [
    [1, 120],
    [2, 45],
  ] as const) {
    const cutoff = new Date(now.getTime() - daysAgo * DAY);
    const preview = await previewRun(db, { cutoff });
    if (!preview.lines.some((l) => l.plan.outcome === "pay")) continue;
    const run = await proposeRun(db, { cutoff, fingerprint: preview.fingerprint }, proposer);
    await approveRun(db, { runId: run.runId }, approver);
    for (const [k, id] of run.disbursementIds.entries()) {
      await recordManualPayment(
        db,
        {
          disbursementId: id,
          method: "ach",
          reference: `ACH-DEMO-${n}${String(k + 1).padStart(3, "0")}`,
          sentOn: new Date(cutoff.getTime() + 3 * DAY),
        },
        proposer,
      );
      paid += 1;
    }
  }
  return { disbursements: paid };
}

async function financeActor(db: Db, email: string): Promise<Actor> {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!u) throw new Error(`the demo user ${email} is missing: seed the demo sign-ins first`);
  return { type: "user", id: u.id };
}
