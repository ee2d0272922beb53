/**
 * Group commit for a hot write path: jobs that arrive while earlier batches are still at the
 * database are queued and then written together, one statement for the whole batch, instead of
 * one round trip, one statement and one commit each. Nothing waits on a timer: with a free slot a
 * job starts at once (a batch of one), so a quiet server answers as fast as before; only under
 * load do batches grow, which is when the per-statement cost is worth sharing.
 *
 * Jobs that share a key (the same placement, the same event…) never go into the same batch: they
 * would race each other inside one statement. The later one waits for the next batch.
 */
export type MicroBatchOptions<J, R> = {
  /** Write a batch; one result per job, in order. A throw fails every job of the batch with that error. */
  run: (jobs: J[]) => Promise<R[]>;
  /** Conflict keys of a job: no two jobs of a batch share one. Null/undefined/empty keys are ignored. */
  keys: (job: J) => Array<string | null | undefined>;
  /** Largest batch. */
  maxBatch: number;
  /** Batches at the database at once (each holds one connection). */
  maxInFlight: number;
};

type Waiting<J, R> = { job: J; resolve: (r: R) => void; reject: (e: unknown) => void };

export class MicroBatcher<J, R> {
  private queue: Array<Waiting<J, R>> = [];
  private inFlight = 0;
  /** What has happened so far (tests, benchmarks). */
  readonly stats = { batches: 0, jobs: 0, largest: 0 };

  constructor(private readonly opts: MicroBatchOptions<J, R>) {
    if (opts.maxBatch < 1 || opts.maxInFlight < 1)
      throw new Error("MicroBatcher needs maxBatch ≥ 1 and maxInFlight ≥ 1");
  }

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.inFlight < this.opts.maxInFlight && this.queue.length) {
      const batch = this.take();
      this.inFlight++;
      void this.runBatch(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** The oldest jobs that fit one batch (no shared key, at most maxBatch); the rest keep their order in the queue. */
  private take(): Array<Waiting<J, R>> {
    const taken: Array<Waiting<J, R>> = [];
    const rest: Array<Waiting<J, R>> = [];
    const used = new Set<string>();
    for (const w of this.queue) {
      const keys = this.opts.keys(w.job).filter((k): k is string => Boolean(k));
      if (taken.length < this.opts.maxBatch && !keys.some((k) => used.has(k))) {
        taken.push(w);
        for (const k of keys) used.add(k);
      } else {
        rest.push(w);
      }
    }
    this.queue = rest;
    return taken;
  }

  private async runBatch(batch: Array<Waiting<J, R>>) {
    this.stats.batches++;
    this.stats.jobs += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    try {
      const results = await this.opts.run(batch.map((w) => w.job));
      if (results.length !== batch.length)
        throw new Error(`batch of ${batch.length} answered ${results.length} results`);
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}
