import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import proxy, { config } from "@/proxy";
import { allowedMethods, V1_ROUTE_METHODS, v1Gate } from "./methods";
import { HTTP_METHODS, v1RouteFiles, type RouteModule } from "./route-files";
import { ErrorBody } from "./schemas";
import { answerUnfetchableMethods } from "./unfetchable-methods";

// A test double of NextAuth: the session gate of pages is not what this file tests (and next-auth's
// ESM build does not load under vitest); `auth(fn)` hands back `fn`, so page paths would run it bare.
vi.mock("next-auth", () => ({ default: () => ({ auth: (fn: unknown) => fn }) }));

// The route modules are imported for their exports only; no request here reaches a database.
vi.mock("@/server/db", () => ({
  getDb: () => Promise.reject(new Error("methods.test.ts: no database")),
}));

const routes = v1RouteFiles();
// Every method a client might send: Next.js's own, WebDAV's, and the ones fetch cannot carry.
const METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "TRACE", "CONNECT", "PROPFIND", "QUERY"];
const concrete = (route: string) => route.replace("[id]", "00000000-0000-4000-8000-000000000000");

/** Issue 22 finding 9: any method a /v1 route does not serve is a JSON 405 with `Allow`, never a 500 HTML page. */
describe("/v1 methods", () => {
  it("the method table is the route files' exports, both ways", async () => {
    const served: Record<string, string[]> = {};
    for (const { route, file } of routes) {
      const mod = (await import(file)) as RouteModule;
      served[route] = HTTP_METHODS.filter((m) => mod[m]);
    }
    expect(Object.fromEntries(Object.entries(V1_ROUTE_METHODS).map(([r, m]) => [r, [...m]]))).toEqual(served);
  });

  it.each(routes.map((r) => r.route))(
    "%s: 405 JSON with Allow for every other method, under both spellings",
    async (route) => {
      const allow = allowedMethods(route);
      for (const prefix of ["", "/api"])
        for (const method of METHODS) {
          const res = v1Gate(method, `${prefix}${concrete(route)}`);
          if (allow.includes(method)) {
            expect(res, `${method} ${route}`).toBeNull();
            continue;
          }
          expect(res?.status, `${method} ${route}`).toBe(405);
          expect(res!.headers.get("allow")).toBe(allow.join(", "));
          expect(res!.headers.get("content-type")).toBe("application/json");
          expect(ErrorBody.parse(await res!.json()).error.code).toBe("method_not_allowed");
        }
    },
  );

  it("a path no route serves is a JSON 404; a static segment wins over {id}", async () => {
    const res = v1Gate("GET", "/v1/nope");
    expect(res?.status).toBe(404);
    expect(ErrorBody.parse(await res!.json()).error.code).toBe("not_found");
    expect(v1Gate("GET", "/v1/placements/x/y")?.status).toBe(404);
    expect(v1Gate("POST", "/v1/placements/bulk")).toBeNull();
    expect(v1Gate("GET", "/v1/placements/bulk")?.status).toBe(405);
  });

  it("proxy.ts runs on every /v1 path under both spellings (its matcher leaves none out)", () => {
    const matcher = new RegExp(`^${config.matcher[0]}$`);
    for (const { route } of routes)
      for (const path of [concrete(route), `/api${concrete(route)}`]) expect(matcher.test(path), path).toBe(true);
    expect(matcher.test("/api/webhooks/stripe")).toBe(false);
  });

  it("proxy.ts applies the gate to /v1 before any route (PUT, PROPFIND: 405 with Allow)", async () => {
    for (const [method, path] of [
      ["PUT", "/v1/placements"],
      ["PROPFIND", "/api/v1/exports/00000000-0000-4000-8000-000000000000"],
      ["HEAD", "/v1/placements/bulk"],
    ] as const) {
      const res = (await proxy(new NextRequest(`http://clearbook.test${path}`, { method }), {} as never)) as Response;
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("allow")).toBeTruthy();
    }
    const passed = (await proxy(new NextRequest("http://clearbook.test/v1/placements"), {} as never)) as Response;
    expect(passed.headers.get("x-middleware-next")).toBe("1");
  });

  describe("TRACE, which Next.js cannot turn into a Request, is answered by the Node server", () => {
    // A stand-in for Next.js's request handler (a test double): it fails as Next.js did on TRACE.
    const server = http.createServer((req, res) => {
      res.writeHead(req.method === "TRACE" ? 500 : 200, { "Content-Type": "text/html" });
      res.end(req.method === "TRACE" ? "<html>500</html>" : "<html>ok</html>");
    });
    let port = 0;
    beforeAll(async () => {
      answerUnfetchableMethods();
      answerUnfetchableMethods();
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const send = (method: string, path: string) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, method, path }, (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        });
        req.on("error", reject);
        req.end();
      });

    it.each(routes.map((r) => r.route))("TRACE %s: 405 JSON with Allow", async (route) => {
      for (const path of [concrete(route), `/api${concrete(route)}?q=1`]) {
        const res = await send("TRACE", path);
        expect(res.status, path).toBe(405);
        expect(res.headers.allow).toBe(allowedMethods(route).join(", "));
        expect(ErrorBody.parse(JSON.parse(res.body)).error.code).toBe("method_not_allowed");
      }
    });

    it("TRACE elsewhere is a plain 405 with Allow; other methods reach the app untouched", async () => {
      const page = await send("TRACE", "/backoffice");
      expect(page.status).toBe(405);
      expect(page.headers.allow).toBe("GET, HEAD, POST");
      expect(await send("GET", "/v1/placements")).toMatchObject({ status: 200, body: "<html>ok</html>" });
    });
  });
});
