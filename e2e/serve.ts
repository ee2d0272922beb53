/**
 * Playwright's web server: a FRESH embedded database seeded through the demo seeder, then the app.
 *
 *   E2E_SERVER=build (default) → `next build` + `next start` in a private copy of the working tree,
 *     so neither other builds sharing `.next` nor file edits (dev hot reload) disturb the run.
 *   E2E_SERVER=dev             → `next dev` in the repository (slower per page, no build step).
 *
 * After seeding, the closed database folder is copied to `<run>/snapshot` so tests can query the
 * same data from their own process (PGlite is single-process) to compute expected figures.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { connect } from "@/db/client";
import { startDemoQbo } from "@/db/seed/qbo";
import { startStripeDouble } from "@/server/integrations/stripe/double/double";
import { E2E_STRIPE_WEBHOOK_SECRET, e2ePaths } from "./paths";

const repo = path.resolve(import.meta.dirname, "..");
const { runDir, dataDir, snapshotDir, buildDir, port } = e2ePaths();
const mode = process.env.E2E_SERVER === "dev" ? "dev" : "build";
const log = (msg: string) => console.log(`[e2e:serve] ${msg}`);
const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;

fs.rmSync(runDir, { recursive: true, force: true });
fs.mkdirSync(runDir, { recursive: true });
// The embedded database, whatever the caller's shell points at; next sets NODE_ENV itself.
// One token key for the seeder (which seals Northwind's QuickBooks tokens), this process (which
// reconnects Northwind to the double) and the app (which unseals them to post writebacks).
const TOKEN_KEY = "e2e0".repeat(16);
process.env.TOKEN_ENCRYPTION_KEY = TOKEN_KEY;
const vars: Record<string, string | undefined> = {
  ...process.env,
  CLEARBOOK_DATA_DIR: dataDir,
  TOKEN_ENCRYPTION_KEY: TOKEN_KEY,
};
delete vars.DATABASE_URL;
delete vars.NODE_ENV;
const env = vars as unknown as NodeJS.ProcessEnv;

log(`seeding a fresh embedded database in ${dataDir}`);
run(process.execPath, [path.join(repo, "node_modules/tsx/dist/cli.mjs"), "scripts/demo.ts", "--seed-only"], repo, env);
fs.cpSync(dataDir, snapshotDir, { recursive: true });
log(`seeded and snapshotted (${secs()})`);

let cwd = repo;
if (mode === "build") {
  syncWorkingTree(buildDir);
  log(`building in ${buildDir}`);
  run(process.execPath, [path.join(buildDir, "node_modules/next/dist/bin/next"), "build"], buildDir, {
    ...env,
    NEXT_TELEMETRY_DISABLED: "1",
  });
  log(`built (${secs()})`);
  cwd = buildDir;
}

async function serve() {
  // A Stripe TEST DOUBLE beside the app (transfers, payouts): its address goes to the app and to the tests.
  const stripeDouble = await startStripeDouble();
  fs.writeFileSync(path.join(runDir, "stripe-double.json"), JSON.stringify({ url: stripeDouble.url }));
  // A QuickBooks Online TEST DOUBLE too, holding Northwind's invoices, with Northwind reconnected to
  // it (as `npm run demo` does), so the app's writebacks and the sync log run against it.
  const handle = await connect({ driver: "pglite", dataDir });
  const qbo = await startDemoQbo(handle.db, 0);
  await handle.close();
  log(`QuickBooks double on ${qbo.double.url} (${secs()})`);
  const serverEnv: NodeJS.ProcessEnv = {
    ...env,
    STRIPE_SECRET_KEY: "sk_test_e2e_double",
    STRIPE_API_BASE: stripeDouble.url,
    STRIPE_WEBHOOK_SECRET: E2E_STRIPE_WEBHOOK_SECRET,
    ...qbo.env,
    PORT: String(port),
    AUTH_SECRET: "e2e-only-secret-not-for-anything-else",
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    // The webhooks journey's receiver listens on 127.0.0.1.
    WEBHOOKS_ALLOW_LOOPBACK: "true",
    // Seals webhook signing secrets and QuickBooks tokens (production mode requires a key).
    TOKEN_ENCRYPTION_KEY: TOKEN_KEY,
  };
  const child = spawn(
    process.execPath,
    [path.join(cwd, "node_modules/next/dist/bin/next"), mode === "dev" ? "dev" : "start", "--port", String(port)],
    { cwd, env: serverEnv, stdio: "inherit" },
  );
  log(`starting next ${mode} on port ${port} (${secs()})`);
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on(
    "exit",
    (code) => void Promise.allSettled([stripeDouble.close(), qbo.close()]).finally(() => process.exit(code ?? 0)),
  );
}

serve().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

function run(cmd: string, args: string[], dir: string, runEnv: NodeJS.ProcessEnv) {
  const r = spawnSync(cmd, args, { cwd: dir, env: runEnv, stdio: "inherit" });
  if (r.status !== 0)
    throw new Error(`${path.basename(args[0] ?? cmd)} ${args.slice(1).join(" ")} failed with exit code ${r.status}`);
}

/** Mirror the working tree's files (tracked and untracked, not ignored) into `dir`; node_modules as hard links. */
function syncWorkingTree(dir: string) {
  fs.mkdirSync(dir, { recursive: true });
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repo })
    .toString("utf8")
    .split("\0")
    .filter(Boolean);
  const wanted = new Set(listed.filter((f) => fs.existsSync(path.join(repo, f))));
  // Remove files that left the tree since the last run (keep .next/cache for faster rebuilds).
  for (const f of walk(dir)) if (!wanted.has(f)) fs.rmSync(path.join(dir, f), { force: true });
  for (const f of wanted) {
    const from = path.join(repo, f);
    const to = path.join(dir, f);
    const src = fs.statSync(from);
    const dst = fs.existsSync(to) ? fs.statSync(to) : null;
    if (dst && dst.size === src.size && dst.mtimeMs >= src.mtimeMs) continue;
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
  const modules = path.join(dir, "node_modules");
  if (!fs.existsSync(path.join(modules, ".package-lock.json")) || stale(modules)) {
    fs.rmSync(modules, { recursive: true, force: true });
    execFileSync("cp", ["-al", path.join(repo, "node_modules"), modules]);
  }
  // Type checking is CI's job (npm run typecheck); the journeys should not fail on a colleague's
  // half-written file elsewhere in the tree, so the private copy builds without it.
  fs.renameSync(path.join(dir, "next.config.ts"), path.join(dir, "next.config.base.ts"));
  fs.writeFileSync(
    path.join(dir, "next.config.ts"),
    'import base from "./next.config.base";\nexport default { ...base, typescript: { ...base.typescript, ignoreBuildErrors: true } };\n',
  );
  log(`working tree mirrored (${wanted.size} files)`);
}

function stale(modules: string) {
  return (
    fs.statSync(path.join(repo, "node_modules/.package-lock.json")).mtimeMs >
    fs.statSync(path.join(modules, ".package-lock.json")).mtimeMs
  );
}

function* walk(dir: string, prefix = ""): Generator<string> {
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (!prefix && (e.name === "node_modules" || e.name === ".next")) continue;
    if (e.isDirectory()) yield* walk(dir, rel);
    else yield rel;
  }
}
