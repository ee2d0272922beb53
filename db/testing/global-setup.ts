import type { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { Client } from "pg";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { connect } from "../client";
import { migrateDb } from "../migrate";
import { startNeonBridge } from "./neon-bridge";
import { TEMPLATE_DB, adminUrl, testDriver } from "./config";

/**
 * Once per run, a migrated template every test file starts from, so no file re-runs the
 * migrations: on PostgreSQL a template database each file clones in milliseconds; on the embedded
 * default (PGlite) a dumped data directory each file loads. On the Neon path, also the WebSocket bridge.
 */
export default async function setup(project: TestProject) {
  const driver = testDriver();
  if (driver === "pglite") {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "clearbook-pglite-"));
    const file = path.join(dir, "template.tar");
    const handle = await connect({ driver: "pglite" });
    await migrateDb(handle);
    // drizzle keeps the driver's client as $client: here a PGlite, which can dump its data directory.
    const client = (handle.db as unknown as { $client: PGlite }).$client;
    const dump = await client.dumpDataDir("none");
    await fs.writeFile(file, Buffer.from(await dump.arrayBuffer()));
    await handle.close();
    project.provide("pgliteTemplate", file);
    return async () => {
      await fs.rm(dir, { recursive: true, force: true });
    };
  }
  let bridge: Awaited<ReturnType<typeof startNeonBridge>> | undefined;
  // One template per run, so two runs on the same server never clone each other's half-built template.
  const template = `${TEMPLATE_DB}_${randomBytes(4).toString("hex")}`;
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
  if (driver === "neon") {
    bridge = await startNeonBridge();
    project.provide("neonProxy", `127.0.0.1:${bridge.port}`);
  }
  return async () => {
    await bridge?.close();
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    neonProxy: string;
    templateDb: string;
    pgliteTemplate: string;
  }
}
