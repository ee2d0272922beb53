import { QboError, hasFault, parseQboFault } from "./errors";
import { type KeyedLimiter, type LimiterClock, realClock, sharedQboLimiter } from "./limiter";
import type { QboTokenProvider } from "./types";

/** QBO ignores minor versions below 75 since 2025-08-01; we always send it explicitly. */
export const QBO_MINOR_VERSION = "75";

export type QboTransportOptions = {
  realmId: string;
  /** `https://quickbooks.api.intuit.com`, the sandbox, or the test double. */
  baseUrl: string;
  tokens: QboTokenProvider;
  limiter?: KeyedLimiter;
  fetch?: typeof fetch;
  /** Per attempt; the limiter queue is not counted. */
  timeoutMs?: number;
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number; maxRetryAfterMs?: number };
  clock?: LimiterClock;
  random?: () => number;
  /** Called after every HTTP exchange (counting calls, logs). */
  onExchange?: (e: { method: string; path: string; status: number; attempt: number; ms: number }) => void;
};

export type QboRequest = {
  method: "GET" | "POST";
  /** Below `/v3/company/{realmId}/`, e.g. `invoice/145`. */
  path: string;
  params?: Record<string, string>;
  body?: unknown;
  /** A plain-text body (a query), sent as `Content-Type: application/text` like Intuit's SDKs do. */
  text?: string;
  /** QBO's idempotency key; mandatory for creates. */
  requestId?: string;
  signal?: AbortSignal;
};

type Exchange = { status: number; text: string; retryAfter: string | null };

/**
 * One QBO call with the house rules: limiter slot per attempt, timeout per attempt, one token
 * refresh after a 401, bounded exponential backoff with jitter on throttles, 5xx and network
 * failures (safe for creates because the same requestid is replayed, never re-executed).
 */
export function createQboTransport(opts: QboTransportOptions) {
  const doFetch = opts.fetch ?? fetch;
  const limiter = opts.limiter ?? sharedQboLimiter();
  const clock = opts.clock ?? realClock;
  const random = opts.random ?? Math.random;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxAttempts = Math.max(1, opts.retry?.maxAttempts ?? 4);
  const baseDelayMs = opts.retry?.baseDelayMs ?? 500;
  const maxDelayMs = opts.retry?.maxDelayMs ?? 30_000;
  const maxRetryAfterMs = opts.retry?.maxRetryAfterMs ?? 120_000;
  const root = `${opts.baseUrl.replace(/\/+$/, "")}/v3/company/${encodeURIComponent(opts.realmId)}/`;

  function url(req: QboRequest): string {
    const u = new URL(req.path, root);
    for (const [k, v] of Object.entries(req.params ?? {})) u.searchParams.set(k, v);
    u.searchParams.set("minorversion", QBO_MINOR_VERSION);
    if (req.requestId !== undefined) u.searchParams.set("requestid", req.requestId);
    return u.toString();
  }

  async function exchange(req: QboRequest, token: string, attempt: number): Promise<Exchange> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const started = clock.now();
    try {
      const res = await doFetch(url(req), {
        method: req.method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: "application/json",
          ...(req.text !== undefined
            ? { "Content-Type": "application/text" }
            : req.body !== undefined
              ? { "Content-Type": "application/json" }
              : {}),
        },
        body: req.text ?? (req.body !== undefined ? JSON.stringify(req.body) : undefined),
        signal,
      });
      const text = await res.text();
      opts.onExchange?.({ method: req.method, path: req.path, status: res.status, attempt, ms: clock.now() - started });
      return { status: res.status, text, retryAfter: res.headers.get("retry-after") };
    } catch (err) {
      opts.onExchange?.({ method: req.method, path: req.path, status: 0, attempt, ms: clock.now() - started });
      if (req.signal?.aborted) throw cancelled();
      const timedOut = timeout.aborted;
      const message = timedOut
        ? `QuickBooks did not answer within ${timeoutMs} ms.`
        : `Could not reach QuickBooks: ${err instanceof Error ? err.message : String(err)}`;
      throw new QboError("network", message, 0, timedOut ? "timeout" : "network");
    }
  }

  function backoff(err: QboError, retry: number): number {
    if (err.retryAfterMs !== undefined) return Math.min(err.retryAfterMs, maxRetryAfterMs);
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
    // "Equal jitter": always wait at least half, spread the rest so callers do not retry in step.
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  }

  /** Perform one request; resolves with the parsed JSON body. */
  async function request<T>(req: QboRequest): Promise<T> {
    let refreshed = false;
    let attempt = 0;
    let token = await opts.tokens.getAccessToken();
    for (;;) {
      attempt++;
      let err: QboError;
      try {
        const ex = await limiter.run(opts.realmId, () => exchange(req, token, attempt), req.signal);
        if (ex.status >= 200 && ex.status < 300) {
          const body = parseJson(ex.text, ex.status);
          if (!hasFault(body)) return body as T;
          err = parseQboFault(ex.status, ex.text, ex.retryAfter);
        } else {
          err = parseQboFault(ex.status, ex.text, ex.retryAfter);
        }
      } catch (e) {
        if (req.signal?.aborted) throw cancelled();
        if (!(e instanceof QboError)) throw e;
        err = e;
      }
      if (err.kind === "auth" && err.status === 401 && !refreshed) {
        // Exactly one refresh per request; a second 401 means the connection itself is broken.
        refreshed = true;
        attempt--;
        token = await opts.tokens.refresh(token);
        continue;
      }
      if (req.requestId !== undefined) err.requestId = req.requestId;
      if (!err.isRetryable || attempt >= maxAttempts) throw err;
      await clock.sleep(backoff(err, attempt), req.signal).catch(() => Promise.reject(cancelled()));
    }
  }

  return { request, realmId: opts.realmId };
}

const cancelled = () => new QboError("network", "The QuickBooks request was cancelled.", 0, "cancelled");

function parseJson(text: string, status: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new QboError(
      "server",
      `QuickBooks answered HTTP ${status} with a body that is not JSON.`,
      status,
      undefined,
      text.slice(0, 200),
    );
  }
}
