import http from "node:http";
import { isV1Path, v1Gate } from "./methods";

/**
 * Methods Node's HTTP server accepts but the fetch `Request` that Next.js builds for the proxy and
 * every route refuses to construct ("'TRACE' HTTP method is unsupported"): Next.js answered them
 * with a 500 HTML page, on every path. CONNECT never arrives as a request event (Node emits
 * `connect`), and TRACK is refused by Node's parser; TRACE is the one that got through.
 */
const UNFETCHABLE = new Set(["CONNECT", "TRACE", "TRACK"]);

/** Outside /v1 (pages, auth, webhooks), what Next.js serves at most. */
const PAGE_ALLOW = "GET, HEAD, POST";

type Answer = { status: number; headers: Record<string, string>; body: string };

/** The answer to a method no Request can carry: /v1's JSON 404 or 405 with `Allow`, a plain 405 elsewhere. */
export async function unfetchableAnswer(method: string, url: string): Promise<Answer> {
  const pathname = new URL(url, "http://localhost").pathname;
  if (isV1Path(pathname)) {
    const res = v1Gate(method, pathname)!;
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  }
  return {
    status: 405,
    headers: { "Content-Type": "text/plain; charset=utf-8", Allow: PAGE_ALLOW },
    body: `${method} is not allowed\n`,
  };
}

const INSTALLED = Symbol.for("clearbook.unfetchableMethods");

/**
 * Answer TRACE (and its kin) in the Node server itself, before Next.js sees the request. Called once
 * from instrumentation.ts in the Node runtime; Next.js creates its server without a hook of ours,
 * so this wraps `http.Server#emit` for "request" events of these methods only (every other event
 * and method passes through untouched). Installing twice is a no-op.
 */
export function answerUnfetchableMethods(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      if (UNFETCHABLE.has((req.method ?? "").toUpperCase())) {
        req.resume();
        void unfetchableAnswer(req.method!, req.url ?? "/").then((a) => {
          res.writeHead(a.status, { ...a.headers, "Content-Length": Buffer.byteLength(a.body) });
          res.end(a.body);
        });
        return true;
      }
    }
    return (emit as (event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  } as typeof proto.emit;
}
