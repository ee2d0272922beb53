import fs from "node:fs";
import path from "node:path";
import { openConfiguredDb } from "@/db/open";
import { runBankMatching } from "@/server/services/bank/matching";
import { importBankFile } from "@/server/services/bank/import";

/**
 * `npm run bank:import -- <file> [--account <bank account id>]`: import a statement file (CAMT.053,
 * MT940, or CSV with its account) through the same service as the back-office page, then match.
 * A refused file prints the line and the reason and exits 1 with nothing written.
 */
async function main() {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith("--") && args[args.indexOf(a) - 1] !== "--account");
  const account = args.includes("--account") ? args[args.indexOf("--account") + 1] : undefined;
  if (!file) throw new Error("usage: npm run bank:import -- <file> [--account <bank account id>]");
  const handle = await openConfiguredDb({ migrate: true });
  try {
    const actor = { type: "system" as const, id: "bank-import-cli" };
    const bytes = new Uint8Array(fs.readFileSync(file));
    const imported = await importBankFile(
      handle.db,
      { fileName: path.basename(file), bytes, bankAccountId: account },
      actor,
    );
    const matched = await runBankMatching(handle.db, actor);
    console.log(
      `Imported ${path.basename(file)} (${imported.format}): ${imported.linesNew} new of ${imported.linesInFile} lines; matched ${matched.matched}, ambiguous ${matched.ambiguous}, unmatched ${matched.unmatched}.`,
    );
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
