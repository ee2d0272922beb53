import { parseArgs } from "node:util";
import { openConfiguredDb } from "@/db/open";
import { isPeriod } from "@/server/domain/statement-period";
import { runMonthlyStatements } from "@/server/services/statements/monthly";

/**
 * `npm run statements:run -- --period YYYY-MM [--creditor <id>]`: the monthly run from the command
 * line, through the same service as the job (issues version 1 where it is missing; catches up
 * earlier months in order). Without --period, last month in AGENCY_TIME_ZONE. Exit 1 when any
 * creditor failed or did not tie out.
 */
async function main() {
  const { values } = parseArgs({ options: { period: { type: "string" }, creditor: { type: "string" } } });
  if (values.period !== undefined && !isPeriod(values.period)) {
    console.error(`--period ${JSON.stringify(values.period)}: write the month as YYYY-MM, e.g. 2026-11`);
    process.exit(2);
  }
  const handle = await openConfiguredDb();
  try {
    const r = await runMonthlyStatements(handle.db, { period: values.period, creditorId: values.creditor });
    console.log(
      `statements ${r.period}: ${r.creditors} creditor(s), ${r.issued} issued, ${r.alreadyIssued} already issued, ${r.tieOutFailed} not tied out, ${r.failed.length} failed`,
    );
    for (const f of r.failed) console.error(`  FAILED ${f.creditorId}: ${f.error}`);
    if (r.failed.length || r.tieOutFailed) process.exitCode = 1;
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
