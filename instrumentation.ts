/**
 * Next calls `register()` once when a server instance starts. In the Node runtime this starts
 * the in-process job runner when no Inngest server is configured (server/jobs/mode.ts decides;
 * `startInProcessJobs` guards against starting twice). The Edge runtime runs no jobs, and the
 * Node-only code is imported only under the Node runtime so the Edge bundle never sees it.
 */
export async function register() {
  // NEXT_RUNTIME is set by Next itself (not configuration): it is how Next tells the runtimes apart.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // TRACE would otherwise be a 500 HTML page: Next.js cannot build a Request for it.
    const { answerUnfetchableMethods } = await import("./server/api/unfetchable-methods");
    answerUnfetchableMethods();
    const { startJobsWithServer } = await import("./server/jobs/server-start");
    startJobsWithServer();
  }
}
