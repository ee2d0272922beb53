import fc from "fast-check";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { useTestDb } from "@/db/testing/test-db";
import { qboWebhookEvents } from "@/db/schema";
import { resetEnvForTests } from "@/server/env";
import { signIntuitPayload } from "@/server/integrations/qbo/webhook";
import { hostileString, hostileVariant } from "@/server/testing/hostile";

const ref = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => ref.db! }));
vi.mock("@/server/jobs/notify", () => ({ requestJob: async () => "nudged" }));

const { POST } = await import("./route");
const VERIFIER = "fuzz-verifier-token";

/**
 * Fuzz suite of the QuickBooks webhook (issue 18): correctly signed CloudEvents arrays and legacy
 * payloads with hostile fields, unknown fields and duplicated ids; and unsigned garbage. Never a
 * 5xx; a refusal stores nothing.
 */
describe("fuzz: QuickBooks webhook", () => {
  const t = useTestDb();
  const stored = async () => Number((await t.db.select({ n: count() }).from(qboWebhookEvents))[0]!.n);
  const post = (body: string, signature: string | null) =>
    POST(
      new Request("http://clearbook.test/api/webhooks/qbo", {
        method: "POST",
        headers: { "content-type": "application/json", ...(signature ? { "intuit-signature": signature } : {}) },
        body,
      }),
    );

  beforeAll(() => {
    process.env.QBO_WEBHOOK_VERIFIER_TOKEN = VERIFIER;
    resetEnvForTests();
    ref.db = t.db;
  });
  afterAll(() => {
    delete process.env.QBO_WEBHOOK_VERIFIER_TOKEN;
    resetEnvForTests();
  });

  it("signed payloads with hostile fields: no 5xx, refusals store nothing", async () => {
    const id = fc.constantFrom("ce-1", "ce-2", "ce-3"); // duplicated ids across deliveries
    const cloud = fc.tuple(id, fc.nat(99)).map(([eventId, n]) => [
      {
        specversion: "1.0",
        id: eventId,
        type: "qbo.payment.created.v1",
        time: "2026-11-20T10:00:00Z",
        intuitentityid: String(n),
        intuitaccountid: "4620816365000000001",
        data: {},
      },
      {
        specversion: "1.0",
        id: `${eventId}-b`,
        type: "qbo.invoice.updated.v1",
        intuitentityid: "2",
        intuitaccountid: "1",
      },
    ]);
    const legacy = fc.nat(99).map((n) => ({
      eventNotifications: [
        {
          realmId: "4620816365000000001",
          dataChangeEvent: {
            entities: [
              { name: "Payment", id: String(n), operation: "Create", lastUpdated: "2026-11-20T10:00:00.000Z" },
            ],
          },
        },
      ],
    }));
    const body = fc.oneof(cloud, legacy).chain((valid) => hostileVariant(valid, { unknownFields: true }));
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const raw = JSON.stringify(payload) ?? "null";
        const before = await stored();
        const res = await post(raw, signIntuitPayload(raw, VERIFIER));
        expect(res.status, `${await res.text()} ← ${raw.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400) expect(await stored()).toBe(before);
      }),
      { numRuns: 150, seed: 18 },
    );
  }, 120_000);

  it("unsigned or wrongly signed bodies: 401, nothing stored", async () => {
    // Signatures as an HTTP client can send them (a header value is visible ASCII).
    const signature = fc.option(
      hostileString().filter((v) => /^[\x21-\x7e]*$/.test(v)),
      { nil: null },
    );
    await fc.assert(
      fc.asyncProperty(hostileString(), signature, async (raw, sig) => {
        const before = await stored();
        const res = await post(raw, sig);
        expect(res.status).toBe(401);
        expect(await stored()).toBe(before);
      }),
      { numRuns: 100, seed: 18 },
    );
  }, 60_000);
});
