import { describe, expect, it } from "vitest";
import { MicroBatcher } from "./micro-batch";

type Job = { id: number; key?: string };

/** A batcher whose batches wait until the test releases them; records every batch it ran. */
function harness(opts: { maxBatch?: number; maxInFlight?: number; fail?: (jobs: Job[]) => boolean } = {}) {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  const b = new MicroBatcher<Job, string>({
    run: async (jobs) => {
      batches.push(jobs.map((j) => j.id));
      await new Promise<void>((r) => gates.push(r));
      if (opts.fail?.(jobs)) throw new Error(`batch ${jobs.map((j) => j.id).join(",")} failed`);
      return jobs.map((j) => `done ${j.id}`);
    },
    keys: (j) => [j.key],
    maxBatch: opts.maxBatch ?? 10,
    maxInFlight: opts.maxInFlight ?? 1,
  });
  /** Let the oldest running batch finish, then give the batcher a turn. */
  const release = async () => {
    gates.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { b, batches, release };
}

describe("MicroBatcher (group commit for hot writes)", () => {
  it("runs a job at once when a slot is free, and batches what queued while the slots were busy", async () => {
    const { b, batches, release } = harness({ maxInFlight: 1 });
    const first = b.submit({ id: 1 });
    expect(batches).toEqual([[1]]);
    const rest = [2, 3, 4].map((id) => b.submit({ id }));
    expect(batches).toEqual([[1]]); // waiting: the one slot is taken
    await release();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    await release();
    expect(await first).toBe("done 1");
    expect(await Promise.all(rest)).toEqual(["done 2", "done 3", "done 4"]);
    expect(b.stats).toEqual({ batches: 2, jobs: 4, largest: 3 });
  });

  it("keeps jobs that share a key out of one batch, in arrival order, and caps a batch at maxBatch", async () => {
    const { b, batches, release } = harness({ maxInFlight: 1, maxBatch: 3 });
    const all = [b.submit({ id: 0 })];
    all.push(
      ...[{ id: 1, key: "a" }, { id: 2, key: "a" }, { id: 3, key: "b" }, { id: 4 }, { id: 5 }, { id: 6, key: "a" }].map(
        (j) => b.submit(j),
      ),
    );
    await release();
    expect(batches[1]).toEqual([1, 3, 4]); // 2 shares "a" with 1; the cap stops at three
    await release();
    expect(batches[2]).toEqual([2, 5]); // 6 shares "a" with 2
    await release();
    expect(batches[3]).toEqual([6]);
    await release();
    expect(await Promise.all(all)).toHaveLength(7);
  });

  it("runs up to maxInFlight batches at once", async () => {
    const { b, batches, release } = harness({ maxInFlight: 2 });
    const all = [1, 2, 3, 4].map((id) => b.submit({ id }));
    expect(batches).toEqual([[1], [2]]);
    await release();
    expect(batches).toEqual([[1], [2], [3, 4]]);
    await release();
    await release();
    expect(await Promise.all(all)).toEqual(["done 1", "done 2", "done 3", "done 4"]);
  });

  it("fails every job of a failed batch with its error, and only those", async () => {
    const { b, release } = harness({ maxInFlight: 1, fail: (jobs) => jobs.some((j) => j.id === 2) });
    const first = b.submit({ id: 1 });
    const outcome = (p: Promise<string>) => p.catch((e: Error) => `error: ${e.message}`);
    const second = outcome(b.submit({ id: 2 }));
    const third = outcome(b.submit({ id: 3 }));
    await release();
    await release();
    expect(await first).toBe("done 1");
    expect(await second).toBe("error: batch 2,3 failed");
    expect(await third).toBe("error: batch 2,3 failed");
    const later = b.submit({ id: 4 });
    await release();
    expect(await later).toBe("done 4");
  });

  it("refuses a result list of the wrong length", async () => {
    const b = new MicroBatcher<Job, string>({ run: async () => [], keys: () => [], maxBatch: 4, maxInFlight: 1 });
    await expect(b.submit({ id: 1 })).rejects.toThrow("answered 0 results");
  });
});
