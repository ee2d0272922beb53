import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";

/**
 * Read a large result in batches through a server-side cursor (DECLARE … CURSOR, FETCH n): one
 * query plan for the whole result, as COPY has, and at most `batch` rows in memory. The cursor
 * lives in a read-only REPEATABLE READ transaction on a connection of its own taken from the pool
 * (node-postgres, Neon), so the caller may write meanwhile (progress) on other connections, and the
 * rows are one consistent snapshot. `cursor_tuple_fraction = 1` plans for reading every row, not
 * for the first ones. Answers null when the database has no pool of connections to lend (the
 * embedded PGlite has one connection): the caller then pages with keysets instead.
 */
type PoolClient = {
  query: (q: { text: string; values?: unknown[] } | string) => Promise<{ rows: unknown[] }>;
  release: (err?: Error | boolean) => void;
};
type Pool = { connect: () => Promise<PoolClient> };

const dialect = new PgDialect();

export function cursorBatches<T>(db: Db, query: SQL, batch: number): AsyncGenerator<T[]> | null {
  const pool = (db as unknown as { $client?: Partial<Pool> }).$client;
  if (!pool || typeof pool.connect !== "function") return null;
  const { sql: text, params } = dialect.sqlToQuery(query);
  return (async function* () {
    const client = await (pool as Pool).connect();
    let failed: Error | undefined;
    let open = false;
    try {
      await client.query("begin isolation level repeatable read read only");
      open = true;
      await client.query("set local cursor_tuple_fraction = 1");
      await client.query({ text: `declare clearbook_rows no scroll cursor for ${text}`, values: params });
      const fetchNext = () => {
        const p = client.query(`fetch ${Math.trunc(batch)} from clearbook_rows`);
        p.catch(() => undefined); // observed by the loop's await; a reader that stopped early never awaits it
        return p;
      };
      // The next batch is already being read while the caller works on this one (database and app overlap).
      let next = fetchNext();
      for (;;) {
        const { rows } = await next;
        const isLast = rows.length < batch;
        if (!isLast) next = fetchNext();
        if (rows.length) yield rows as T[];
        if (isLast) break;
      }
      await client.query("commit");
      open = false;
    } catch (err) {
      failed = err instanceof Error ? err : new Error(String(err));
      throw err;
    } finally {
      // A reader that stopped early (or failed) leaves the transaction open: end it before the connection goes back.
      if (open && !failed) await client.query("rollback").catch(() => undefined);
      client.release(failed);
    }
  })();
}
