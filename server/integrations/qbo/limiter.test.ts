import { describe, expect, it } from "vitest";
import { KeyedLimiter, type LimiterClock, QBO_LIMITS } from "./limiter";

/** Virtual time: sleeps park until `advance` moves the clock past them. */
class ManualClock implements LimiterClock {
  t = 0;
  private timers: Array<{ at: number; resolve: () => void }> = [];
  now = () => this.t;
  sleep = (ms: number) => new Promise<void>((resolve) => this.timers.push({ at: this.t + ms, resolve }));
  get pending() {
    return this.timers.length;
  }
  /** Jump to the earliest timer and fire every timer due by then. */
  fireNext(): void {
    const at = Math.min(...this.timers.map((x) => x.at));
    this.t = Math.max(this.t, at);
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    due.forEach((x) => x.resolve());
  }
}

const settle = () => new Promise((r) => setImmediate(r));

describe("KeyedLimiter", () => {
  it("keeps at most 5 requests in flight per company, queueing the rest in order", async () => {
    const limiter = new KeyedLimiter(QBO_LIMITS);
    let inFlight = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) => async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      order.push(i);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return i;
    };
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => limiter.run("realm-a", task(i))));
    expect(results).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(peak).toBe(5);
    expect(order).toEqual(results);
    expect(limiter.stats("realm-a")).toEqual({ inFlight: 0, queued: 0 });
  });

  it("limits each company separately", async () => {
    const limiter = new KeyedLimiter({ concurrency: 1, ratePerMinute: 1000 });
    let peak = 0;
    let inFlight = 0;
    const task = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
    };
    await Promise.all(["a", "b", "c"].flatMap((k) => [limiter.run(k, task), limiter.run(k, task)]));
    expect(peak).toBe(3);
  });

  it("starts fewer than 500 requests in any rolling minute, yet does not crawl", async () => {
    const clock = new ManualClock();
    const limiter = new KeyedLimiter({ ...QBO_LIMITS, clock });
    const starts: number[] = [];
    const total = 1_000;
    let done = 0;
    for (let i = 0; i < total; i++) {
      void limiter
        .run("realm-r", async () => {
          starts.push(clock.now());
        })
        .then(() => done++);
    }
    while (done < total) {
      await settle();
      if (done < total && clock.pending > 0) clock.fireNext();
    }
    let worst = 0;
    for (let i = 0, j = 0; i < starts.length; i++) {
      while (starts[j]! < starts[i]! - 59_999) j++;
      worst = Math.max(worst, i - j + 1);
    }
    expect(worst).toBeLessThan(500);
    expect(worst).toBeLessThanOrEqual(QBO_LIMITS.burst + QBO_LIMITS.ratePerMinute);
    expect(worst).toBeGreaterThan(400); // the budget is used, not wasted
    // (1000 − burst) at 400/min ≈ 142.5 s of virtual time
    expect(clock.now()).toBeGreaterThan(140_000);
    expect(clock.now()).toBeLessThan(145_000);
  });

  it("drops a queued request whose signal aborts, without losing the slot", async () => {
    const limiter = new KeyedLimiter({ concurrency: 1, ratePerMinute: 1000 });
    let release!: () => void;
    const first = limiter.run("k", () => new Promise<void>((r) => (release = r)));
    const ctl = new AbortController();
    const second = limiter.run("k", async () => "never", ctl.signal);
    const third = limiter.run("k", async () => "third");
    ctl.abort(new Error("caller gave up"));
    await expect(second).rejects.toThrow("caller gave up");
    release();
    await first;
    await expect(third).resolves.toBe("third");
    expect(limiter.stats("k")).toEqual({ inFlight: 0, queued: 0 });
  });
});
