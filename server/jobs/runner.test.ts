import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { clearRuns, recentRuns } from "./runs";
import { createJobRunner } from "./runner";
import { JOB_IDS, type JobId } from "./schedules";

const deps = { db: async () => ({}) as Db };

/** Job bodies that only count their runs (the real bodies are tested with their services). */
function countingJobs(delayMs = 0) {
  const calls: Record<string, number> = {};
  const jobs = Object.fromEntries(
    JOB_IDS.map((id) => [
      id,
      async () => {
        calls[id] = (calls[id] ?? 0) + 1;
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        return { id };
      },
    ]),
  ) as unknown as Record<JobId, () => Promise<Record<string, unknown>>>;
  return { calls, jobs };
}

describe("in-process job runner", () => {
  afterEach(() => clearRuns());

  it("runs each job in the minutes its shared schedule names, never twice for one minute", async () => {
    const { calls, jobs } = countingJobs();
    const runner = createJobRunner({
      deps,
      jobs,
      schedules: { qboDrift: "TZ=UTC 17 * * * *", qboCdc: "TZ=UTC 40 2 * * *" },
    });
    await runner.runDue(new Date("2026-11-22T05:16:30Z"));
    await runner.runDue(new Date("2026-11-22T05:16:50Z"));
    await runner.runDue(new Date("2026-11-22T05:17:10Z"));
    await runner.runDue(new Date("2026-11-22T05:17:40Z"));
    expect(calls).toEqual({
      qboWritebacks: 2,
      qboWebhooks: 2,
      qboDrift: 1,
      stripeTransfers: 2,
      stripePayouts: 2,
      qboJournalEntries: 2,
      statementMail: 2,
      exports: 2,
      webhookDeliveries: 2,
      paymentMatching: 2,
    });
    expect(recentRuns("qboDrift")[0]).toMatchObject({ executor: "in-process", ok: true, summary: { id: "qboDrift" } });
  });

  it("runs a nudged job at the next check, and never overlaps a job with itself", async () => {
    const { calls, jobs } = countingJobs(50);
    const runner = createJobRunner({
      deps,
      jobs,
      schedules: Object.fromEntries(JOB_IDS.map((id) => [id, "0 0 1 1 *"])),
    });
    runner.nudge("qboWebhooks");
    const first = runner.runDue(new Date("2026-11-22T05:00:00Z"));
    runner.nudge("qboWebhooks");
    await Promise.all([first, runner.runNow("qboWebhooks")]);
    expect(calls).toEqual({ qboWebhooks: 1 });
    await runner.runDue(new Date("2026-11-22T05:00:05Z"));
    expect(calls).toEqual({ qboWebhooks: 2 });
  });

  it("records a failing job and keeps going", async () => {
    const errors: string[] = [];
    const runner = createJobRunner({
      deps,
      jobs: {
        qboDrift: async () => {
          throw new Error("QuickBooks is down");
        },
      },
      onError: (job, err) => errors.push(`${job}: ${(err as Error).message}`),
    });
    await runner.runNow("qboDrift");
    expect(errors).toEqual(["qboDrift: QuickBooks is down"]);
    expect(recentRuns("qboDrift")[0]).toMatchObject({ ok: false, error: "QuickBooks is down" });
  });

  it("starts on its own timer and stops cleanly, letting a running job finish", async () => {
    let finished = 0;
    const runner = createJobRunner({
      deps,
      pollMs: 20,
      jobs: {
        qboWritebacks: async () => {
          await new Promise((r) => setTimeout(r, 80));
          finished++;
          return {};
        },
      },
    });
    runner.start();
    runner.nudge("qboWritebacks");
    await new Promise((r) => setTimeout(r, 120));
    expect(runner.status()).toMatchObject({
      running: true,
      jobs: expect.arrayContaining([expect.objectContaining({ id: "qboWritebacks", schedule: "TZ=UTC * * * * *" })]),
    });
    runner.nudge("qboWritebacks");
    await new Promise((r) => setTimeout(r, 40));
    await runner.stop();
    const after = finished;
    expect(after).toBeGreaterThanOrEqual(1);
    expect(runner.status().running).toBe(false);
    await new Promise((r) => setTimeout(r, 150));
    expect(finished).toBe(after);
  });
});
