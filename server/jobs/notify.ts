import { inngest } from "@/inngest/client";
import { jobRunRequested, qboWebhookReceived, qboWritebackRequested } from "@/inngest/events";
import { jobsMode } from "./mode";
import type { JobId } from "./schedules";
import { activeJobRunner } from "./start";

export type JobRequest = { job: JobId; requestedBy: string; realmIds?: string[]; creditorId?: string };

/**
 * Ask for a job to run soon, whoever runs jobs: an Inngest event, or a nudge to the in-process
 * runner. Best effort by design — every job also runs on its schedule, and the work itself sits
 * in the database (outbox, mappings, stored webhooks), so a lost request only delays it.
 */
export async function requestJob(
  req: JobRequest,
  opts: { timeoutMs?: number } = {},
): Promise<"sent" | "nudged" | "scheduled-only"> {
  const mode = jobsMode();
  if (mode.kind === "in-process") {
    const runner = activeJobRunner();
    runner?.nudge(req.job);
    return runner ? "nudged" : "scheduled-only";
  }
  if (mode.kind !== "inngest") return "scheduled-only";
  const event =
    req.job === "qboWebhooks" && req.realmIds?.length
      ? qboWebhookReceived.create({ realmIds: req.realmIds })
      : req.job === "qboWritebacks" && req.creditorId
        ? qboWritebackRequested.create({ creditorId: req.creditorId })
        : jobRunRequested.create({ job: req.job, requestedBy: req.requestedBy });
  try {
    await Promise.race([
      inngest.send(event),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), opts.timeoutMs ?? 1_500).unref?.()),
    ]);
    return "sent";
  } catch (err) {
    console.warn(
      `[jobs] could not send ${event.name} to Inngest (${err instanceof Error ? err.message : String(err)}); the schedule will pick the work up`,
    );
    return "scheduled-only";
  }
}

/**
 * Placements were placed: payments that arrived before them wait as unmatched items, so the
 * matching upkeep (which looks at them again) runs soon rather than at its next minute.
 */
export function placementsPlaced(requestedBy: string): void {
  void requestJob({ job: "paymentMatching", requestedBy });
}
