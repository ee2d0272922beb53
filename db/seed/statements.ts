import type { Db } from "@/db/client";
import { periodOf, periodsBetween, previousPeriod } from "@/server/domain/statement-period";
import { agencyTimeZone, issueStatement } from "@/server/services/statements/issue";

const monthlyJob = { type: "job" as const, id: "statements-monthly" };

/**
 * Issued statements for every month of the demo book that has ended, as the monthly job would have
 * issued them, and one month re-issued with a reason, so the Statements pages show history and
 * versions. Returns how many versions were issued.
 */
export async function seedStatements(db: Db, p: { creditorIds: string[]; from: Date; now: Date }): Promise<number> {
  const zone = agencyTimeZone();
  const months = periodsBetween(periodOf(p.from, zone), previousPeriod(periodOf(p.now, zone)));
  let issued = 0;
  for (const creditorId of p.creditorIds)
    for (const period of months) {
      const r = await issueStatement(db, { creditorId, period, version: 1, timeZone: zone, now: p.now }, monthlyJob);
      if (r.outcome === "issued") issued++;
    }
  const [first] = p.creditorIds;
  const last = months.at(-1);
  if (first && last) {
    const again = await issueStatement(
      db,
      {
        creditorId: first,
        period: last,
        version: 2,
        reason: "Copy re-issued for the auditors",
        timeZone: zone,
        now: p.now,
      },
      { type: "user", id: "demo-finance" },
    );
    if (again.outcome === "issued") issued++;
  }
  return issued;
}
