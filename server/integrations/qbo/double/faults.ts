/**
 * TEST DOUBLE — NOT QuickBooks. Fault injection, QBO's per-company limits, and call counters.
 * Faults apply per realm or globally, per endpoint or to all, with a probability (seeded, so runs
 * repeat) or to the next N requests; "after" faults let the write happen and lose the answer,
 * which is exactly the case `requestid` replay exists for.
 */
export type DoubleEndpoint =
  | "payment_create"
  | "payment_get"
  | "invoice_get"
  | "journalentry_create"
  | "query"
  | "cdc"
  | "companyinfo"
  | "preferences"
  | "token"
  | "other";
export type FaultKind = "throttle" | "server_error" | "service_unavailable" | "hang" | "unauthorized" | "stale";

export type FaultRule = {
  /** Omit for every company. */
  realmId?: string;
  /** Omit for every endpoint. */
  endpoint?: DoubleEndpoint;
  kind: FaultKind;
  /** 0..1; omit with `count` for "the next N requests", omit both for every request. */
  probability?: number;
  /** The next N matching requests, then the rule retires. */
  count?: number;
  /** "before" (default): nothing happens. "after": the request is processed, then the answer is lost. */
  phase?: "before" | "after";
  /** For `hang`: answer (with a 503) after this long; omit to never answer. */
  delayMs?: number;
  /** For throttle/503: a Retry-After header in seconds. */
  retryAfterSeconds?: number;
};

type ActiveRule = FaultRule & { id: number; remaining?: number; fired: number };

/** Deterministic PRNG (mulberry32) so a seeded fault run is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultBook {
  private rules: ActiveRule[] = [];
  private nextId = 1;
  constructor(private random: () => number) {}

  add(rule: FaultRule): number {
    const id = this.nextId++;
    this.rules.push({ ...rule, id, remaining: rule.count, fired: 0 });
    return id;
  }

  remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  reseed(seed: number): void {
    this.random = seededRandom(seed);
  }

  /** The first rule that fires for this request, if any (counting it down). */
  pick(realmId: string | undefined, endpoint: DoubleEndpoint): ActiveRule | undefined {
    for (const r of this.rules) {
      if (r.realmId !== undefined && r.realmId !== realmId) continue;
      if (r.endpoint !== undefined && r.endpoint !== endpoint) continue;
      if (r.remaining !== undefined && r.remaining <= 0) continue;
      if (r.probability !== undefined && this.random() >= r.probability) continue;
      if (r.remaining !== undefined) r.remaining--;
      r.fired++;
      if (r.remaining === 0) this.remove(r.id);
      return r;
    }
    return undefined;
  }
}

export type DoubleLimits = { perMinute: number; concurrent: number };

/** QBO's throttles: requests per rolling minute and requests in flight, per company. */
export class LimitBook {
  limits: DoubleLimits = { perMinute: 500, concurrent: 10 };
  private windows = new Map<string, number[]>();
  private inFlight = new Map<string, number>();
  peakInFlight = new Map<string, number>();
  constructor(private now: () => number) {}

  /** Admit a request or say which limit it breaks. Admitted requests must be `leave`d. */
  admit(realmId: string): "ok" | "rate" | "concurrency" {
    const now = this.now();
    const w = this.windows.get(realmId) ?? [];
    while (w.length && w[0]! <= now - 60_000) w.shift();
    this.windows.set(realmId, w);
    const inFlight = this.inFlight.get(realmId) ?? 0;
    if (inFlight >= this.limits.concurrent) return "concurrency";
    if (w.length >= this.limits.perMinute) return "rate";
    w.push(now);
    this.inFlight.set(realmId, inFlight + 1);
    this.peakInFlight.set(realmId, Math.max(this.peakInFlight.get(realmId) ?? 0, inFlight + 1));
    return "ok";
  }

  leave(realmId: string): void {
    this.inFlight.set(realmId, Math.max(0, (this.inFlight.get(realmId) ?? 1) - 1));
  }

  reset(): void {
    this.windows.clear();
    this.peakInFlight.clear();
  }
}

export type RealmCounters = Record<
  DoubleEndpoint | "total" | "throttled" | "faulted" | "replayed" | "unauthorized",
  number
>;

const emptyCounters = (): RealmCounters => ({
  payment_create: 0,
  payment_get: 0,
  invoice_get: 0,
  journalentry_create: 0,
  query: 0,
  cdc: 0,
  companyinfo: 0,
  preferences: 0,
  token: 0,
  other: 0,
  total: 0,
  throttled: 0,
  faulted: 0,
  replayed: 0,
  unauthorized: 0,
});

/** Calls per company and per endpoint — what the drift benchmark compares with its lower bound. */
export class CounterBook {
  private byRealm = new Map<string, RealmCounters>();

  bump(realmId: string, key: keyof RealmCounters): void {
    let c = this.byRealm.get(realmId);
    if (!c) this.byRealm.set(realmId, (c = emptyCounters()));
    c[key]++;
  }

  hit(realmId: string, endpoint: DoubleEndpoint): void {
    this.bump(realmId, endpoint);
    this.bump(realmId, "total");
  }

  snapshot(): Record<string, RealmCounters> {
    return Object.fromEntries([...this.byRealm].map(([k, v]) => [k, { ...v }]));
  }

  reset(): void {
    this.byRealm.clear();
  }
}
