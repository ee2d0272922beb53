import os from "node:os";
import path from "node:path";

/** The webhook signing secret the e2e app verifies Stripe events with (tests sign with it too). */
export const E2E_STRIPE_WEBHOOK_SECRET = "whsec_e2e_only_0123456789abcdef";

/** Where one e2e run keeps its database, the tests' snapshot of it, and the private build. */
export function e2ePaths() {
  const root = process.env.E2E_DIR ?? path.join(os.tmpdir(), "clearbook-e2e");
  const runDir = path.join(root, "run");
  return {
    root,
    runDir,
    dataDir: path.join(runDir, "pglite"),
    snapshotDir: path.join(runDir, "snapshot"),
    buildDir: path.join(root, "build"),
    port: Number(process.env.E2E_PORT ?? 3217),
  };
}
