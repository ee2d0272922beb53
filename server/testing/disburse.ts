import type { Db } from "@/db/client";
import { approveRun } from "@/server/services/disbursements/runs-decide";
import { previewRun, proposeRun } from "@/server/services/disbursements/runs";

/** Two finance people, as the four-eyes rule needs (ids only: services take actors). */
export const FINANCE_A = { type: "user" as const, id: "finance-proposer" };
export const FINANCE_B = { type: "user" as const, id: "finance-approver" };

/**
 * TEST HELPER: pay one creditor what is due now through the real run (preview → propose by one
 * person → approve by another). Answers like the old one-call disbursement did.
 */
export async function disburseNow(db: Db, input: { creditorId: string; currency: string }) {
  const cutoff = new Date(Date.now() + 1_000);
  const preview = await previewRun(db, { creditorIds: [input.creditorId], cutoff });
  const line = preview.lines.find((l) => l.currency === input.currency);
  if (!line || line.plan.outcome !== "pay")
    return { outcome: "nothing_to_pay" as const, balance: line?.plan.outcome === "carry_forward" ? line.plan.net : 0n };
  const run = await proposeRun(
    db,
    { creditorIds: [input.creditorId], cutoff, fingerprint: preview.fingerprint },
    FINANCE_A,
  );
  await approveRun(db, { runId: run.runId }, FINANCE_B);
  return {
    outcome: "created" as const,
    runId: run.runId,
    disbursementId: run.disbursementIds[preview.lines.filter((l) => l.plan.outcome === "pay").indexOf(line)]!,
    amount: line.plan.amount,
    method: line.method,
  };
}
