import type { TestProject } from "vitest/node";
import { Client } from "pg";
import { connect } from "../client";
import { migrateDb } from "../migrate";
import { startNeonBridge } from "./neon-bridge";
import { randomBytes } from "node:crypto";
import { TEMPLATE_DB, adminUrl, testDriver } from "./config";

/**
 * Once per run: on PostgreSQL, build a migrated template database so each test file can
 * clone its own in milliseconds; on the Neon path, also start the WebSocket bridge.
 */
export default async function setup(project: TestProject) {
  const driver = testDriver();
  let bridge: Awaited<ReturnType<typeof startNeonBridge>> | undefined;
  // One template per run, so two runs on the same server never clone each other's half-built template.
  const template = `${TEMPLATE_DB}_${randomBytes(4).toString("hex")}`;
  if (driver !== "pglite") {
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${template}`);
    await admin.end();
    const url = new URL(adminUrl());
    url.pathname = `/${template}`;
    const handle = await connect({ url: url.toString(), driver: "postgres", poolSize: 1 });
    await migrateDb(handle);
    await handle.close();
    project.provide("templateDb", template);
  }
  if (driver === "neon") {
    bridge = await startNeonBridge();
    project.provide("neonProxy", `127.0.0.1:${bridge.port}`);
  }
  return async () => {
    await bridge?.close();
    if (driver !== "pglite") {
      const admin = new Client({ connectionString: adminUrl() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.end();
    }
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    neonProxy: string;
    templateDb: string;
  }
}
