import fc from "fast-check";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as bulkRoute from "@/app/api/v1/placements/bulk/route";
import * as placementsRoute from "@/app/api/v1/placements/route";
import * as remittancesRoute from "@/app/api/v1/remittances/route";
import type { Db } from "@/db/client";
import { auditEvents, idempotencyRecords, placements } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { systemActor } from "@/server/domain/actor";
import { createApiKey } from "@/server/services/identity/api-keys";
import { verifyLedger } from "@/server/services/ledger/verify";
import { makeCreditor } from "@/server/testing/factories";
import { hostileString, hostileVariant } from "@/server/testing/hostile";
import { v1Request } from "./route-files";

const testDb = vi.hoisted(() => ({ current: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => testDb.current! }));

const noParams = { params: Promise.resolve({}) };
let seq = 0;
const valid = () => ({
  invoice_number: `FZ-${++seq}`,
  invoice_amount: 12_345,
  currency: "USD",
  due_date: "2026-12-31",
  debtor_name: "Fuzz Debtor",
  debtor_email: "fuzz@example.test",
  qbo_invoice_id: "77",
});

/**
 * Fuzz suite of the /v1 POSTs (issue 18): generated bad and hostile bodies, Idempotency-Keys and
 * query strings. Never a 5xx; a refusal writes nothing (no placement, no audit event, no
 * idempotency record); the ledger stays sound.
 */
describe("fuzz: /v1", () => {
  const t = useTestDb();
  let key = "";
  let creditorId = "";
  const counts = async () => ({
    placements: Number(
      (await t.db.select({ n: count() }).from(placements).where(eq(placements.creditorId, creditorId)))[0]!.n,
    ),
    audit: Number((await t.db.select({ n: count() }).from(auditEvents))[0]!.n),
    idempotency: Number((await t.db.select({ n: count() }).from(idempotencyRecords))[0]!.n),
  });

  beforeAll(async () => {
    testDb.current = t.db;
    creditorId = (await makeCreditor(t.db)).id;
    key = (await createApiKey(t.db, creditorId, "fuzz", systemActor("test"))).secret;
  });

  it("POST /v1/placements and /v1/placements/bulk: no 5xx, nothing written on refusal", async () => {
    const body = fc.oneof(
      fc
        .constant(null)
        .chain(() => hostileVariant(valid(), { unknownFields: true }))
        .map((b) => ({ bulk: false, b })),
      fc
        .constant(null)
        .chain(() => hostileVariant({ placements: [valid(), valid()] }, { unknownFields: true }))
        .map((b) => ({ bulk: true, b })),
      // Duplicated invoice numbers inside one batch, and an id another request already used.
      fc.constant({
        bulk: true,
        b: {
          placements: [
            { ...valid(), invoice_number: "DUP" },
            { ...valid(), invoice_number: "DUP" },
          ],
        },
      }),
    );
    const idemKey = fc.option(
      fc.oneof(
        fc.uuid(),
        hostileString().filter((s) => /^[\x20-\x7e]*$/.test(s)),
      ),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(body, idemKey, async ({ bulk, b }, idem) => {
        const before = await counts();
        const headers: Record<string, string> = idem === undefined ? {} : { "idempotency-key": idem };
        const route = bulk ? bulkRoute : placementsRoute;
        const res = await route.POST(
          v1Request("POST", bulk ? "/v1/placements/bulk" : "/v1/placements", { key, body: b, headers }),
          noParams,
        );
        expect(res.status, JSON.stringify(b).slice(0, 300)).toBeLessThan(500);
        if (res.status >= 400) expect(await counts()).toEqual(before);
      }),
      { numRuns: 150, seed: 18 },
    );
    expect(await verifyLedger(t.db)).toEqual([]);
  }, 120_000);

  it("GET query strings: no 5xx", async () => {
    const param = fc.constantFrom(
      "status",
      "invoice_number",
      "created_from",
      "created_to",
      "cursor",
      "limit",
      "placement_id",
      "x",
    );
    await fc.assert(
      fc.asyncProperty(fc.boolean(), param, hostileString(), async (remit, name, value) => {
        const path = `${remit ? "/v1/remittances" : "/v1/placements"}?${new URLSearchParams({ [name]: value.slice(0, 4_000) })}`;
        const res = await (remit ? remittancesRoute : placementsRoute).GET(v1Request("GET", path, { key }), noParams);
        expect(res.status, path.slice(0, 200)).toBeLessThan(500);
      }),
      { numRuns: 100, seed: 18 },
    );
  }, 60_000);
});
