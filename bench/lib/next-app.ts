import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const NEXT_BIN = path.join(process.cwd(), "node_modules", ".bin", "next");
/** Only the webhook routes: the benchmark must not depend on pages other engineers are mid-way through. */
const BUILD_PATHS = "app/api/webhooks/**";

/** `next build` of the webhook routes. Returns the error text when the app does not build. */
export async function buildApp(): Promise<string | null> {
  // CLEARBOOK_BENCH_BUILD=1 adds the `.bench.ts` extension (next.config.ts): only this build has the minimal route.
  const { code, output } = await run([NEXT_BIN, "build", "--debug-build-paths", BUILD_PATHS], {
    CLEARBOOK_BENCH_BUILD: "1",
  });
  return code === 0
    ? null
    : output
        .split("\n")
        .filter((l) => /error|Error|fail/i.test(l))
        .slice(0, 12)
        .join("\n") || `next build exited ${code}`;
}

export const hasBuild = () => fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"));

/** `next start` on `port` with `env` in a process group of its own, ready once the minimal route answers. Stop kills the group. */
export async function startApp(
  port: number,
  env: Record<string, string>,
): Promise<{ base: string; stop: () => Promise<void>; processGroup: number | null }> {
  // BENCH_CPU_PROF=<dir>: the app runs under `node --cpu-prof` and writes its profile there when it stops.
  const prof = process.env.BENCH_CPU_PROF;
  const cmd = prof
    ? [
        process.execPath,
        "--cpu-prof",
        "--cpu-prof-dir",
        prof,
        path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next"),
      ]
    : [NEXT_BIN];
  const child = spawn(cmd[0]!, [...cmd.slice(1), "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, ...env, NODE_ENV: "production" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const stop = () => stopGroup(child);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited ${child.exitCode}:\n${log.slice(-2000)}`);
    const status = await fetch(`${base}/api/webhooks/stripe-minimal`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 400) return { base, stop, processGroup: child.pid ?? null };
    if (status === 404) {
      await stop();
      throw new Error(
        "the minimal route answered 404: was the app built by the benchmark (CLEARBOOK_BENCH_BUILD=1)? Run without --no-build",
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`next start did not answer within 60 s:\n${log.slice(-2000)}`);
}

async function stopGroup(child: ChildProcess) {
  if (child.exitCode !== null || !child.pid) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

function run(cmd: string[], env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => resolve({ code: code ?? 1, output }));
  });
}
