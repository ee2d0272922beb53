/**
 * Next calls `register()` once when a server instance starts. In the Node runtime this starts
 * the in-process job runner when no Inngest server is configured (server/jobs/mode.ts decides);
 * `startInProcessJobs` guards against starting twice. The Edge runtime runs no jobs.
 */
export async function register() {
  // NEXT_RUNTIME is set by Next itself (not configuration), and is how Next tells the runtimes apart.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ startInProcessJobs, stopInProcessJobs }, { appDb }] = await Promise.all([import("./server/jobs/start"), import("./server/jobs/app-db")]);
  const runner = startInProcessJobs({ db: appDb });
  if (!runner) return;
  // Let running jobs finish on shutdown; if nobody else handles the signal, exit afterwards as Node would have.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => void stopInProcessJobs(10_000).finally(() => process.listenerCount(signal) === 0 && process.exit(0)));
  }
}
