import { createHash } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as exportRoute from "@/app/api/v1/exports/[id]/route";
import * as exportsRoute from "@/app/api/v1/exports/route";
import type { Db } from "@/db/client";
import { exports } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { runExportJobs } from "@/server/services/exports/render";
import { buildIsolationFixture, type IsolationFixture } from "@/server/testing/isolation-fixture";
import * as fileRoute from "@/app/api/files/[token]/route";
import { appExportFiles } from "@/server/services/exports/app-files";
import { v1Request } from "./route-files";
import { Export, ExportList } from "./schemas";

const testDb = vi.hoisted(() => ({ current: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => testDb.current! }));
vi.mock("@/server/jobs/notify", () => ({ requestJob: async () => "scheduled-only" }));

describe("REST /v1/exports", () => {
  const t = useTestDb();
  let fx: IsolationFixture;
  beforeAll(async () => {
    testDb.current = t.db;
    fx = await buildIsolationFixture(t.db);
  });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    exportsRoute.POST(v1Request("POST", "/v1/exports", { key: fx.a.apiKey.secret, body, headers }), {
      params: Promise.resolve({}),
    });
  const getOne = (id: string) =>
    exportRoute.GET(v1Request("GET", `/v1/exports/${id}`, { key: fx.a.apiKey.secret }), {
      params: Promise.resolve({ id }),
    });

  it("answers 202 with a queued export, honours Idempotency-Key, then shows progress, sha256 and a fresh signed link", async () => {
    const body = { type: "remittances", format: "csv", filters: { currency: "USD" }, include_bom: true };
    const first = await post(body, { "idempotency-key": "exp-1" });
    expect(first.status).toBe(202);
    const created = Export.parse(await first.json());
    expect(created).toMatchObject({ status: "queued", progress: { rows_written: 0 }, download_url: null });
    const again = await post(body, { "idempotency-key": "exp-1" });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await again.json()).export_id).toBe(created.export_id);
    const n = await t.db.select({ n: count() }).from(exports).where(eq(exports.creditorId, fx.a.creditorId));
    expect(n[0]!.n).toBe(3); // the fixture's two and this one

    while ((await runExportJobs(t.db, appExportFiles(), { retentionDays: 7 })).rendered > 0);
    const done = Export.parse(await (await getOne(created.export_id)).json());
    expect(done).toMatchObject({ status: "succeeded", row_count: 1, progress: { rows_written: 1, rows_expected: 1 } });
    expect(done.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(done.download_url).toMatch(/\/api\/files\//);
    expect(new Date(done.expires_at!).getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    // The signed link serves the file (its bytes hash to sha256); a tampered link is 403, an expired one 410.
    const token = new URL(done.download_url!, "http://x").pathname.split("/").pop()!;
    const download = (tok: string) =>
      fileRoute.GET(new Request(`http://x/api/files/${tok}`), { params: Promise.resolve({ token: tok }) });
    const res = await download(token);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(done.sha256);
    expect(bytes.toString("utf8").startsWith("\ufeffremittance_id,")).toBe(true);
    expect((await download(`${token.slice(0, -2)}xx`)).status).toBe(403);
    const stale = appExportFiles().link(
      {
        id: (await t.db.select().from(exports).where(eq(exports.id, created.export_id)))[0]!.fileId!,
        name: "x.csv",
        expiresAt: null,
      },
      new Date(Date.now() - 3_600_000),
    );
    expect((await download(stale.url.split("/").pop()!)).status).toBe(410);
    // Creditor B's key cannot see A's export (404), so it never gets a link to it.
    const foreign = await exportRoute.GET(
      v1Request("GET", `/v1/exports/${created.export_id}`, { key: fx.b.apiKey.secret }),
      {
        params: Promise.resolve({ id: created.export_id }),
      },
    );
    expect(foreign.status).toBe(404);
    const list = ExportList.parse(
      await (
        await exportsRoute.GET(v1Request("GET", "/v1/exports", { key: fx.a.apiKey.secret }), {
          params: Promise.resolve({}),
        })
      ).json(),
    );
    expect(list.data.map((e) => e.export_id)).toContain(created.export_id);
  });

  it("refuses a ledger export (staff only, not in the document), an unknown type and a wrong status, writing nothing", async () => {
    const before = await t.db.select({ n: count() }).from(exports);
    expect((await post({ type: "ledger" })).status).toBe(400);
    expect((await post({ type: "invoices" })).status).toBe(400);
    const bad = await post({ type: "remittances", filters: { status: "open" } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/cleared, reversed, reinstated/);
    expect(await t.db.select({ n: count() }).from(exports)).toEqual(before);
  });
});
