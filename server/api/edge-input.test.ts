import { count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as bulkRoute from "@/app/api/v1/placements/bulk/route";
import * as placementsRoute from "@/app/api/v1/placements/route";
import * as remittancesRoute from "@/app/api/v1/remittances/route";
import type { Db } from "@/db/client";
import { auditEvents, placements } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import type { SessionUser } from "@/server/auth/roles";
import { systemActor } from "@/server/domain/actor";
import { createApiKey } from "@/server/services/identity/api-keys";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { createContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";
import { v1Request } from "./route-files";

const testDb = vi.hoisted(() => ({ current: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => testDb.current! }));

const noParams = { params: Promise.resolve({}) };
const row = (invoice_number: string, extra: Record<string, unknown> = {}) => ({
  invoice_number,
  invoice_amount: 250_00,
  currency: "USD",
  due_date: "2026-09-30",
  debtor_name: "Pat Payer",
  ...extra,
});
const csvOf = (...lines: string[]) =>
  ["invoice_number,invoice_amount,currency,due_date,debtor_name", ...lines].join("\n");
const trpcError = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e: { code?: string; message?: string; data?: { code?: string } }) => `${e.code ?? e.data?.code}: ${e.message}`,
  );

/**
 * Findings 3 and 4 of issue 18: amounts past the API's range and NUL / control characters, on
 * every surface that takes a placement (/v1, tRPC, CSV intake). Each answers a 4xx naming the
 * field and writes nothing.
 */
describe("amount bounds and the character rule at every intake surface", () => {
  const t = useTestDb();
  let creditorId = "";
  let key = "";
  let user: SessionUser;
  const written = async () =>
    (await t.db.select({ n: count() }).from(placements).where(eq(placements.creditorId, creditorId)))[0]!.n;
  const post = async (path: string, payload: unknown) => {
    const res = await (path.endsWith("/bulk") ? bulkRoute : placementsRoute).POST(
      v1Request("POST", path, { key, body: payload }),
      noParams,
    );
    return { status: res.status, json: (await res.json()) as { error?: { message: string; details?: unknown } } };
  };
  const caller = () => createCaller(createContext({ db: t.db, user }));

  beforeAll(async () => {
    testDb.current = t.db;
    creditorId = (await makeCreditor(t.db)).id;
    key = (await createApiKey(t.db, creditorId, "edge", systemActor("test"))).secret;
    user = { id: "00000000-0000-4000-8000-0000000000e1", role: "creditor_admin", creditorId };
  });

  it("/v1 refuses amounts above 2^53 − 1 and above the business maximum, naming the field", async () => {
    const before = await written();
    const huge = await post("/v1/placements", row("BIG-1", { invoice_amount: 1e30 }));
    expect(huge.status).toBe(400);
    expect(huge.json.error!.message).toMatch(/^invoice_amount: /);
    const overBusiness = await post("/v1/placements", row("BIG-2", { invoice_amount: 2 ** 53 - 1 }));
    expect(overBusiness.status).toBe(400);
    expect(overBusiness.json.error!.message).toMatch(/invoice_amount 90071992547409\.91 USD is over the limit/);
    const bulk = await post("/v1/placements/bulk", {
      placements: [row("BIG-3"), row("BIG-4", { invoice_amount: 1e13 })],
    });
    expect(bulk.status).toBe(400);
    expect(JSON.stringify(bulk.json.error!.details)).toMatch(/invoice_amount 100000000000\.00 USD is over the limit/);
    expect(await written()).toBe(before);
  });

  it("/v1 refuses NUL and control characters in bodies, keys and query strings with a 400 naming the field", async () => {
    const before = await written();
    const nul = await post("/v1/placements", row("NUL-1", { debtor_name: "Pat\u0000Payer" }));
    expect(nul).toMatchObject({ status: 400 });
    expect(nul.json.error!.message).toMatch(/^debtor_name contains a NUL character \(U\+0000\)/);
    const bell = await post("/v1/placements/bulk", { placements: [row("CTL-1", { invoice_number: "A\u0007" })] });
    expect(bell.json.error!.message).toMatch(/^placements\.0\.invoice_number contains a control character \(U\+0007\)/);
    const lone = await post("/v1/placements", row("SUR-1", { debtor_name: "Pat \ud800" }));
    expect(lone.json.error!.message).toMatch(/unpaired UTF-16 surrogate/);
    const inKey = await post("/v1/placements", { ...row("KEY-1"), ["x\u0000"]: 1 });
    expect(inKey.json.error!.message).toMatch(/field name that contains a NUL/);
    for (const [route, path] of [
      [placementsRoute, "/v1/placements?invoice_number=A%00B"],
      [remittancesRoute, "/v1/remittances?cursor=%00"],
    ] as const) {
      const res = await route.GET(v1Request("GET", path, { key }), noParams);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/contains a NUL character/);
    }
    expect(await written()).toBe(before);
  });

  it("GET /v1/placements lists a row stored before the bounds existed instead of answering 500", async () => {
    const p = await makePlacement(t.db, creditorId, { amount: 100n, invoiceNumber: "LEGACY-HUGE" });
    // Written behind the service's back, as a row from before the bound would be.
    await t.db.execute(sql`alter table placements drop constraint if exists placements_amounts_in_range`);
    await t.db.execute(sql`update placements set invoice_amount = 9000000000000000001 where id = ${p.id}`);
    const res = await placementsRoute.GET(
      v1Request("GET", "/v1/placements?invoice_number=LEGACY-HUGE", { key }),
      noParams,
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"invoice_amount":9000000000000000001');
  });

  it("tRPC placements.create refuses 1e30, the business maximum and control characters, writing nothing", async () => {
    const before = await written();
    const base = { invoiceNumber: "T-1", currency: "USD", dueDate: "2026-09-30", debtorName: "Pat" };
    expect(await trpcError(caller().placements.create({ ...base, invoiceAmount: 10n ** 30n }))).toMatch(
      /^BAD_REQUEST: [\s\S]*"invoiceAmount"[\s\S]*must be at most 9007199254740991/,
    );
    expect(await trpcError(caller().placements.create({ ...base, invoiceAmount: 10n ** 13n }))).toMatch(
      /^BAD_REQUEST: invoice_amount 100000000000\.00 USD is over the limit/,
    );
    expect(
      await trpcError(caller().placements.create({ ...base, invoiceAmount: 100n, debtorName: "P\u0000t" })),
    ).toMatch(/^BAD_REQUEST: debtorName contains a NUL character/);
    expect(await written()).toBe(before);
  });

  it("the CSV preview flags what the commit refuses (a 23-digit amount, an over-long invoice number); NUL is a 400", async () => {
    const before = await written();
    const audits = async () => (await t.db.select({ n: count() }).from(auditEvents))[0]!.n;
    const auditsBefore = await audits();
    const csv = csvOf(
      "CSV-1,100.00,USD,2026-10-01,Ann",
      "CSV-2,12345678901234567890123,USD,2026-10-01,Bob",
      `${"N".repeat(500)},5.00,USD,2026-10-01,Cy`,
    );
    const preview = await caller().intake.preview({ csv });
    expect(preview).toMatchObject({ totalRows: 3, validRows: 1, errorRows: 2 });
    expect(preview.rows[1]!.problems.join(" ")).toMatch(
      /invoice_amount 12345678901234567890123\.00 USD is over the limit/,
    );
    expect(preview.rows[2]!.problems.join(" ")).toMatch(/invoice_number is 500 characters long; at most 200/);
    expect(await trpcError(caller().intake.commit({ csv }))).toMatch(/^BAD_REQUEST: 2 of 3 rows have problems/);
    expect(await trpcError(caller().intake.commit({ csv: csvOf("CSV-9,1.00,USD,2026-10-01,A\u0000n") }))).toMatch(
      /^BAD_REQUEST: csv contains a NUL character \(U\+0000\) on line 2/,
    );
    expect(await written()).toBe(before);
    expect(await audits()).toBe(auditsBefore);
  });
});
