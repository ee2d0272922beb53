import type { Db, DbHandle } from "@/db/client";
import { openConfiguredDb } from "@/db/open";

const globalForDb = globalThis as unknown as { clearbookDb?: Promise<DbHandle> };

/**
 * The app's database for code that starts outside a request (instrumentation, scripts). It shares
 * server/db.ts's per-process handle (same globalThis key) without its `server-only` import, so
 * the embedded PGlite folder is opened once per process whoever asks first.
 */
export async function appDb(): Promise<Db> {
  globalForDb.clearbookDb ??= openConfiguredDb();
  return (await globalForDb.clearbookDb).db;
}
