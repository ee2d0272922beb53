import { openConfiguredDb } from "@/db/open";

/** `npm run db:migrate`: apply committed migrations to the configured database. */
async function main() {
  const handle = await openConfiguredDb({ migrate: true });
  console.log(`migrations applied (${handle.driver})`);
  await handle.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
