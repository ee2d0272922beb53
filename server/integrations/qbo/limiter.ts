/**
 * A keyed limiter (one key per QBO company): a semaphore for requests in flight and a token
 * bucket for the rate. QBO allows 10 concurrent requests and 500 a minute per company per app;
 * we stay well inside both from one process. In any 60-second window a key starts at most
 * `burst + ratePerMinute` requests, so the defaults (400/min, burst 50) never exceed 450.
 */
export type LimiterClock = {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
};

export const realClock: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

export type KeyedLimiterOptions = {
  /** Requests in flight per key. */
  concurrency: number;
  /** Sustained requests per minute per key. */
  ratePerMinute: number;
  /** Requests that may start back to back before the rate applies (bucket size). */
  burst?: number;
  clock?: LimiterClock;
};

type Waiter = { resolve: () => void; reject: (e: unknown) => void };
type KeyState = { inFlight: number; waiters: Waiter[]; tokens: number; refilledAt: number; gate: Promise<void> };

export class KeyedLimiter {
  private readonly states = new Map<string, KeyState>();
  private readonly clock: LimiterClock;
  private readonly burst: number;
  private readonly perMs: number;

  constructor(private readonly opts: KeyedLimiterOptions) {
    if (opts.concurrency < 1 || opts.ratePerMinute <= 0)
      throw new Error("limiter needs concurrency ≥ 1 and a positive rate");
    this.clock = opts.clock ?? realClock;
    this.burst = Math.max(1, opts.burst ?? Math.min(50, Math.floor(opts.ratePerMinute / 8)));
    this.perMs = opts.ratePerMinute / 60_000;
  }

  /** Run `fn` once a slot and a rate token for `key` are free. */
  async run<T>(key: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const st = this.state(key);
    await this.acquireSlot(st, signal);
    try {
      await this.takeToken(st, signal);
      return await fn();
    } finally {
      this.releaseSlot(st);
    }
  }

  /** Requests currently in flight and waiting for a slot, for tests and diagnostics. */
  stats(key: string): { inFlight: number; queued: number } {
    const st = this.states.get(key);
    return { inFlight: st?.inFlight ?? 0, queued: st?.waiters.length ?? 0 };
  }

  private state(key: string): KeyState {
    let st = this.states.get(key);
    if (!st) {
      st = { inFlight: 0, waiters: [], tokens: this.burst, refilledAt: this.clock.now(), gate: Promise.resolve() };
      this.states.set(key, st);
    }
    return st;
  }

  private acquireSlot(st: KeyState, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (st.inFlight < this.opts.concurrency) {
      st.inFlight++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = () => {
        const i = st.waiters.indexOf(waiter);
        if (i >= 0) st.waiters.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      st.waiters.push(waiter);
    });
  }

  private releaseSlot(st: KeyState): void {
    const next = st.waiters.shift();
    // Hand the slot straight to the next waiter so a newcomer cannot jump the queue.
    if (next) next.resolve();
    else st.inFlight--;
  }

  private async takeToken(st: KeyState, signal?: AbortSignal): Promise<void> {
    // One taker at a time per key keeps tokens first come, first served.
    const previous = st.gate;
    let open!: () => void;
    st.gate = new Promise<void>((r) => (open = r));
    try {
      await previous;
      for (;;) {
        const now = this.clock.now();
        st.tokens = Math.min(this.burst, st.tokens + (now - st.refilledAt) * this.perMs);
        st.refilledAt = now;
        if (st.tokens >= 1) {
          st.tokens -= 1;
          return;
        }
        await this.clock.sleep(Math.max(1, Math.ceil((1 - st.tokens) / this.perMs)), signal);
      }
    } finally {
      open();
    }
  }
}

/** QBO's published limits with our margin: ≤ 5 in flight, ≤ 450 started per minute per company. */
export const QBO_LIMITS = { concurrency: 5, ratePerMinute: 400, burst: 50 } as const;

const globalKey = Symbol.for("clearbook.qbo.limiter");

/** The process-wide limiter every QBO client shares, so all callers for one company count together. */
export function sharedQboLimiter(): KeyedLimiter {
  const g = globalThis as unknown as Record<symbol, KeyedLimiter | undefined>;
  g[globalKey] ??= new KeyedLimiter(QBO_LIMITS);
  return g[globalKey];
}
