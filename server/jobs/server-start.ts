import { appDb } from "./app-db";
import { startInProcessJobs, stopInProcessJobs } from "./start";

/**
 * Called from instrumentation.ts in the Node runtime: start the in-process runner if this server
 * runs jobs, and let running jobs finish on shutdown (exiting afterwards, as Node would have,
 * when nobody else handles the signal).
 */
export function startJobsWithServer(): void {
  const runner = startInProcessJobs({ db: appDb });
  if (!runner) return;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(
      signal,
      () => void stopInProcessJobs(10_000).finally(() => process.listenerCount(signal) === 0 && process.exit(0)),
    );
  }
}
