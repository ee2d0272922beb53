import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { connect, type DbHandle } from "@/db/client";
import { migrateDb } from "@/db/migrate";

export type BenchDb = DbHandle & { url: string; drop: () => Promise<void> };

/** A fresh, migrated PostgreSQL database of its own on the server of `serverUrl`; dropped afterwards. */
export async function freshDatabase(serverUrl: string, poolSize = 16): Promise<BenchDb> {
  const name = `clearbook_bench_${randomBytes(5).toString("hex")}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await connect({ url: url.toString(), driver: "postgres", poolSize });
  await migrateDb(handle);
  return {
    ...handle,
    url: url.toString(),
    drop: async () => {
      await handle.close().catch(() => undefined);
      const a = new Client({ connectionString: serverUrl });
      await a.connect();
      // Backends of pools in other processes (next start) may linger a moment after they close.
      for (let i = 0; i < 50; i++) {
        const { rows } = await a.query("select count(*)::int as n from pg_stat_activity where datname = $1", [name]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
