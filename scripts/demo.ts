import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openConfiguredDb } from "@/db/open";
import { queryRows } from "@/db/rows";
import { seedDemo } from "@/db/seed/demo";
import { seedDemoAccess, type DemoAccess } from "@/db/seed/access";
import { seedDemoBanking } from "@/db/seed/bank";
import { seedDemoDisbursements } from "@/db/seed/disbursements";
import { seedDemoExports } from "@/db/seed/exports";
import { seedDemoWorkbench } from "@/db/seed/workbench";
import { startDemoQbo } from "@/db/seed/qbo";
import { deliverDemoStripeEvents, planDemoStripeEvents, type DemoStripeEvent } from "@/db/seed/stripe-events";

/**
 * `npm run demo`: migrate the embedded database, seed the demo book once (through the same
 * services the app uses), then serve a PRODUCTION build of the app and print where to sign in.
 * The build is made once and reused while the sources are unchanged (a hash of the source tree is
 * kept beside it in .next/); it runs while the book is being seeded.
 *   --dev       serve with `next dev` instead (hot reload; each page compiles on its first visit)
 *   --fresh     wipe the embedded data folder first
 *   --seed-only seed and exit without building or starting the app (CI uses it)
 */
const repo = path.resolve(import.meta.dirname, "..");
const t0 = Date.now();
const secs = (from = t0) => `${((Date.now() - from) / 1000).toFixed(0)} s`;

async function main() {
  const args = new Set(process.argv.slice(2));
  const seedOnly = args.has("--seed-only");
  const dev = args.has("--dev");
  const dataDir = path.resolve(process.env.CLEARBOOK_DATA_DIR ?? ".data/pglite");
  const dataRoot = path.dirname(dataDir);
  fs.mkdirSync(dataRoot, { recursive: true });
  // The demo's own secrets, kept beside its data: the app runs in production mode, which requires a
  // token key (QuickBooks tokens are sealed with it, by this process and by the app alike), and the
  // Stripe events the demo replays are signed with its own webhook secret.
  process.env.TOKEN_ENCRYPTION_KEY ??= keptSecret(dataRoot, "token-key", () => randomBytes(32).toString("hex"));
  const webhookSecret = keptSecret(
    dataRoot,
    "stripe-webhook-secret",
    () => `whsec_demo_${randomBytes(24).toString("hex")}`,
  );
  const authSecret = keptSecret(dataRoot, "auth-secret", () => randomBytes(32).toString("base64url"));

  if ((args.has("--fresh") || process.env.CLEARBOOK_FRESH === "1") && !process.env.DATABASE_URL) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    for (const f of ["demo-access.json", "stripe-events-delivered"]) fs.rmSync(path.join(dataRoot, f), { force: true });
    console.log("Starting fresh: embedded data removed.");
  }
  const accessFile = path.join(dataRoot, "demo-access.json");
  const deliveredFile = path.join(dataRoot, "stripe-events-delivered");

  // The production build runs beside the seeding (it needs no database).
  const build = seedOnly || dev ? null : ensureProductionBuild();

  const handle = await openConfiguredDb({ migrate: true });
  const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from creditors`);
  let access: DemoAccess | undefined = fs.existsSync(accessFile)
    ? JSON.parse(fs.readFileSync(accessFile, "utf8"))
    : undefined;
  if (n === 0) {
    const started = Date.now();
    console.log("Seeding the demo book (creditors, placements, payments, plans, reversals, payouts)…");
    const summary = await seedDemo(handle.db);
    access = await seedDemoAccess(handle.db, summary);
    const paidOut = await seedDemoDisbursements(handle.db);
    await seedDemoBanking(handle.db);
    await seedDemoExports(handle.db, summary);
    await seedDemoWorkbench(handle.db);
    fs.writeFileSync(accessFile, JSON.stringify(access, null, 2));
    fs.rmSync(deliveredFile, { force: true });
    console.log(
      `Seeded ${summary.creditors.length} creditors, ${summary.placements} placements, ${summary.payments} payments, ${summary.reversals} reversals, ${summary.statements} statements, ${paidOut.disbursements} disbursements in ${secs(started)}.`,
    );
  } else {
    console.log(`Using the existing demo data (${n} creditors). Pass --fresh to start over.`);
  }
  // QuickBooks: Northwind connected to the local test double, which runs in this process beside the app.
  const qbo = await startDemoQbo(handle.db);
  if (qbo.movedFrom !== null)
    console.log(
      `Note: port ${qbo.movedFrom} is taken, so the QuickBooks TEST DOUBLE listens on ${qbo.double.url} instead (the app is told).`,
    );
  // Stripe events are delivered once per demo book, after the app is up (the events name seeded placements).
  const stripeEvents: DemoStripeEvent[] = fs.existsSync(deliveredFile) ? [] : await planDemoStripeEvents(handle.db);
  await handle.close();
  if (seedOnly) return void (await qbo.close());

  if (build) {
    const b = await build;
    console.log(
      b.reused
        ? "Production build: reusing the one in .next (the sources have not changed since it was built)."
        : `Production build: done in ${b.seconds} s (reused on later starts while the sources are unchanged).`,
    );
  }
  const port = String(process.env.PORT ?? 3000);
  const url = `http://localhost:${port}`;
  const childVars: Record<string, string | undefined> = {
    ...process.env,
    ...qbo.env,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: port,
    AUTH_SECRET: process.env.AUTH_SECRET ?? authSecret,
    AUTH_TRUST_HOST: "true",
    STRIPE_WEBHOOK_SECRET: webhookSecret,
  };
  delete childVars.NODE_ENV; // next sets it: production for start, development for dev
  const childEnv = childVars as NodeJS.ProcessEnv;
  const child = spawn(process.execPath, [nextBin(), dev ? "dev" : "start", "--port", port], {
    cwd: repo,
    stdio: ["ignore", "inherit", "inherit"],
    env: childEnv,
  });
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code) => void qbo.close().finally(() => process.exit(code ?? 0)));

  await firstPage(`${url}/sign-in`);
  console.log(
    `\n  First page served ${secs()} after \`npm run demo\` started (${dev ? "next dev" : "production build"}).`,
  );
  printAccess(url, access);
  qbo.startWebhookPump(url);
  console.log(`  QuickBooks TEST DOUBLE (not QuickBooks) for Northwind: ${qbo.double.url}`);
  if (stripeEvents.length) {
    const outcomes = await deliverDemoStripeEvents(url, webhookSecret, stripeEvents);
    fs.writeFileSync(deliveredFile, JSON.stringify(outcomes, null, 2));
    console.log(
      `  Stripe: ${outcomes.length} signed events delivered to /api/webhooks/stripe (${outcomes.map((o) => `${o.type} ${o.status}`).join(", ")}).`,
    );
  }
  console.log("");
}

/** A secret kept in the demo's data folder (created on first use), unless the environment names one. */
function keptSecret(dataRoot: string, name: string, make: () => string) {
  const file = path.join(dataRoot, name);
  if (!fs.existsSync(file)) fs.writeFileSync(file, make(), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

function nextBin() {
  return path.join(repo, "node_modules/next/dist/bin/next");
}

const BUILD_DIR = path.join(repo, ".next");
const HASH_FILE = path.join(BUILD_DIR, "clearbook-source-hash");

/** Files that do not go into the app: changing them does not call for a new build. */
const NOT_IN_BUILD =
  /(^|\/)(e2e|bench|\.ci|scripts|db\/seed|db\/testing)\/|\.test\.tsx?$|\.md$|^\.(prettier|gitignore|dependency-cruiser)/;

/** A digest of every source file (tracked or new, not ignored) that the build reads, and the lockfile. */
function sourceHash(): string | null {
  const ls = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repo });
  if (ls.status !== 0) return null; // not a git checkout: always build
  const h = createHash("sha256");
  const files = ls.stdout
    .toString("utf8")
    .split("\0")
    .filter((f) => f && !NOT_IN_BUILD.test(f))
    .sort();
  for (const f of files) {
    const full = path.join(repo, f);
    if (!fs.existsSync(full)) continue;
    h.update(`${f}\0`);
    h.update(fs.readFileSync(full));
  }
  return h.digest("hex");
}

/** Build once; reuse the build while the sources hash the same. Build output goes to .next/demo-build.log. */
async function ensureProductionBuild(): Promise<{ reused: boolean; seconds: number }> {
  const hash = sourceHash();
  const built = fs.existsSync(path.join(BUILD_DIR, "BUILD_ID")) && fs.existsSync(HASH_FILE);
  if (hash && built && fs.readFileSync(HASH_FILE, "utf8") === hash) return { reused: true, seconds: 0 };
  console.log("Building the app for production (once; reused while the sources are unchanged)…");
  const started = Date.now();
  const logFile = path.join(repo, ".data", "demo-build.log");
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, "w");
  // The type check is CI's job (npm run typecheck); the demo's build skips it to serve sooner.
  const buildVars: Record<string, string | undefined> = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    CLEARBOOK_DEMO_BUILD: "1",
  };
  delete buildVars.NODE_ENV;
  const buildEnv = buildVars as NodeJS.ProcessEnv;
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [nextBin(), "build"], {
      cwd: repo,
      env: buildEnv,
      stdio: ["ignore", log, log],
    });
    child.on("exit", (c) => resolve(c ?? 1));
  });
  fs.closeSync(log);
  if (code !== 0) {
    console.error(fs.readFileSync(logFile, "utf8").split("\n").slice(-40).join("\n"));
    throw new Error(
      `next build failed (exit code ${code}); the whole log is in ${logFile}. \`npm run demo -- --dev\` serves without a build.`,
    );
  }
  if (hash) fs.writeFileSync(HASH_FILE, hash);
  return { reused: false, seconds: Math.round((Date.now() - started) / 1000) };
}

/** Ask for the sign-in page until it answers (that first answer also warms the server). */
async function firstPage(url: string) {
  for (;;) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
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
