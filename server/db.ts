import "server-only";
import type { Db, DbHandle } from "@/db/client";
import { openConfiguredDb } from "@/db/open";

const globalForDb = globalThis as unknown as { clearbookDb?: Promise<DbHandle> };

/**
 * The app's database, opened once per process (cached on globalThis so dev reloads reuse it).
 * The embedded default migrates itself on first open.
 */
export async function getDb(): Promise<Db> {
  globalForDb.clearbookDb ??= openConfiguredDb();
  return (await globalForDb.clearbookDb).db;
}
