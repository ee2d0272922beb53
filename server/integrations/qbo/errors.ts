/**
 * One typed error for everything QuickBooks answers badly. QBO speaks three fault dialects:
 * PascalCase JSON (`Fault.Error[].Message`, validation), lowercase JSON (`fault.error[].message`,
 * 401s) and XML (429 throttling, even with `Accept: application/json`). All become a QboError.
 */
export type QboErrorKind = "auth" | "throttle" | "validation" | "stale" | "server" | "network" | "not_found";

export class QboError extends Error {
  override readonly name = "QboError";
  constructor(
    readonly kind: QboErrorKind,
    message: string,
    /** HTTP status; 0 when no response arrived (network, timeout). */
    readonly status: number,
    readonly code?: string,
    readonly detail?: string,
    /** From a Retry-After header, when QBO sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /**
   * The `requestid` of the write this answer belongs to (set by the transport). QBO replays the
   * first answer of a requestid, so after a definite refusal the next attempt needs a new one.
   */
  requestId?: string;

  /**
   * QuickBooks received the request and answered no (a 4xx fault other than auth and throttling):
   * repeating the same requestid would only replay this refusal.
   */
  get isDefiniteRefusal(): boolean {
    return this.kind === "validation" || this.kind === "not_found" || this.kind === "stale";
  }

  /** Worth trying again later with the same request (and the same requestid). */
  get isRetryable(): boolean {
    return this.kind === "throttle" || this.kind === "server" || this.kind === "network";
  }

  /** QBO's own words, for the sync log: message plus detail. */
  get qboMessage(): string {
    return this.detail && this.detail !== this.message ? `${this.message} — ${this.detail}` : this.message;
  }
}

/** Which kind a status/code pair is. Codes beat statuses: old throttles came back as 403 with code 3001. */
export function classifyFault(status: number, code?: string): QboErrorKind {
  const c = code ? String(Number(code)) : undefined; // "003200" and "3200" are the same code
  if (c === "3001" || c === "3002" || status === 429) return "throttle";
  if (c === "5010") return "stale";
  if (c === "610") return "not_found";
  if (status === 401 || c === "3200" || c === "3100" || c === "100") return "auth";
  if (status === 404) return "not_found";
  if (status === 403) return "auth";
  if (status >= 500) return "server";
  return "validation";
}

type FaultParts = { message?: string; detail?: string; code?: string; type?: string };

function fromJson(body: unknown): FaultParts | undefined {
  if (!body || typeof body !== "object") return undefined;
  const o = body as Record<string, unknown>;
  const fault = (o.Fault ?? o.fault) as Record<string, unknown> | undefined;
  if (fault && typeof fault === "object") {
    const errors = (fault.Error ?? fault.error) as Array<Record<string, unknown>> | undefined;
    const first = Array.isArray(errors) ? errors[0] : undefined;
    return {
      message: str(first?.Message ?? first?.message),
      detail: str(first?.Detail ?? first?.detail),
      code: str(first?.code ?? first?.Code),
      type: str(fault.type ?? fault.Type),
    };
  }
  // OAuth-style bodies ({"error":"invalid_token"}) occasionally reach API callers too.
  if (typeof o.error === "string") return { message: o.error, detail: str(o.error_description) };
  return undefined;
}

function fromXml(text: string): FaultParts | undefined {
  if (!/<Fault[\s>]/.test(text)) return undefined;
  const pick = (re: RegExp) => {
    const m = re.exec(text);
    return m?.[1] !== undefined ? decodeXml(m[1].trim()) : undefined;
  };
  return {
    type: pick(/<Fault[^>]*\stype="([^"]*)"/),
    code: pick(/<Error[^>]*\scode="([^"]*)"/),
    message: pick(/<Message>([\s\S]*?)<\/Message>/),
    detail: pick(/<Detail>([\s\S]*?)<\/Detail>/),
  };
}

const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);

function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+);/g, (_m, e: string) => {
    if (e === "lt") return "<";
    if (e === "gt") return ">";
    if (e === "amp") return "&";
    if (e === "quot") return '"';
    if (e === "apos") return "'";
    return String.fromCharCode(Number(e.slice(1)));
  });
}

/** A Retry-After header (delta seconds or an HTTP date) in milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Turn any non-2xx QBO answer (or a 2xx carrying a Fault) into a QboError. */
export function parseQboFault(status: number, bodyText: string, retryAfter?: string | null): QboError {
  let parts: FaultParts | undefined;
  const trimmed = bodyText.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      parts = fromJson(JSON.parse(trimmed));
    } catch {
      parts = undefined;
    }
  } else if (trimmed.startsWith("<")) {
    parts = fromXml(trimmed);
  }
  const kind = classifyFault(status, parts?.code);
  const message = parts?.message || `QuickBooks answered HTTP ${status}${trimmed ? `: ${trimmed.slice(0, 200)}` : ""}`;
  return new QboError(kind, message, status, parts?.code, parts?.detail, parseRetryAfter(retryAfter));
}

/** True when a successful-looking JSON body nevertheless carries a fault. */
export function hasFault(body: unknown): boolean {
  return Boolean(body && typeof body === "object" && ("Fault" in body || "fault" in body));
}
