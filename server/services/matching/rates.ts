import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import { AppError } from "@/server/errors";

/** The creditor's contingency rate in force at `at` (else its earliest), as the payment path reads it (payment-context.ts). */
export async function rateInForce(db: Db, creditorId: string, at: Date): Promise<number> {
  const [row] = await queryRows<{ rate_bps: number | null }>(
    db,
    sql`select coalesce(
      (select rate_bps from creditor_rates where creditor_id = ${creditorId} and effective_from <= ${at.toISOString()}::timestamptz order by effective_from desc limit 1),
      (select rate_bps from creditor_rates where creditor_id = ${creditorId} order by effective_from limit 1)) as rate_bps`,
  );
  if (row?.rate_bps === null || row?.rate_bps === undefined)
    throw new AppError("PRECONDITION_FAILED", `creditor ${creditorId} has no contingency rate`);
  return Number(row.rate_bps);
}
