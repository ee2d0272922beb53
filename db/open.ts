import fs from "node:fs";
import path from "node:path";
import { env } from "@/server/env";
import { connect, type DbHandle } from "./client";
import { migrateDb } from "./migrate";

/**
 * Open the database the environment configures: DATABASE_URL (PostgreSQL or Neon), or the
 * embedded PGlite in CLEARBOOK_DATA_DIR, migrated on open so a fresh checkout just works.
 */
export async function openConfiguredDb(opts: { migrate?: boolean } = {}): Promise<DbHandle> {
  const e = env();
  if (!e.DATABASE_URL) {
    const dataDir = path.resolve(e.CLEARBOOK_DATA_DIR);
    fs.mkdirSync(dataDir, { recursive: true });
    const handle = await connect({ driver: "pglite", dataDir });
    await migrateDb(handle);
    return handle;
  }
  const handle = await connect({
    url: e.DATABASE_URL,
    driver: e.DATABASE_DRIVER,
    neonWsProxy: e.NEON_WS_PROXY,
    poolSize: e.DATABASE_POOL_MAX,
  });
  if (opts.migrate) await migrateDb(handle);
  return handle;
}
