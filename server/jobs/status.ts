import type { Db } from "@/db/client";
import { jobsBacklog } from "@/server/services/queries/jobs-backlog";
import { jobsMode } from "./mode";
import { recentRuns } from "./runs";
import { JOB_IDS, JOB_LABELS, SCHEDULES } from "./schedules";
import { activeJobRunner } from "./start";

/** What the back-office jobs panel shows: who runs jobs, each job's schedule and last runs, and the work waiting. */
export async function jobsStatus(db: Db) {
  const mode = jobsMode();
  const runner = activeJobRunner()?.status() ?? null;
  return {
    mode,
    runner: runner ? { running: runner.running, startedAt: runner.startedAt } : null,
    jobs: JOB_IDS.map((id) => {
      const r = runner?.jobs.find((j) => j.id === id);
      return {
        id,
        label: JOB_LABELS[id],
        schedule: SCHEDULES[id],
        nextRunAt: r?.nextRunAt ?? null,
        isRunning: r?.isRunning ?? false,
        recentRuns: recentRuns(id).slice(0, 5),
      };
    }),
    backlog: await jobsBacklog(db),
  };
}
