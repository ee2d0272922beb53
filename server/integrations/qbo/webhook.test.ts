import { describe, expect, it } from "vitest";
import { QboWebhookPayloadError, parseQboWebhook, signIntuitPayload, verifyIntuitSignature } from "./webhook";

const TOKEN = "verifier-token-123";

const cloudEvents = JSON.stringify([
  {
    specversion: "1.0",
    id: "ce-1",
    source: "intuit.x",
    type: "qbo.payment.created.v1",
    time: "2026-11-20T10:00:00Z",
    intuitentityid: "77",
    intuitaccountid: "9130350000000001",
    data: {},
  },
  {
    specversion: "1.0",
    id: "ce-2",
    source: "intuit.x",
    type: "qbo.invoice.updated.v1",
    time: "2026-11-20T10:00:01Z",
    intuitentityid: "145",
    intuitaccountid: "9130350000000002",
    data: {},
  },
  {
    specversion: "1.0",
    id: "ce-3",
    source: "intuit.x",
    type: "qbo.customer.merged.v1",
    time: "2026-11-20T10:00:02Z",
    intuitentityid: "5",
    intuitaccountid: "9130350000000002",
    data: { deletedId: "6" },
  },
]);

const legacy = JSON.stringify({
  eventNotifications: [
    {
      realmId: "1185883450",
      dataChangeEvent: {
        entities: [
          { name: "Payment", id: "1", operation: "Create", lastUpdated: "2015-10-05T14:42:19-0700" },
          { name: "Invoice", id: "145", operation: "Update", lastUpdated: "2015-10-05T14:42:19-0700" },
        ],
      },
    },
  ],
});

describe("verifyIntuitSignature", () => {
  it("accepts base64 HMAC-SHA256 of the raw body with the verifier token", () => {
    expect(verifyIntuitSignature(legacy, signIntuitPayload(legacy, TOKEN), TOKEN)).toBe(true);
  });
  it.each([
    ["no header", null],
    ["empty header", ""],
    ["wrong token", signIntuitPayload(legacy, "other-token")],
    ["signature of another body", signIntuitPayload(legacy + " ", TOKEN)],
    ["truncated", signIntuitPayload(legacy, TOKEN).slice(0, 20)],
    ["garbage", "not-base64-$$$"],
  ])("rejects %s", (_n, header) => {
    expect(verifyIntuitSignature(legacy, header, TOKEN)).toBe(false);
  });
  it("rejects when no verifier token is configured", () => {
    expect(verifyIntuitSignature(legacy, signIntuitPayload(legacy, ""), "")).toBe(false);
  });
});

describe("parseQboWebhook", () => {
  it("normalises a CloudEvents array spanning several companies", () => {
    expect(parseQboWebhook(cloudEvents)).toEqual([
      {
        eventId: "ce-1",
        realmId: "9130350000000001",
        entity: "Payment",
        entityId: "77",
        operation: "Create",
        occurredAt: new Date("2026-11-20T10:00:00Z"),
      },
      {
        eventId: "ce-2",
        realmId: "9130350000000002",
        entity: "Invoice",
        entityId: "145",
        operation: "Update",
        occurredAt: new Date("2026-11-20T10:00:01Z"),
      },
      {
        eventId: "ce-3",
        realmId: "9130350000000002",
        entity: "Customer",
        entityId: "5",
        operation: "Merge",
        occurredAt: new Date("2026-11-20T10:00:02Z"),
        deletedId: "6",
      },
    ]);
  });

  it("normalises the legacy payload with deterministic ids for dedupe", () => {
    const a = parseQboWebhook(legacy);
    expect(a.map(({ eventId: _e, ...rest }) => rest)).toEqual([
      {
        realmId: "1185883450",
        entity: "Payment",
        entityId: "1",
        operation: "Create",
        occurredAt: new Date("2015-10-05T21:42:19Z"),
      },
      {
        realmId: "1185883450",
        entity: "Invoice",
        entityId: "145",
        operation: "Update",
        occurredAt: new Date("2015-10-05T21:42:19Z"),
      },
    ]);
    expect(a[0]!.eventId).toMatch(/^legacy:[0-9a-f]{40}$/);
    expect(a[0]!.eventId).not.toBe(a[1]!.eventId);
    // A redelivery (even re-serialised differently) yields the same ids.
    expect(parseQboWebhook(JSON.stringify(JSON.parse(legacy), null, 2)).map((e) => e.eventId)).toEqual(
      a.map((e) => e.eventId),
    );
  });

  it("accepts an empty CloudEvents array", () => {
    expect(parseQboWebhook("[]")).toEqual([]);
  });

  it.each([
    ["not JSON", "{"],
    ["an unknown object", JSON.stringify({ hello: "world" })],
    [
      "a CloudEvent without its realm",
      JSON.stringify([{ specversion: "1.0", id: "x", type: "qbo.payment.created.v1", intuitentityid: "1" }]),
    ],
    [
      "a legacy entity without an id",
      JSON.stringify({
        eventNotifications: [
          { realmId: "1", dataChangeEvent: { entities: [{ name: "Payment", operation: "Create" }] } },
        ],
      }),
    ],
  ])("rejects %s", (_n, raw) => {
    expect(() => parseQboWebhook(raw)).toThrow(QboWebhookPayloadError);
  });
});
