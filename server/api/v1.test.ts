import { count, eq } from "drizzle-orm";
import type { z } from "zod";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as bulkRoute from "@/app/api/v1/placements/bulk/route";
import * as placementRoute from "@/app/api/v1/placements/[id]/route";
import * as placementsRoute from "@/app/api/v1/placements/route";
import * as remittanceRoute from "@/app/api/v1/remittances/[id]/route";
import * as remittancesRoute from "@/app/api/v1/remittances/route";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import type { Db } from "@/db/client";
import { placements } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { systemActor } from "@/server/domain/actor";
import { apiKeys } from "@/db/schema";
import { buildIsolationFixture, type IsolationFixture } from "@/server/testing/isolation-fixture";
import { v1Request } from "./route-files";
import { ErrorBody, Placement, PlacementBulkResult, PlacementList, Remittance, RemittanceList } from "./schemas";

const testDb = vi.hoisted(() => ({ current: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => testDb.current! }));

const noParams = { params: Promise.resolve({}) };
const withId = (id: string) => ({ params: Promise.resolve({ id }) });
const body = (invoice_number: string, extra: Record<string, unknown> = {}) => ({
  invoice_number,
  invoice_amount: 250_00,
  currency: "USD",
  due_date: "2026-09-30",
  debtor_name: "Pat Payer",
  ...extra,
});

describe("REST /v1", () => {
  const t = useTestDb();
  let fx: IsolationFixture;
  let key = "";
  const ownPlacements = async () =>
    (await t.db.select({ n: count() }).from(placements).where(eq(placements.creditorId, fx.a.creditorId)))[0]!.n;
  const post = (path: string, payload: unknown, headers: Record<string, string> = {}) =>
    (path.endsWith("/bulk") ? bulkRoute : placementsRoute).POST(
      v1Request("POST", path, { key, body: payload, headers }),
      noParams,
    );
  const get = async (path: string) => {
    const res = await (path.startsWith("/v1/remittances") ? remittancesRoute : placementsRoute).GET(
      v1Request("GET", path, { key }),
      noParams,
    );
    return { status: res.status, json: await res.json() };
  };

  beforeAll(async () => {
    testDb.current = t.db;
    fx = await buildIsolationFixture(t.db);
    key = fx.a.apiKey.secret;
  });

  it("creates a placement with money in minor units and snake_case fields, and stamps the key's last use", async () => {
    const res = await post(
      "/v1/placements",
      body("API-1", { debtor_email: "pat@example.test", qbo_invoice_id: "145" }),
    );
    expect(res.status).toBe(201);
    const created = Placement.parse(await res.json());
    expect(created).toMatchObject({
      object: "placement",
      invoice_number: "API-1",
      invoice_amount: 25_000,
      recovered_amount: 0,
      fee_amount: 0,
      currency: "USD",
      status: "open",
      qbo_invoice_id: "145",
    });
    const fetched = await placementRoute.GET(
      v1Request("GET", `/v1/placements/${created.placement_id}`, { key }),
      withId(created.placement_id),
    );
    expect(Placement.parse(await fetched.json())).toEqual(created);
    const [row] = await t.db
      .select({ lastUsedAt: apiKeys.lastUsedAt })
      .from(apiKeys)
      .where(eq(apiKeys.id, fx.a.apiKey.id));
    expect(row!.lastUsedAt).toBeInstanceOf(Date);
  });

  it("refuses bad bodies with a clear 4xx and writes nothing", async () => {
    const before = await ownPlacements();
    const cases: Array<[unknown, number, RegExp]> = [
      [body("BAD-1", { invoice_amount: 0 }), 400, /invoice_amount: must be greater than zero/],
      [body("BAD-2", { invoice_amount: -100 }), 400, /invoice_amount/],
      [body("BAD-3", { invoice_amount: 12.5 }), 400, /invoice_amount: .*integer/i],
      [body("BAD-4", { currency: "XYZ" }), 400, /currency: "XYZ" is not an ISO-4217 code/],
      [body("BAD-5", { currency: "usd" }), 400, /currency/],
      [body("BAD-6", { due_date: "2026-02-30" }), 400, /due_date/],
      [body("BAD-7", { surprise: true }), 400, /surprise/],
      [{ invoice_number: "BAD-8" }, 400, /invoice_amount/],
      [body(fx.a.invoiceNumber), 409, /already placed/],
    ];
    for (const [payload, status, message] of cases) {
      const res = await post("/v1/placements", payload);
      const json = ErrorBody.parse(await res.json());
      expect({ status: res.status, message: json.error.message }).toEqual({
        status,
        message: expect.stringMatching(message),
      });
    }
    const raw = (rawBody: string, headers: Record<string, string> = {}) =>
      placementsRoute.POST(v1Request("POST", "/v1/placements", { key, rawBody, headers }), noParams);
    expect((await raw("{not json")).status).toBe(400);
    expect((await raw(JSON.stringify(body("CT-1")), { "content-type": "text/plain" })).status).toBe(400);
    expect((await raw(" ")).status).toBe(400);
    const huge = JSON.stringify(body("HUGE-1", { debtor_name: "x".repeat(1_100_000) }));
    const tooBig = await raw(huge);
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ error: { code: "payload_too_large" } });
    expect((await raw("{}", { "content-length": String(2 * 1024 * 1024) })).status).toBe(413);
    expect(await ownPlacements()).toBe(before);
  });

  it("honours Idempotency-Key: a retry replays the stored answer; the same key with another body is refused", async () => {
    const before = await ownPlacements();
    const first = await post("/v1/placements", body("IDEM-1"), { "idempotency-key": "order-77" });
    const again = await post("/v1/placements", { ...body("IDEM-1") }, { "idempotency-key": "order-77" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const [a, b] = [await first.json(), await again.json()];
    expect(b).toEqual(a);
    expect(await ownPlacements()).toBe(before + 1);

    const reused = await post("/v1/placements", body("IDEM-2"), { "idempotency-key": "order-77" });
    expect(reused.status).toBe(409);
    expect(await reused.json()).toMatchObject({
      error: {
        code: "conflict",
        message: expect.stringMatching(/already used with a different request/),
        details: { reason: "idempotency_key_reused" },
      },
    });
    const otherEndpoint = await post(
      "/v1/placements/bulk",
      { placements: [body("IDEM-1")] },
      { "idempotency-key": "order-77" },
    );
    expect(otherEndpoint.status).toBe(409);
    expect(await ownPlacements()).toBe(before + 1);

    // A failed request does not use up its key: fix the body, retry with the same key.
    const failed = await post("/v1/placements", body("IDEM-3", { currency: "XYZ" }), { "idempotency-key": "order-78" });
    expect(failed.status).toBe(400);
    const fixed = await post("/v1/placements", body("IDEM-3"), { "idempotency-key": "order-78" });
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get("idempotent-replayed")).toBeNull();

    // Keys are per creditor: B's identical key is B's own request.
    const theirs = await placementsRoute.POST(
      v1Request("POST", "/v1/placements", {
        key: fx.b.apiKey.secret,
        body: body("IDEM-1"),
        headers: { "idempotency-key": "order-77" },
      }),
      noParams,
    );
    expect(theirs.status).toBe(201);
    expect((await theirs.json()).placement_id).not.toBe(a.placement_id);
    expect((await post("/v1/placements", body("IDEM-4"), { "idempotency-key": "bad key with spaces" })).status).toBe(
      400,
    );
  });

  it("lets concurrent retries with one Idempotency-Key create one placement and all get its answer", async () => {
    const before = await ownPlacements();
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => post("/v1/placements", body("RACE-1"), { "idempotency-key": "race-key" })),
    );
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(bodies.map((b: { placement_id: string }) => b.placement_id)).size).toBe(1);
    expect(await ownPlacements()).toBe(before + 1);
  });

  it("never answers a placement updated before it was placed, whichever clock is ahead (issue 19)", async () => {
    // Inside the Idempotency-Key's transaction the database's now() is the transaction's start.
    const keyed = Placement.parse(
      await (await post("/v1/placements", body("CLOCK-1"), { "idempotency-key": "clock-1" })).json(),
    );
    // The app's clock an hour ahead of the database's (a skewed host).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 3_600_000 });
    let skewed: z.infer<typeof Placement>;
    try {
      skewed = Placement.parse(await (await post("/v1/placements", body("CLOCK-2"))).json());
    } finally {
      vi.useRealTimers();
    }
    for (const p of [keyed, skewed])
      expect(Date.parse(p.updated_at), JSON.stringify(p)).toBeGreaterThanOrEqual(Date.parse(p.placed_at));
  });

  it("bulk-creates all or nothing, with every bad row's problems by index", async () => {
    const before = await ownPlacements();
    const rows = [
      body("BULK-1"),
      body("BULK-2", { invoice_amount: 0 }),
      body("BULK-1"),
      body("BULK-4", { currency: "ZZZ" }),
      body(fx.a.invoiceNumber),
      "not an object",
    ];
    const refused = await post("/v1/placements/bulk", { placements: rows });
    expect(refused.status).toBe(400);
    const error = ErrorBody.parse(await refused.json()).error;
    expect(error.message).toMatch(/5 of 6 rows have problems; nothing was imported/);
    expect((error.details!.rows as Array<{ index: number }>).map((r) => r.index)).toEqual([1, 2, 3, 4, 5]);
    expect(JSON.stringify(error.details)).toMatch(/BULK-1 appears twice in this batch \(first at placements\[0\]\)/);
    expect(await ownPlacements()).toBe(before);
    expect((await post("/v1/placements/bulk", { placements: [] })).status).toBe(400);
    expect(
      (await post("/v1/placements/bulk", { placements: Array.from({ length: 1001 }, (_, i) => body(`MANY-${i}`)) }))
        .status,
    ).toBe(400);

    const ok = await post("/v1/placements/bulk", {
      placements: [body("BULK-1"), body("BULK-2"), body("BULK-3", { currency: "EUR" })],
    });
    expect(ok.status).toBe(201);
    const created = PlacementBulkResult.parse(await ok.json());
    expect(created.data.map((p) => [p.invoice_number, p.currency])).toEqual([
      ["BULK-1", "USD"],
      ["BULK-2", "USD"],
      ["BULK-3", "EUR"],
    ]);
    expect(await ownPlacements()).toBe(before + 3);
  });

  it("lists placements with filters and a cursor that visits every row once", async () => {
    const all = new Set<string>();
    const days = new Set<string>(); // UTC days the rows were placed on
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await get(`/v1/placements?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      const parsed = PlacementList.parse(page.json);
      for (const p of parsed.data) {
        expect(all.has(p.placement_id)).toBe(false);
        all.add(p.placement_id);
        days.add(p.placed_at.slice(0, 10));
      }
      cursor = parsed.next_cursor;
      pages += 1;
    } while (cursor && pages < 100);
    expect(all.size).toBe(await ownPlacements());
    const one = await get(`/v1/placements?invoice_number=${fx.a.invoiceNumber}`);
    expect(one.json.data.map((p: { placement_id: string }) => p.placement_id)).toEqual([fx.a.placementId]);
    // Bounded by the first and last day a row was placed on (not "today": an earlier test places
    // one with the app's clock an hour ahead, which is tomorrow after 23:00 UTC).
    const [first, last] = [[...days].sort()[0], [...days].sort().at(-1)];
    const within = await get(`/v1/placements?created_from=${first}&created_to=${last}&limit=200`);
    expect(within.json.data.length).toBe(all.size);
    const byDay = await Promise.all(
      [...days].map((d) => get(`/v1/placements?created_from=${d}&created_to=${d}&limit=200`)),
    );
    expect(byDay.reduce((n, r) => n + r.json.data.length, 0)).toBe(all.size); // each row in its own day only
    expect((await get(`/v1/placements?created_to=2000-01-01`)).json.data).toEqual([]);
    expect((await get(`/v1/placements?status=paid`)).json.data).toEqual([]);
    expect((await get("/v1/placements?cursor=garbage")).json).toMatchObject({
      error: { code: "bad_request", message: expect.stringMatching(/cursor is not valid/) },
    });
    expect((await get("/v1/placements?colour=blue")).status).toBe(400);
    expect((await get("/v1/placements?limit=0")).status).toBe(400);
  });

  it("still reads a [time, id] cursor handed out before the lists were merged", async () => {
    const first = await get("/v1/placements?limit=1");
    const cursor: string = first.json.next_cursor;
    expect(cursor.length).toBeLessThanOrEqual(200);
    const { v, i } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { v: string; i: string };
    const legacy = Buffer.from(JSON.stringify([v, i])).toString("base64url");
    const fromNew = await get(`/v1/placements?limit=200&cursor=${cursor}`);
    const fromLegacy = await get(`/v1/placements?limit=200&cursor=${legacy}`);
    expect(fromLegacy.status).toBe(200);
    expect(fromLegacy.json).toEqual(fromNew.json);
    const all = (await get("/v1/placements?limit=200")).json.data.map((p: { placement_id: string }) => p.placement_id);
    expect(fromNew.json.data.map((p: { placement_id: string }) => p.placement_id)).toEqual(all.slice(1));
  });

  it("lists and gets remittance rows with the rate snapshot, filtered by status, placement and date", async () => {
    const list = await get("/v1/remittances");
    const parsed = RemittanceList.parse(list.json);
    expect(parsed.data).toHaveLength(1);
    expect(parsed.data[0]).toMatchObject({
      remittance_id: fx.a.remittanceId,
      placement_id: fx.a.placementId,
      status: "cleared",
      recovered_amount: 5_000,
      fee_amount: 1_250,
      net_remit_amount: 3_750,
      contingency_pct_snapshot: "25.00",
      contingency_rate_bps: 2500,
      parent_remittance_id: null,
    });
    expect((await get(`/v1/remittances?placement_id=${fx.a.placementId}&status=cleared`)).json.data).toHaveLength(1);
    expect((await get(`/v1/remittances?placement_id=${fx.a.quietPlacementId}`)).json.data).toEqual([]);
    expect((await get("/v1/remittances?status=reversed")).json.data).toEqual([]);
    expect((await get("/v1/remittances?occurred_from=2000-01-01&occurred_to=2000-12-31")).json.data).toEqual([]);
    expect((await get("/v1/remittances?occurred_from=not-a-date")).status).toBe(400);
    const one = await remittanceRoute.GET(
      v1Request("GET", `/v1/remittances/${fx.a.remittanceId}`, { key }),
      withId(fx.a.remittanceId),
    );
    expect(Remittance.parse(await one.json()).remittance_id).toBe(fx.a.remittanceId);
    const malformed = await remittanceRoute.GET(
      v1Request("GET", "/v1/remittances/not-a-uuid", { key }),
      withId("not-a-uuid"),
    );
    expect(malformed.status).toBe(404);
  });

  it("serves an OpenAPI 3.1 document generated from the handlers' schemas", async () => {
    const res = await openapiRoute.GET(new Request("http://clearbook.test/v1/openapi.json"));
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/v1/exports",
      "/v1/exports/{id}",
      "/v1/placements",
      "/v1/placements/bulk",
      "/v1/placements/{id}",
      "/v1/remittances",
      "/v1/remittances/{id}",
      "/v1/statements",
      "/v1/statements/{id}",
    ]);
    expect(doc.components.schemas.Placement.properties.invoice_amount).toMatchObject({ type: "integer" });
    expect(doc.components.schemas.PlacementCreate.required).toEqual(
      expect.arrayContaining(["invoice_number", "invoice_amount", "currency", "due_date", "debtor_name"]),
    );
    expect(doc.paths["/v1/placements"].post.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "Idempotency-Key", in: "header" })]),
    );
    expect(doc.paths["/v1/remittances"].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      "status",
      "placement_id",
      "occurred_from",
      "occurred_to",
      "cursor",
      "limit",
    ]);
    // Every $ref points at a schema the document defines.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    expect(refs.filter((r) => !doc.components.schemas[r])).toEqual([]);
  });

  it("keeps a revoked key out from the next request on", async () => {
    const { createApiKey, revokeApiKey } = await import("@/server/services/identity/api-keys");
    const fresh = await createApiKey(t.db, fx.a.creditorId, "short-lived", systemActor("test"));
    const call = () => placementsRoute.GET(v1Request("GET", "/v1/placements", { key: fresh.secret }), noParams);
    expect((await call()).status).toBe(200);
    await revokeApiKey(t.db, fx.a.creditorId, fresh.key.id, systemActor("test"));
    const res = await call();
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/Bearer/);
  });
});
