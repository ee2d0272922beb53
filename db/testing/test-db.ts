import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import { Client } from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { connect, type Db, type DbHandle } from "../client";
import { migrateDb } from "../migrate";
import { TEMPLATE_DB, adminUrl, testDriver } from "./config";

export type TestDb = DbHandle & { name: string; url?: string; drop: () => Promise<void> };

/** A fresh, migrated database of its own for one test file (or one benchmark). */
export async function createTestDb(opts: { poolSize?: number } = {}): Promise<TestDb> {
  const driver = testDriver();
  if (driver === "pglite") {
    // The run's migrated template (global-setup), loaded in memory; migrating here only when a
    // caller runs outside vitest's global setup (a benchmark).
    const template = pgliteTemplate();
    const handle = await connect({
      driver: "pglite",
      loadDataDir: template ? new Blob([await fs.readFile(template)]) : undefined,
    });
    if (!template) await migrateDb(handle);
    return { ...handle, name: "pglite:memory", drop: handle.close };
  }
  const name = `clearbook_t_${randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("templateDb") ?? TEMPLATE_DB}`);
      break;
    } catch (err) {
      // Two files cloning the template in the same instant can collide; a short wait clears it.
      if (attempt >= 10) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const neonWsProxy = driver === "neon" ? inject("neonProxy") : undefined;
  const handle = await connect({ url: url.toString(), driver, neonWsProxy, poolSize: opts.poolSize });
  const drop = async () => {
    await handle.close();
    const a = new Client({ connectionString: adminUrl() });
    await a.connect();
    // A closed pool's sockets take a moment to go; dropping under them makes them error out.
    for (let i = 0; i < 50; i++) {
      const { rows } = await a.query("select count(*)::int as n from pg_stat_activity where datname = $1", [name]);
      if (rows[0]?.n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  };
  return { ...handle, name, url: url.toString(), drop };
}

/** Registers beforeAll/afterAll hooks; read `.db` inside tests. */
export function useTestDb(opts: { poolSize?: number } = {}): { readonly db: Db; readonly handle: TestDb } {
  let handle: TestDb | undefined;
  beforeAll(async () => {
    handle = await createTestDb(opts);
  }, 60_000);
  afterAll(async () => {
    await handle?.drop();
  });
  return {
    get db() {
      if (!handle) throw new Error("test database not ready: use it inside a test or hook");
      return handle.db;
    },
    get handle() {
      if (!handle) throw new Error("test database not ready");
      return handle;
    },
  };
}

function pgliteTemplate(): string | undefined {
  try {
    return inject("pgliteTemplate");
  } catch {
    return undefined; // not inside a vitest run
  }
}
