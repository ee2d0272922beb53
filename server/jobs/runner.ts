import { nextCronTime, parseCron } from "./cron";
import { JOB_BODIES } from "./definitions";
import type { JobDeps } from "./deps";
import { recentRuns, trackRun } from "./runs";
import { JOB_IDS, type JobId, SCHEDULES } from "./schedules";

/**
 * The in-process job runner: what runs the jobs when no Inngest server is configured (the demo,
 * a single-machine install). It reads the same cron strings as the Inngest functions and calls
 * the same job bodies, which drain the same outbox. One loop checks every `pollMs` which jobs are
 * due; a job never overlaps itself; `nudge` runs a job at the next check (e.g. a webhook just
 * arrived); `stop` lets running jobs finish. Several processes may run it: the outbox and mapping
 * claims use SKIP LOCKED leases, so they share the work instead of doubling it.
 */
export type JobRunnerOptions = {
  deps: JobDeps;
  jobs?: Partial<Record<JobId, (deps: JobDeps) => Promise<Record<string, unknown>>>>;
  schedules?: Partial<Record<JobId, string>>;
  pollMs?: number;
  now?: () => Date;
  onError?: (job: JobId, err: unknown) => void;
};

export type JobRunnerStatus = {
  running: boolean;
  startedAt: Date | null;
  jobs: Array<{ id: JobId; schedule: string; nextRunAt: Date | null; isRunning: boolean }>;
};

export function createJobRunner(opts: JobRunnerOptions) {
  const now = opts.now ?? (() => new Date());
  const pollMs = opts.pollMs ?? 5_000;
  const bodies = { ...JOB_BODIES, ...opts.jobs };
  const entries = JOB_IDS.map((id) => {
    const expression = opts.schedules?.[id] ?? SCHEDULES[id];
    return {
      id,
      expression,
      schedule: parseCron(expression),
      nextAt: null as Date | null,
      running: null as Promise<unknown> | null,
      nudged: false,
    };
  });
  let timer: NodeJS.Timeout | null = null;
  let startedAt: Date | null = null;
  let stopping = false;

  function launch(e: (typeof entries)[number]): Promise<unknown> {
    if (e.running) return e.running;
    e.nudged = false;
    e.running = trackRun(e.id, "in-process", () => bodies[e.id](opts.deps))
      .catch((err: unknown) => opts.onError?.(e.id, err))
      .finally(() => {
        e.running = null;
      });
    return e.running;
  }

  /** Launch every job that is due (or nudged) at `at`. Resolves when the launched jobs finish. */
  async function runDue(at: Date = now()): Promise<void> {
    const launched: Array<Promise<unknown>> = [];
    for (const e of entries) {
      e.nextAt ??= nextCronTime(e.schedule, new Date(at.getTime() - 60_000));
      const due = at >= e.nextAt;
      if (due) e.nextAt = nextCronTime(e.schedule, at);
      if ((due || e.nudged) && !e.running && !stopping) launched.push(launch(e));
    }
    await Promise.all(launched);
  }

  function loop() {
    if (stopping) return;
    // Never waits for a long job: the next check may launch other due jobs meanwhile.
    void runDue();
    timer = setTimeout(loop, pollMs);
    timer.unref?.();
  }

  return {
    /** Start checking schedules. Safe to call twice. */
    start() {
      if (timer || stopping) return;
      startedAt = now();
      for (const e of entries) e.nextAt = nextCronTime(e.schedule, startedAt);
      timer = setTimeout(loop, 0);
      timer.unref?.();
    },
    /** Stop scheduling and wait (up to `timeoutMs`) for running jobs to finish. */
    async stop(timeoutMs = 30_000) {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = null;
      const running = entries.map((e) => e.running).filter(Boolean);
      await Promise.race([Promise.all(running), new Promise((r) => setTimeout(r, timeoutMs).unref?.())]);
      startedAt = null;
    },
    /** Run a job at the next check (a webhook arrived, a person pressed Retry). */
    nudge(id: JobId) {
      const e = entries.find((x) => x.id === id);
      if (!e || stopping) return;
      e.nudged = true;
      if (timer) {
        clearTimeout(timer);
        timer = setTimeout(loop, 50);
        timer.unref?.();
      }
    },
    /** Run one job now and wait for it (scripts, tests, the jobs panel's "Run now"). */
    runNow: (id: JobId) => launch(entries.find((x) => x.id === id)!),
    runDue,
    status(): JobRunnerStatus {
      return {
        running: Boolean(timer) && !stopping,
        startedAt,
        jobs: entries.map((e) => ({
          id: e.id,
          schedule: e.expression,
          nextRunAt: e.nextAt,
          isRunning: Boolean(e.running),
        })),
      };
    },
    recentRuns,
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
