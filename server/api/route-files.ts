import fs from "node:fs";
import path from "node:path";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type RouteModule = Partial<
  Record<
    (typeof HTTP_METHODS)[number],
    (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> | Response
  >
>;

function routeFiles(base: string, prefix: string, skip: string[] = []): Array<{ route: string; file: string }> {
  const found: Array<{ route: string; file: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !skip.includes(full)) walk(full);
      else if (entry.name === "route.ts")
        found.push({
          route: `${prefix}/${path.relative(base, dir).split(path.sep).join("/")}`.replace(/\/$/, ""),
          file: full,
        });
    }
  };
  walk(base);
  return found.sort((a, b) => a.route.localeCompare(b.route));
}

/** Every route.ts under app/api/v1, as its public path ("/v1/placements/[id]") and file. */
export const v1RouteFiles = (root = process.cwd()) => routeFiles(path.join(root, "app", "api", "v1"), "/v1");

/** Every route.ts under app/api outside /v1, as its path ("/api/files/[token]") and file. */
export const otherApiRouteFiles = (root = process.cwd()) =>
  routeFiles(path.join(root, "app", "api"), "/api", [path.join(root, "app", "api", "v1")]);

/** A Request as a client would send it to /v1 (for calling route handlers directly in tests). */
export function v1Request(
  method: string,
  pathname: string,
  opts: { key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Request {
  const headers: Record<string, string> = { ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}) };
  if (opts.body !== undefined || opts.rawBody !== undefined) headers["content-type"] = "application/json";
  const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  return new Request(new URL(pathname, "http://clearbook.test"), {
    method,
    headers: { ...headers, ...opts.headers },
    body,
  });
}
