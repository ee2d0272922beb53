import { ZodError, type z } from "zod";
import { AppError, HTTP_STATUS, type AppErrorCode } from "@/server/errors";
import { findBadText, findingMessage } from "@/server/lib/text-guard";
import { instant } from "@/server/services/exports/filters";

/** Request bodies above this answer 413 before they are parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_BULK_BODY_BYTES = 5 * 1024 * 1024;

// A bigint goes out as its exact digits, a JSON number (a marker string first, unquoted after: stored
// text never holds NUL, so no string of ours can look like one).
const BIGINT = "\u0000bigint:";
const stringify = (body: unknown) =>
  JSON.stringify(body, (_k, v: unknown) => (typeof v === "bigint" ? `${BIGINT}${v}` : v)).replace(
    /"\\u0000bigint:(-?\d+)"/g,
    "$1",
  );

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });

/**
 * What a client should do after a 500. A GET is safe to repeat as it is; only an unsafe request
 * (POST) is told about `Idempotency-Key`: the same key again if it sent one, otherwise to send one.
 */
export type RetryAdvice = "safe" | "same_key" | "send_key";
const RETRY: Record<RetryAdvice, string> = {
  safe: "something went wrong on our side; retry in a moment",
  same_key: "something went wrong on our side; retry with the same Idempotency-Key",
  send_key:
    "something went wrong on our side; retry with an Idempotency-Key header, so that the request is applied at most once",
};

/** The one place /v1 turns an error into `{ "error": { code, message, details? } }` and a status. */
export function errorResponse(err: unknown, retry: RetryAdvice = "safe"): Response {
  if (err instanceof AppError) {
    const headers: Record<string, string> =
      err.code === "UNAUTHORIZED" ? { "WWW-Authenticate": 'Bearer realm="clearbook"' } : {};
    return json(
      HTTP_STATUS[err.code],
      {
        error: { code: err.code.toLowerCase(), message: err.message, ...(err.details ? { details: err.details } : {}) },
      },
      headers,
    );
  }
  if (err instanceof ZodError) {
    const issues = err.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
    return json(400, { error: { code: "bad_request", message, details: { issues } } });
  }
  console.error("[v1] unexpected error", err);
  return json(500, { error: { code: "internal_server_error", message: RETRY[retry] } });
}

const fail = (code: AppErrorCode, message: string) => new AppError(code, message);

/** Read a JSON body, refusing over `maxBytes` (413) while streaming, a wrong content type or malformed JSON (400). */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type))
    throw fail("BAD_REQUEST", "send the body as JSON with `Content-Type: application/json`");
  const declared = Number(req.headers.get("content-length") ?? "0");
  const tooLarge = () => fail("PAYLOAD_TOO_LARGE", `the body is over ${maxBytes} bytes; send fewer rows per request`);
  if (declared > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) throw fail("BAD_REQUEST", "the request body is empty; send a JSON object");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw fail("BAD_REQUEST", "the request body is not valid JSON");
  }
  refuseBadText(body);
  return body;
}

/** The edge rule (server/lib/text-guard.ts) on a parsed body or query: a 400 naming the field. */
export function refuseBadText(value: unknown): void {
  const found = findBadText(value);
  if (found)
    throw new AppError("BAD_REQUEST", `${findingMessage(found)}; remove it and send again`, { field: found.path });
}

/** Query-string parameters checked against a schema (unknown parameters are refused, so typos surface). */
export function parseQuery<T extends z.ZodType>(req: Request, schema: T): z.infer<T> {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  refuseBadText(params);
  return schema.parse(params);
}

/**
 * A date (YYYY-MM-DD, UTC) or an instant; `endOfDay` turns a date into the next midnight, for
 * exclusive upper bounds. Bounds before 0001-01-01 or after 9999-12-31 are clamped to those days.
 */
export function toInstant(value: string | undefined, endOfDay = false): Date | undefined {
  if (value === undefined) return undefined;
  const date = instant(value, endOfDay);
  if (Number.isNaN(date.getTime())) throw new AppError("BAD_REQUEST", `${value} is not a date or an RFC 3339 time`);
  return date;
}
