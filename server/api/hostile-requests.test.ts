import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as exportRoute from "@/app/api/v1/exports/[id]/route";
import * as exportsRoute from "@/app/api/v1/exports/route";
import * as bulkRoute from "@/app/api/v1/placements/bulk/route";
import * as placementRoute from "@/app/api/v1/placements/[id]/route";
import * as placementsRoute from "@/app/api/v1/placements/route";
import * as remittanceRoute from "@/app/api/v1/remittances/[id]/route";
import * as remittancesRoute from "@/app/api/v1/remittances/route";
import * as statementRoute from "@/app/api/v1/statements/[id]/route";
import * as statementsRoute from "@/app/api/v1/statements/route";
import type { Db } from "@/db/client";
import { auditEvents, placements } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { systemActor } from "@/server/domain/actor";
import { createApiKey } from "@/server/services/identity/api-keys";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { v1Request } from "./route-files";

const testDb = vi.hoisted(() => ({ current: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => testDb.current! }));

const noParams = { params: Promise.resolve({}) };
const withId = (id: string) => ({ params: Promise.resolve({ id }) });
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Issue 22 finding 9: what a schema-driven fuzz of /v1 found answering 500. */
describe("/v1 hostile requests answer 4xx, never 500", () => {
  const t = useTestDb();
  let key = "";
  let creditorId = "";
  const written = async () => ({
    placements: (await t.db.select({ n: count() }).from(placements).where(eq(placements.creditorId, creditorId)))[0]!.n,
    audit: (await t.db.select({ n: count() }).from(auditEvents))[0]!.n,
  });

  beforeAll(async () => {
    testDb.current = t.db;
    creditorId = (await makeCreditor(t.db)).id;
    await makePlacement(t.db, creditorId);
    key = (await createApiKey(t.db, creditorId, "hostile", systemActor("test"))).secret;
  });

  const lists: Array<[string, Handler, string[]]> = [
    [
      "/v1/placements",
      placementsRoute.GET,
      ["status", "invoice_number", "created_from", "created_to", "cursor", "limit"],
    ],
    [
      "/v1/remittances",
      remittancesRoute.GET,
      ["status", "placement_id", "occurred_from", "occurred_to", "cursor", "limit"],
    ],
    ["/v1/exports", exportsRoute.GET, ["cursor", "limit"]],
    ["/v1/statements", statementsRoute.GET, ["period"]],
  ];
  const items: Array<[string, Handler]> = [
    ["/v1/placements", placementRoute.GET],
    ["/v1/remittances", remittanceRoute.GET],
    ["/v1/exports", exportRoute.GET],
    ["/v1/statements", statementRoute.GET],
  ];

  it.each(lists)("GET %s: a NUL in any query parameter (value or name) is a 400", async (path, GET, names) => {
    for (const name of names) {
      for (const qs of [`${name}=a%00b`, `${name}=%00`, `${name}%00=1`]) {
        const res = await GET(v1Request("GET", `${path}?${qs}`, { key }), noParams);
        expect(res.status, `${path}?${qs}`).toBe(400);
        expect((await res.json()) as unknown).toMatchObject({ error: { code: "bad_request" } });
      }
    }
  });

  it.each(items)("GET %s/{id}: a NUL in the id is a 404", async (path, GET) => {
    for (const id of ["\u0000", "a\u0000b", "00000000-0000-0000-0000-00000000000\u0000"]) {
      const res = await GET(v1Request("GET", `${path}/${encodeURIComponent(id)}`, { key }), withId(id));
      expect(res.status, JSON.stringify(id)).toBe(404);
    }
  });

  it("a tampered cursor (a NUL, an impossible time, year 0) is a 400, on every paginated list", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    const cursors = [
      (s: string) => ({ s, d: "desc", v: "2026-01-01T00:00:00.000000Z\u0000", i: id }),
      (s: string) => ({ s, d: "desc", v: "garbage", i: id }),
      (s: string) => ({ s, d: "desc", v: "2026-13-45T25:61:61.000000Z", i: id }),
      (s: string) => ({ s, d: "desc", v: "0000-01-01T00:00:00.000000Z", i: id }),
      () => ["2026-02-30T00:00:00.000000Z", id],
      () => ["2026-01-01T00:00:00.000000Z\u0000", id],
    ];
    const sorts: Array<[string, Handler, string]> = [
      ["/v1/placements", placementsRoute.GET, "placedAt"],
      ["/v1/remittances", remittancesRoute.GET, "occurredAt"],
      ["/v1/exports", exportsRoute.GET, "createdAt"],
    ];
    for (const [path, GET, sort] of sorts)
      for (const make of cursors) {
        const cursor = Buffer.from(JSON.stringify(make(sort))).toString("base64url");
        const res = await GET(v1Request("GET", `${path}?cursor=${cursor}`, { key }), noParams);
        expect(res.status, `${path} ${JSON.stringify(make(sort))}`).toBe(400);
      }
  });

  it("a NUL in a JSON body (escaped, raw, in a key) is a 400 and writes nothing", async () => {
    const before = await written();
    const valid = {
      invoice_number: "N-1",
      invoice_amount: 100,
      currency: "USD",
      due_date: "2026-12-31",
      debtor_name: "D",
    };
    const bodies = [
      JSON.stringify({ ...valid, debtor_name: "a\u0000b" }),
      JSON.stringify(valid).replace('"D"', '"D\u0000"'),
      JSON.stringify({ ...valid, ["x\u0000"]: 1 }),
      "\u0000",
      `${JSON.stringify(valid)}\u0000`,
    ];
    const posts: Array<[string, Handler, (raw: string) => string]> = [
      ["/v1/placements", placementsRoute.POST, (raw) => raw],
      ["/v1/placements/bulk", bulkRoute.POST, (raw) => `{"placements":[${raw}]}`],
      ["/v1/exports", exportsRoute.POST, (raw) => raw.replace('"invoice_number"', '"type":"remittances","x"')],
    ];
    for (const [path, POST, wrap] of posts)
      for (const raw of bodies) {
        const res = await POST(v1Request("POST", path, { key, rawBody: wrap(raw) }), noParams);
        expect(res.status, `${path} ${JSON.stringify(wrap(raw))}`).toBe(400);
      }
    expect(await written()).toEqual(before);
  });

  it("dates at the ends of the calendar in created_*/occurred_* filters answer 200 or a clear 400", async () => {
    const extremes = [
      "0000-01-01",
      "0001-01-01",
      "9999-12-31",
      "0000-01-01T00:00:00Z",
      "0001-01-01T00:00:00+14:00",
      "9999-12-31T23:59:59Z",
      "9999-12-31T23:00:00-12:00",
      "2026-01-01T00:00:00.123456789+23:59",
    ];
    for (const [path, GET, names] of lists.slice(0, 2))
      for (const name of names.filter((n) => /_(from|to)$/.test(n)))
        for (const value of extremes) {
          const url = `${path}?${new URLSearchParams({ [name]: value })}`;
          const res = await GET(v1Request("GET", url, { key }), noParams);
          expect(res.status, url).toBe(200);
        }
    // The whole calendar includes everything: the placement is found from 0000-01-01 to 9999-12-31.
    const all = await placementsRoute.GET(
      v1Request("GET", "/v1/placements?created_from=0000-01-01&created_to=9999-12-31", { key }),
      noParams,
    );
    expect(((await all.json()) as { data: unknown[] }).data).toHaveLength(1);
    const none = await placementsRoute.GET(v1Request("GET", "/v1/placements?created_to=0000-01-01", { key }), noParams);
    expect(((await none.json()) as { data: unknown[] }).data).toHaveLength(0);
  });

  it("a 500 on a GET does not tell the client to retry with an Idempotency-Key; on a POST it does", async () => {
    const down = new Proxy({} as Db, {
      get: () => {
        throw new Error("test double: the database is down");
      },
    });
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    testDb.current = down;
    try {
      const get = await placementsRoute.GET(v1Request("GET", "/v1/placements", { key }), noParams);
      expect(get.status).toBe(500);
      const getBody = (await get.json()) as { error: { code: string; message: string } };
      expect(getBody.error.code).toBe("internal_server_error");
      expect(getBody.error.message).not.toMatch(/idempotency/i);
      const post = await placementsRoute.POST(
        v1Request("POST", "/v1/placements", { key, body: {}, headers: { "idempotency-key": "k-1" } }),
        noParams,
      );
      expect(post.status).toBe(500);
      expect(((await post.json()) as { error: { message: string } }).error.message).toMatch(/same Idempotency-Key/);
    } finally {
      testDb.current = t.db;
      error.mockRestore();
    }
  });
});
