import type { JobId } from "./schedules";

/**
 * The last runs of each job in this process, for the back-office jobs panel. In memory on
 * purpose: it is a window on what this server did lately, not a record (what the jobs changed is
 * in the audit log and the writeback, drift and webhook tables).
 */
export type JobRun = {
  job: JobId;
  executor: "in-process" | "inngest" | "manual";
  startedAt: Date;
  finishedAt: Date | null;
  ok: boolean | null;
  summary?: Record<string, unknown>;
  error?: string;
};

const KEEP = 10;
const store = globalThis as unknown as { clearbookJobRuns?: Map<JobId, JobRun[]> };
const runs = () => (store.clearbookJobRuns ??= new Map());

/** Run `fn` and remember how it went (errors are remembered, then rethrown). */
export async function trackRun<T>(job: JobId, executor: JobRun["executor"], fn: () => Promise<T>): Promise<T> {
  const run: JobRun = { job, executor, startedAt: new Date(), finishedAt: null, ok: null };
  const list = runs().get(job) ?? [];
  list.unshift(run);
  runs().set(job, list.slice(0, KEEP));
  try {
    const result = await fn();
    run.ok = true;
    if (result && typeof result === "object")
      run.summary = JSON.parse(JSON.stringify(result, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
    return result;
  } catch (err) {
    run.ok = false;
    run.error = err instanceof Error ? err.message : String(err);
    throw err;
  } finally {
    run.finishedAt = new Date();
    // A run this long holds up its own next run (and, on the embedded database's single connection,
    // everyone's queries): said in the server log, where it outlives the in-memory history.
    const ms = run.finishedAt.getTime() - run.startedAt.getTime();
    if (ms >= SLOW_RUN_MS)
      console.warn(`[jobs] ${job} (${executor}) ran for ${(ms / 1000).toFixed(0)} s${run.ok ? "" : `: ${run.error}`}`);
  }
}

/** A job run at least this long is logged (every job is scheduled at most once a minute). */
const SLOW_RUN_MS = 30_000;

/** Recent runs of one job, newest first. */
export const recentRuns = (job: JobId): JobRun[] => [...(runs().get(job) ?? [])];

/** Forget everything (tests). */
export const clearRuns = () => runs().clear();
