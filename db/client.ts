import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The database handle every service takes. All three drivers satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DriverName = "pglite" | "postgres" | "neon";

export type DbHandle = { db: Db; driver: DriverName; close: () => Promise<void> };

export type ConnectOptions = {
  url?: string;
  driver?: DriverName;
  /** PGlite data folder; undefined → in memory. */
  dataDir?: string;
  /** PGlite: start from this dumped data directory (a migrated template in tests) instead of an empty one. */
  loadDataDir?: Blob;
  /** For Neon against a plain PostgreSQL: host:port of a WebSocket→TCP bridge. */
  neonWsProxy?: string;
  poolSize?: number;
};

/** Which driver a configuration selects: no URL → PGlite; a Neon host or an explicit driver → Neon; else node-postgres. */
export function chooseDriver(opts: Pick<ConnectOptions, "url" | "driver">): DriverName {
  if (opts.driver) return opts.driver;
  if (!opts.url) return "pglite";
  const host = new URL(opts.url).hostname;
  return host.endsWith(".neon.tech") || host.endsWith(".neon.build") ? "neon" : "postgres";
}

/** Open a database with the driver the configuration selects. */
export async function connect(opts: ConnectOptions): Promise<DbHandle> {
  const driver = chooseDriver(opts);
  const casing = "snake_case" as const;
  if (driver === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const client = new PGlite({ dataDir: opts.dataDir, loadDataDir: opts.loadDataDir });
    await client.waitReady;
    const db = drizzle({ client, schema, casing }) as unknown as Db;
    return { db, driver, close: () => client.close() };
  }
  if (!opts.url) throw new Error(`The ${driver} driver needs DATABASE_URL`);
  if (driver === "postgres") {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
    const db = drizzle({ client: pool, schema, casing }) as unknown as Db;
    return { db, driver, close: () => pool.end() };
  }
  const { Pool, neonConfig } = await import("@neondatabase/serverless");
  const { drizzle } = await import("drizzle-orm/neon-serverless");
  const { WebSocket } = await import("ws");
  neonConfig.webSocketConstructor = WebSocket;
  if (opts.neonWsProxy) {
    const proxy = opts.neonWsProxy;
    // A plain PostgreSQL behind a local bridge: no TLS, no pipelining (Neon's proxy extensions).
    neonConfig.wsProxy = (host, port) => `${proxy}/v2?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
  const db = drizzle({ client: pool, schema, casing }) as unknown as Db;
  return { db, driver, close: () => pool.end() };
}
