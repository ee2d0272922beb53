import type { SQL } from "drizzle-orm";
import type { Db } from "./client";

/** Run raw SQL and return its rows; every driver we use answers with `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
