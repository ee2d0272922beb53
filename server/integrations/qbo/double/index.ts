/**
 * TEST DOUBLE — this is NOT QuickBooks Online and never talks to Intuit. A local HTTP server
 * (node:http, no framework) that follows QBO's documented contract closely enough for Clearbook's
 * tests, the drift benchmark and the offline demo: OAuth (authorize + token endpoint with
 * rotation), companies with customers/invoices/payments, query, CDC, signed webhooks in both
 * formats, QBO's per-company limits (500/min, 10 in flight → 429 as XML) and fault injection.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serveAdmin } from "./admin";
import { type Reply, routeApi, serveApi } from "./api";
import type { FaultRule } from "./faults";
import { type DoubleStateOptions, createDoubleState } from "./helpers";
import { HARD_EXPIRY_HEADER } from "./oauth";
import { authFault, authorizationFault, serverFault, staleFault, throttleFaultXml } from "./serialize";

export type { FaultRule } from "./faults";

export type QboDoubleOptions = DoubleStateOptions & {
  port?: number;
  host?: string;
  maxBodyBytes?: number;
  /** Longest request target accepted (default 8 KB, what HTTP front ends commonly allow) → else 414. */
  maxUrlBytes?: number;
};

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) reject(new Error("body too large"));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, r: Reply): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(r.status, { "content-type": r.contentType ?? "application/json;charset=UTF-8", ...r.headers });
  res.end(r.body);
}

/** Start the double. `close()` also drops hung requests. */
export async function startQboDouble(opts: QboDoubleOptions = {}) {
  const state = createDoubleState(opts);
  const { store, auth, faults, limits, counterBook, requests } = state;
  const timers = new Set<NodeJS.Timeout>();
  const limit = opts.maxBodyBytes ?? 64 * 1024 * 1024;
  const maxUrlBytes = opts.maxUrlBytes ?? 8 * 1024;

  function faultReply(rule: FaultRule): Reply | "hang" {
    const now = store.now();
    const retry = rule.retryAfterSeconds !== undefined ? { "retry-after": String(rule.retryAfterSeconds) } : undefined;
    switch (rule.kind) {
      case "throttle":
        return { status: 429, body: throttleFaultXml(now), contentType: "application/xml", headers: retry };
      case "server_error":
        return { status: 500, body: serverFault(500, now) };
      case "service_unavailable":
        return { status: 503, body: serverFault(503, now), headers: retry };
      case "unauthorized":
        return { status: 401, body: authFault("Token expired (injected by the test double).") };
      case "stale":
        return { status: 400, body: staleFault(now) };
      case "hang":
        return "hang";
    }
  }

  function deliverFault(res: ServerResponse, rule: FaultRule): void {
    const reply = faultReply(rule);
    if (reply !== "hang") return send(res, reply);
    // Never answer (the client's timeout must fire), or answer 503 after delayMs.
    if (rule.delayMs === undefined) return;
    const t = setTimeout(() => {
      timers.delete(t);
      send(res, { status: 503, body: serverFault(503, store.now()) });
    }, rule.delayMs);
    timers.add(t);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://double.local");
    const method = req.method ?? "GET";
    const body = await readBody(req, limit);
    const urlBytes = Buffer.byteLength(req.url ?? "");
    if (urlBytes > maxUrlBytes)
      return send(res, {
        status: 414,
        body: `Test double: request target of ${urlBytes} bytes exceeds ${maxUrlBytes} (send long queries by POST).`,
        contentType: "text/plain",
      });
    if (url.pathname.startsWith("/__double/")) return send(res, await serveAdmin(state, method, url.pathname, body));
    if (method === "GET" && url.pathname === "/connect/oauth2") {
      const a = auth.authorize(url.searchParams);
      if (a.location) return send(res, { status: 302, body: "", headers: { location: a.location } });
      return send(res, { status: a.status, body: a.body ?? "", contentType: "text/plain" });
    }
    if (method === "POST" && url.pathname === "/oauth2/v1/tokens/bearer") {
      const rule = faults.pick(undefined, "token");
      counterBook.hit("_oauth", "token");
      if (rule) return deliverFault(res, rule);
      const r = auth.tokenEndpoint(
        req.headers.authorization,
        new URLSearchParams(body),
        String(req.headers[HARD_EXPIRY_HEADER] ?? "").toLowerCase() === "true",
      );
      if (r.realmId) counterBook.hit(r.realmId, "token");
      return send(res, { status: r.status, body: JSON.stringify(r.body) });
    }
    if (method === "POST" && url.pathname === "/v2/oauth2/tokens/revoke") {
      const token = (JSON.parse(body || "{}") as { token?: string }).token;
      if (token) auth.revoke(token);
      return send(res, { status: 200, body: "" });
    }
    const route = routeApi(method, url.pathname);
    if (!route) return send(res, { status: 404, body: JSON.stringify({ error: "not a QBO endpoint (test double)" }) });
    const { realmId, endpoint } = route;
    counterBook.hit(realmId, endpoint);
    const log = {
      at: store.now(),
      method,
      path: url.pathname,
      realmId,
      endpoint,
      params: Object.fromEntries(url.searchParams),
      query: endpoint === "query" ? (url.searchParams.get("query") ?? body) : undefined,
      contentType: req.headers["content-type"],
      urlBytes,
      status: 0,
    };
    requests.push(log);
    if (requests.length > 5000) requests.splice(0, requests.length - 5000);
    res.on("finish", () => (log.status = res.statusCode));

    const admitted = limits.admit(realmId);
    if (admitted !== "ok") {
      counterBook.bump(realmId, "throttled");
      return send(res, { status: 429, body: throttleFaultXml(store.now()), contentType: "application/xml" });
    }
    res.on("close", () => limits.leave(realmId));

    const rule = faults.pick(realmId, endpoint);
    if (rule) counterBook.bump(realmId, "faulted");
    if (rule && rule.phase !== "after") return deliverFault(res, rule);

    const denied = auth.check(req.headers.authorization, realmId);
    if (denied) {
      counterBook.bump(realmId, "unauthorized");
      return send(res, {
        status: denied.status,
        body: denied.status === 401 ? authFault(denied.detail) : authorizationFault(denied.detail),
      });
    }
    const reply = serveApi(store, route, { params: url.searchParams, body });
    if (reply.replayed) counterBook.bump(realmId, "replayed");
    if (rule) return deliverFault(res, rule);
    send(res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, { status: 500, body: JSON.stringify({ error: String(err) }) }));
  });
  // A busy port rejects (the demo then falls back to a free one) instead of an unhandled 'error' event.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host ?? "127.0.0.1"}:${port}`;

  return {
    ...state,
    url,
    port,
    /** Stop the server, dropping hung and keep-alive connections. */
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type QboDouble = Awaited<ReturnType<typeof startQboDouble>>;
