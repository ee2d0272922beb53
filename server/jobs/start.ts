import { env } from "@/server/env";
import type { JobDeps } from "./deps";
import { jobsMode } from "./mode";
import { type JobRunner, createJobRunner } from "./runner";

const KEY = Symbol.for("clearbook.jobs.runner");
const holder = globalThis as unknown as Record<symbol, JobRunner | undefined>;

/**
 * Start the in-process runner, once per process (dev reloads and a second `register()` find the
 * first one), if the jobs mode says this process runs jobs in process — or when `force`d by a
 * script or test. Never during `next build`.
 */
export function startInProcessJobs(deps: JobDeps, opts: { force?: boolean; pollMs?: number } = {}): JobRunner | null {
  if (holder[KEY]) return holder[KEY];
  if (!opts.force) {
    if (env().NEXT_PHASE === "phase-production-build") return null;
    if (jobsMode().kind !== "in-process") return null;
  }
  const runner = createJobRunner({
    deps,
    pollMs: opts.pollMs,
    onError: (job, err) => console.error(`[jobs] ${job} failed:`, err instanceof Error ? err.message : err),
  });
  runner.start();
  holder[KEY] = runner;
  return runner;
}

/** The runner this process started, if any. */
export const activeJobRunner = (): JobRunner | null => holder[KEY] ?? null;

/** Stop the runner (letting running jobs finish) and forget it. */
export async function stopInProcessJobs(timeoutMs?: number): Promise<void> {
  const runner = holder[KEY];
  holder[KEY] = undefined;
  await runner?.stop(timeoutMs);
}
