import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { useTestDb } from "@/db/testing/test-db";
import { qboWebhookEvents } from "@/db/schema";
import { resetEnvForTests } from "@/server/env";
import { signIntuitPayload } from "@/server/integrations/qbo/webhook";

const ref = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => ref.db! }));
vi.mock("@/server/jobs/notify", () => ({ requestJob: async () => "nudged" }));

const { POST } = await import("./route");
const VERIFIER = "hostile-test-verifier-token";
const url = "http://clearbook.test/api/webhooks/qbo";

const cloudEvent = (i: number, extra: Record<string, unknown> = {}) => ({
  specversion: "1.0",
  id: `ce-hostile-${i}`,
  type: "qbo.payment.created.v1",
  time: "2026-11-20T10:00:00Z",
  intuitentityid: String(1000 + i),
  intuitaccountid: "4620816365000000001",
  data: {},
  ...extra,
});
const signed = (body: string) =>
  new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json", "intuit-signature": signIntuitPayload(body, VERIFIER) },
    body,
  });

/** Issue 18, finding 6: the QuickBooks webhook bounded while reading, large batches chunked, identifiers bounded. */
describe("QuickBooks webhook: hostile deliveries", () => {
  const t = useTestDb();
  const stored = async () => Number((await t.db.select({ n: count() }).from(qboWebhookEvents))[0]!.n);

  beforeAll(() => {
    process.env.QBO_WEBHOOK_VERIFIER_TOKEN = VERIFIER;
    resetEnvForTests();
    ref.db = t.db;
  });
  afterAll(() => {
    delete process.env.QBO_WEBHOOK_VERIFIER_TOKEN;
    resetEnvForTests();
  });

  it("stops reading a 20 MB body (no Content-Length) after the limit and answers 413", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 20 * 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const req = new Request(url, { method: "POST", body, duplex: "half" } as RequestInit);
    const res = await POST(req);
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
  });

  it("stores a signed batch of 11,000 CloudEvents (no 'too many parameters')", async () => {
    const before = await stored();
    // The smallest CloudEvents Intuit's shape allows, so 11,000 fit under the 1 MB limit.
    const body = JSON.stringify(
      Array.from({ length: 11_000 }, (_, i) => ({
        id: i,
        type: "qbo.payment.updated",
        intuitaccountid: "1",
        intuitentityid: String(i),
      })),
    );
    expect(body.length).toBeLessThan(1_000_000);
    const res = await POST(signed(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 11_000, duplicates: 0 });
    expect(await stored()).toBe(before + 11_000);
  });

  it("refuses a 500 KB entity id, a NUL in an id or a control character in a type with 400, storing nothing", async () => {
    const before = await stored();
    for (const [extra, message] of [
      [{ intuitentityid: "9".repeat(500_000) }, /intuitentityid|entityId is 500000 characters long/],
      [{ id: "ce-\u0000" }, /eventId contains a NUL character/],
      [{ intuitaccountid: "123\u0007" }, /realmId contains a control character/],
    ] as const) {
      const res = await POST(signed(JSON.stringify([cloudEvent(1), cloudEvent(2, extra)])));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
    expect(await stored()).toBe(before);
  });

  it("keeps a time PostgreSQL cannot hold as unknown instead of answering 500", async () => {
    const res = await POST(signed(JSON.stringify([cloudEvent(99, { id: "ce-old", time: "-271821-04-20T00:00:00Z" })])));
    expect(res.status).toBe(200);
    const [row] = await t.db.select().from(qboWebhookEvents).where(eq(qboWebhookEvents.eventId, "ce-old"));
    expect(row).toMatchObject({ occurredAt: null });
  });
});
