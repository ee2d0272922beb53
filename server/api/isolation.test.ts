import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { useTestDb } from "@/db/testing/test-db";
import { buildIsolationFixture, leakedMarker, type IsolationFixture } from "@/server/testing/isolation-fixture";
import { otherRouteCases, restIsolationCases, type RestCall } from "./isolation-cases";
import { V1_ENDPOINTS } from "./openapi";
import { HTTP_METHODS, otherApiRouteFiles, v1Request, v1RouteFiles, type RouteModule } from "./route-files";

// Route handlers read the app database through getDb(); here it is this file's test database.
const testDb = vi.hoisted(() => ({ current: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => testDb.current! }));

const files = v1RouteFiles();
const handlers: Array<{ key: string; route: string; method: string; file: string }> = [];
for (const { route, file } of files) {
  const mod = (await import(file)) as RouteModule;
  for (const method of HTTP_METHODS) if (mod[method]) handlers.push({ key: `${method} ${route}`, route, method, file });
}

async function send(file: string, method: string, route: string, call: RestCall, key?: string) {
  const mod = (await import(file)) as RouteModule;
  const params = call.params ?? {};
  const pathname = route.replace(/\[(\w+)\]/g, (_m, name: string) => params[name] ?? "missing");
  const query = new URLSearchParams(call.query ?? {}).toString();
  const req = v1Request(method, query ? `${pathname}?${query}` : pathname, { key, body: call.body });
  const res = await mod[method as keyof RouteModule]!(req, { params: Promise.resolve(params) });
  return { status: res.status, text: await res.text() };
}

describe("tenant isolation of every /v1 route", () => {
  const t = useTestDb();
  let fx: IsolationFixture;
  beforeAll(async () => {
    testDb.current = t.db;
    fx = await buildIsolationFixture(t.db);
  });

  it("has an isolation case for every route handler, and every route is in the OpenAPI document", () => {
    expect(handlers.length).toBeGreaterThanOrEqual(7);
    const keys = handlers.map((h) => h.key);
    const missing = keys.filter((k) => !restIsolationCases[k]);
    const stale = Object.keys(restIsolationCases).filter((k) => !keys.includes(k));
    expect({ missing, stale }, "add each new /v1 handler to server/api/isolation-cases.ts").toEqual({
      missing: [],
      stale: [],
    });
    const documented = V1_ENDPOINTS.map(
      (e) => `${e.method.toUpperCase()} ${e.path.replace(/\{(\w+)\}/g, "[$1]")}`,
    ).sort();
    const served = keys.filter((k) => !restIsolationCases[k]!.isPublic).sort();
    expect(documented).toEqual(served);
  });

  describe.each(handlers)("$key", ({ key, route, method, file }) => {
    const kase = () =>
      restIsolationCases[key] ??
      (() => {
        throw new Error(`${key} has no isolation case`);
      })();
    const anyCall = (): RestCall => {
      const c = kase();
      return (c.own ?? c.foreign)?.(fx) ?? {};
    };

    it("answers 401 without a key, with a malformed key and with a revoked key", async () => {
      if (kase().isPublic) return;
      expect((await send(file, method, route, anyCall())).status).toBe(401);
      expect((await send(file, method, route, anyCall(), "cb_live_nothex_short")).status).toBe(401);
      const revoked = await send(file, method, route, anyCall(), fx.a.revokedApiKey.secret);
      expect(revoked.status).toBe(401);
      expect(JSON.parse(revoked.text)).toMatchObject({ error: { code: "unauthorized" } });
    });

    it("answers 404 when creditor A's key names creditor B's records", async () => {
      const c = kase();
      if (!c.foreign) return;
      const res = await send(file, method, route, c.foreign(fx), fx.a.apiKey.secret);
      expect(res.status).toBe(404);
      expect(leakedMarker(fx, res.text)).toBeUndefined();
    });

    it("shows creditor A's key its own records and nothing of creditor B", async () => {
      const c = kase();
      if (!c.own) return;
      const res = await send(file, method, route, c.own(fx), fx.a.apiKey.secret);
      expect(res.status, res.text).toBeLessThan(300);
      expect(leakedMarker(fx, res.text), `${key} leaked creditor B's data`).toBeUndefined();
      if (c.showsOwnRows) expect(fx.a.markers.some((m) => res.text.includes(m))).toBe(true);
      for (const probe of c.probes ?? []) {
        const call = probe(fx);
        const out = await send(file, method, route, call, fx.a.apiKey.secret);
        expect(out.status, out.text).toBeLessThan(300);
        const sent = JSON.stringify(call);
        expect(fx.b.markers.filter((m) => !sent.includes(m)).find((m) => out.text.includes(m))).toBeUndefined();
      }
    });
  });
});

describe("routes outside /v1", () => {
  const t = useTestDb();
  beforeAll(() => {
    testDb.current = t.db;
  });
  const routes = otherApiRouteFiles();

  it("each says what authorizes a call", () => {
    const paths = routes.map((r) => r.route);
    const missing = paths.filter((p) => !otherRouteCases[p]);
    const stale = Object.keys(otherRouteCases).filter((p) => !paths.includes(p));
    expect(
      { missing, stale },
      "add each new app/api route to otherRouteCases in server/api/isolation-cases.ts",
    ).toEqual({
      missing: [],
      stale: [],
    });
  });

  it.each(routes.filter((r) => otherRouteCases[r.route]?.tampered))(
    "$route answers 403 to a tampered signature",
    async ({ route, file }) => {
      const mod = (await import(file)) as RouteModule;
      const params = otherRouteCases[route]!.tampered!();
      const pathname = route.replace(/\[(\w+)\]/g, (_m, name: string) => params[name] ?? "missing");
      const res = await mod.GET!(v1Request("GET", pathname), { params: Promise.resolve(params) });
      expect(res.status).toBe(403);
    },
  );
});
