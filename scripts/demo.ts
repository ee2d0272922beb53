import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openConfiguredDb } from "@/db/open";
import { queryRows } from "@/db/rows";
import { seedDemo } from "@/db/seed/demo";
import { seedDemoAccess, type DemoAccess } from "@/db/seed/access";
import { seedDemoBanking } from "@/db/seed/bank";
import { seedDemoExports } from "@/db/seed/exports";
import { seedDemoWorkbench } from "@/db/seed/workbench";
import { startDemoQbo } from "@/db/seed/qbo";
import { env } from "@/server/env";

/**
 * `npm run demo`: migrate the embedded database, seed the demo book once (through the same
 * services the app uses), then start the app and print where to sign in.
 *   --fresh     wipe the embedded data folder first
 *   --seed-only seed and exit without starting the app
 */
async function main() {
  const args = new Set(process.argv.slice(2));
  const e = env();
  const dataRoot = path.resolve(path.dirname(e.CLEARBOOK_DATA_DIR));
  if ((args.has("--fresh") || process.env.CLEARBOOK_FRESH === "1") && !e.DATABASE_URL) {
    fs.rmSync(path.resolve(e.CLEARBOOK_DATA_DIR), { recursive: true, force: true });
    fs.rmSync(path.join(dataRoot, "demo-access.json"), { force: true });
    console.log("Starting fresh: embedded data removed.");
  }
  fs.mkdirSync(dataRoot, { recursive: true });
  const accessFile = path.join(dataRoot, "demo-access.json");

  const handle = await openConfiguredDb({ migrate: true });
  const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from creditors`);
  let access: DemoAccess | undefined = fs.existsSync(accessFile)
    ? JSON.parse(fs.readFileSync(accessFile, "utf8"))
    : undefined;
  if (n === 0) {
    const started = Date.now();
    console.log("Seeding the demo book (creditors, placements, payments, plans, reversals)…");
    const summary = await seedDemo(handle.db);
    await seedDemoBanking(handle.db);
    access = await seedDemoAccess(handle.db, summary);
    await seedDemoExports(handle.db, summary);
    await seedDemoWorkbench(handle.db);
    fs.writeFileSync(accessFile, JSON.stringify(access, null, 2));
    console.log(
      `Seeded ${summary.creditors.length} creditors, ${summary.placements} placements, ${summary.payments} payments, ${summary.reversals} reversals in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  } else {
    console.log(`Using the existing demo data (${n} creditors). Pass --fresh to start over.`);
  }
  // QuickBooks: Northwind connected to the local test double, which runs in this process beside the app.
  const qbo = await startDemoQbo(handle.db);
  await handle.close();
  if (args.has("--seed-only")) return void (await qbo.close());

  const secretFile = path.join(dataRoot, "auth-secret");
  if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, randomBytes(32).toString("base64url"));
  const port = String(e.PORT);
  const childEnv = {
    ...process.env,
    ...qbo.env,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: port,
    AUTH_SECRET: process.env.AUTH_SECRET ?? fs.readFileSync(secretFile, "utf8"),
    AUTH_TRUST_HOST: "true",
  };
  const child = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "dev", "--port", port], {
    stdio: ["ignore", "pipe", "inherit"],
    env: childEnv,
  });
  let announced = false;
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (!announced && /Ready|started server|Local:/i.test(chunk.toString())) {
      announced = true;
      printAccess(`http://localhost:${port}`, access);
      qbo.startWebhookPump(`http://localhost:${port}`);
      console.log(`  QuickBooks TEST DOUBLE (not QuickBooks) for Northwind: ${qbo.double.url}\n`);
    }
  });
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code) => void qbo.close().finally(() => process.exit(code ?? 0)));
}

function printAccess(url: string, access?: DemoAccess) {
  console.log(`\n  Clearbook demo is up: ${url}\n`);
  if (!access) return;
  console.log("  Sign in with (password for all: " + access.password + ")");
  for (const u of access.users)
    console.log(`    ${u.role.padEnd(16)} ${u.email}${u.creditor ? `  (${u.creditor})` : ""}`);
  if (access.apiKey) {
    console.log(`\n  Creditor API key for ${access.apiKey.creditor}:\n    ${access.apiKey.key}`);
    console.log(`    curl -H "Authorization: Bearer ${access.apiKey.key}" ${url}/v1/remittances`);
  }
  console.log("");
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
