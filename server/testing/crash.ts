/**
 * TEST HELPERS of the crash tests: start the crash child (crash-child.ts) as a real process the test
 * can SIGKILL, and run `npm run ledger:verify` the way an operator would.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";

const repo = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(repo, "node_modules/tsx/dist/cli.mjs");

export type Child = { process: ChildProcess; line: Promise<string>; exited: Promise<number | null> };

/** Start crash-child.ts with `env`; `line` resolves with the first stdout line starting READY or DONE. */
export function startCrashChild(env: Record<string, string>): Child {
  // tsx as a loader in this very process (its CLI would run the script in a grandchild the kill misses).
  const child = spawn(process.execPath, ["--import", "tsx", path.join(repo, "server/testing/crash-child.ts")], {
    cwd: repo,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4_000)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const line = new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^(READY|DONE) .*$/m.exec(out);
      if (m) resolve(m[0]);
    });
    void exited.then((code) => reject(new Error(`crash child exited (${code}) before it was ready: ${stderr}`)));
  });
  line.catch(() => undefined);
  return { process: child, line, exited };
}

/** `npm run ledger:verify` against `databaseUrl`: its exit code and output. */
export function ledgerVerify(databaseUrl: string): { code: number | null; output: string } {
  const r = spawnSync(process.execPath, [tsx, path.join(repo, "scripts/ledger-verify.ts")], {
    cwd: repo,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}
