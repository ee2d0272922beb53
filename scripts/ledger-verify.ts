import { openConfiguredDb } from "@/db/open";
import { verifyLedger, INVARIANTS } from "@/server/services/ledger/verify";

/** `npm run ledger:verify`: check every ledger invariant over the whole database; exit 1 naming each break. */
async function main() {
  const handle = await openConfiguredDb();
  try {
    const breaks = await verifyLedger(handle.db);
    if (breaks.length === 0) {
      console.log(`ledger:verify OK — ${INVARIANTS.length} invariants hold (${handle.driver})`);
      return;
    }
    for (const b of breaks) {
      console.error(`BROKEN ${b.invariant}: ${b.description} — ${b.count} row(s)`);
      for (const ex of b.examples) console.error(`  ${JSON.stringify(ex)}`);
    }
    process.exitCode = 1;
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
