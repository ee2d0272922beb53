import type { TestProject } from "vitest/node";
import { Client } from "pg";
import { connect } from "../client";
import { migrateDb } from "../migrate";
import { startNeonBridge } from "./neon-bridge";
import { TEMPLATE_DB, adminUrl, testDriver } from "./config";

/**
 * Once per run: on PostgreSQL, build a migrated template database so each test file can
 * clone its own in milliseconds; on the Neon path, also start the WebSocket bridge.
 */
export default async function setup(project: TestProject) {
  const driver = testDriver();
  let bridge: Awaited<ReturnType<typeof startNeonBridge>> | undefined;
  if (driver !== "pglite") {
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const url = new URL(adminUrl());
    url.pathname = `/${TEMPLATE_DB}`;
    const handle = await connect({ url: url.toString(), driver: "postgres", poolSize: 1 });
    await migrateDb(handle);
    await handle.close();
  }
  if (driver === "neon") {
    bridge = await startNeonBridge();
    project.provide("neonProxy", `127.0.0.1:${bridge.port}`);
  }
  return async () => {
    await bridge?.close();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    neonProxy: string;
  }
}
