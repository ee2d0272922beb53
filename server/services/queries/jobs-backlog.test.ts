import { describe, expect, it } from "vitest";
import { outbox, stripeEvents } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { jobsBacklog } from "./jobs-backlog";

describe("jobs backlog", () => {
  const t = useTestDb();

  it("is empty when nothing waits", async () => {
    expect(await jobsBacklog(t.db)).toEqual([]);
  });

  it("counts what waits in both systems, failures first, and leaves finished work out", async () => {
    await t.db.insert(outbox).values([
      { topic: "qbo.writeback", idempotencyKey: "qbo-payment:a", payload: {} },
      { topic: "qbo.writeback", idempotencyKey: "qbo-payment:b", payload: {} },
      { topic: "qbo.writeback", idempotencyKey: "qbo-payment:c", payload: {}, status: "done" },
      { topic: "stripe.transfer", idempotencyKey: "transfer:a", payload: {}, status: "failed" },
    ]);
    const event = (id: string, status: "parked" | "failed" | "processed") => ({
      eventId: id,
      type: "charge.refunded",
      livemode: false,
      created: new Date(),
      payload: { id },
      status,
    });
    await t.db
      .insert(stripeEvents)
      .values([
        event("evt_p1", "parked"),
        event("evt_p2", "parked"),
        event("evt_f1", "failed"),
        event("evt_ok", "processed"),
      ]);

    expect(await jobsBacklog(t.db)).toEqual([
      {
        system: "QuickBooks",
        key: "outbox:qbo.writeback:pending",
        label: "QuickBooks writebacks in the outbox: pending",
        count: 2,
        attention: false,
      },
      {
        system: "Stripe",
        key: "stripe_event:stripe.event:failed",
        label: "Stripe events: failed",
        count: 1,
        attention: true,
      },
      {
        system: "Stripe",
        key: "outbox:stripe.transfer:failed",
        label: "Stripe transfers in the outbox: failed",
        count: 1,
        attention: true,
      },
      {
        system: "Stripe",
        key: "stripe_event:stripe.event:parked",
        label: "Stripe events: parked",
        count: 2,
        attention: false,
      },
    ]);
  });
});
