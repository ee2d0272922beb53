import { sql } from "drizzle-orm";
import { openConfiguredDb } from "@/db/open";
import { queryRows } from "@/db/rows";
import { seedDemo } from "@/db/seed/demo";
import { seedDemoAccess } from "@/db/seed/access";

/** `npm run db:seed`: seed the demo book into an empty configured database. */
async function main() {
  const handle = await openConfiguredDb({ migrate: true });
  const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from creditors`);
  if (n > 0) {
    console.log(`database already has ${n} creditors; not seeding`);
  } else {
    const summary = await seedDemo(handle.db);
    const access = await seedDemoAccess(handle.db, summary);
    console.log(JSON.stringify({ ...summary, access }, null, 2));
  }
  await handle.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
