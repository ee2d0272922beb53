import { InngestTestEngine } from "@inngest/test";
import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import {
  creditors,
  disbursements,
  files,
  qboPaymentMappings,
  qboWebhookEvents,
  signInAttempts,
  stripeEvents,
  workItems,
} from "@/db/schema";
import { type QboDouble, startQboDouble } from "@/server/integrations/qbo/double";
import { createStripeClient } from "@/server/integrations/stripe/client";
import { type StripeDouble, startStripeDouble } from "@/server/integrations/stripe/double/double";
import { dispute, paymentIntent, stripeEvent } from "@/server/testing/stripe";
import { JOB_BODIES } from "@/server/jobs/definitions";
import type { JobDeps } from "@/server/jobs/deps";
import { SCHEDULES } from "@/server/jobs/schedules";
import { connectToDouble, doubleDeps, linkedPlacements, testTokenKey } from "@/server/testing/jobs";
import { disburseNow } from "@/server/testing/disburse";
import { storeFile } from "@/server/services/files/files";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { receiveStripeEvent } from "@/server/services/stripe-events/inbox";
import { storeQboWebhookEvents } from "@/server/services/qbo/webhooks";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { createCatchUpQboChanges } from "./catch-up-qbo-changes";
import { createKeepPaymentMatching } from "./keep-payment-matching";
import { createFunctions } from "./index";
import { createProcessQboWebhooks } from "./process-qbo-webhooks";
import { createPruneExpiredFiles } from "./prune-expired-files";
import { createPruneSignInAttempts } from "./prune-sign-in-attempts";
import { createResolveStripeParked } from "./resolve-stripe-parked";
import { createSendStripeTransfers } from "./send-stripe-transfers";
import { createSweepQboDrift } from "./sweep-qbo-drift";
import { createTickQboWritebacks } from "./tick-qbo-writebacks";
import { createWriteBackPayments } from "./write-back-payments";

/** Functions run in process by @inngest/test (no Inngest server), against a test database and the QBO and Stripe doubles. */
describe("Inngest functions", () => {
  const t = useTestDb();
  let double: QboDouble;
  let stripeDouble: StripeDouble;
  let stripe: Stripe;
  let deps: JobDeps;
  const key = testTokenKey();
  const timer: [{ name: string; data: Record<string, unknown> }] = [
    { name: "inngest/scheduled.timer", data: { cron: "test" } },
  ];

  beforeAll(async () => {
    double = await startQboDouble();
    deps = { db: async () => t.db, qbo: doubleDeps(double, { key }) };
    stripeDouble = await startStripeDouble();
    stripe = createStripeClient({
      secretKey: "sk_test_double",
      apiBase: stripeDouble.url,
      maxNetworkRetries: 0,
      timeoutMs: 5_000,
    });
  });
  afterAll(async () => {
    await double.close();
    await stripeDouble.close();
  });

  async function connectedCreditor(count = 1) {
    const creditor = await makeCreditor(t.db);
    const c = await linkedPlacements(t.db, double, { creditorId: creditor.id, count });
    await connectToDouble(t.db, double, { creditorId: creditor.id, realmId: c.realmId, key });
    return { creditorId: creditor.id, ...c };
  }
  let n = 0;
  const pay = (placementId: string, amount: bigint) =>
    recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: `pi_fn_${++n}_${Date.now()}`,
        placementId,
        amount,
        currency: "USD",
        receivedAt: new Date(),
      },
      { type: "stripe_webhook", id: `evt_fn_${n}` },
    );

  it("declares v4 triggers: the shared cron schedules and typed events", () => {
    // getConfig is what `serve()` registers with Inngest; private in the types, public at runtime.
    type WithConfig = { getConfig(o: { baseUrl: URL; appPrefix: string }): Array<{ id: string; triggers: unknown[] }> };
    const configs = createFunctions(deps).map(
      (f) =>
        (f as unknown as WithConfig).getConfig({
          baseUrl: new URL("http://localhost/api/inngest"),
          appPrefix: "clearbook",
        })[0]!,
    );
    const byId = Object.fromEntries(configs.map((c) => [c.id.replace(/^clearbook-/, ""), c.triggers]));
    expect(byId["tick-qbo-writebacks"]).toEqual(expect.arrayContaining([{ cron: SCHEDULES.qboWritebacks }]));
    expect(byId["sweep-qbo-drift"]).toEqual(expect.arrayContaining([{ cron: SCHEDULES.qboDrift }]));
    expect(byId["catch-up-qbo-changes"]).toEqual(expect.arrayContaining([{ cron: SCHEDULES.qboCdc }]));
    expect(byId["write-back-payments"]).toEqual([{ event: "qbo/writeback.requested" }]);
    expect(byId["process-qbo-webhooks"]).toEqual(
      expect.arrayContaining([{ event: "qbo/webhook.received" }, { cron: SCHEDULES.qboWebhooks }]),
    );
    expect(byId["send-stripe-transfers"]).toEqual(expect.arrayContaining([{ cron: SCHEDULES.stripeTransfers }]));
    expect(byId["resolve-stripe-parked"]).toEqual(expect.arrayContaining([{ cron: SCHEDULES.stripeParked }]));
    expect(byId["prune-sign-in-attempts"]).toEqual(expect.arrayContaining([{ cron: SCHEDULES.signInPrune }]));
    expect(byId["prune-expired-files"]).toEqual(expect.arrayContaining([{ cron: SCHEDULES.filesPrune }]));
  });

  it("the tick turns outbox rows into mappings and fans out one event per creditor with due writebacks", async () => {
    const c = await connectedCreditor();
    const r = await pay(c.placements[0]!.placementId, 4_200n);
    const engine = new InngestTestEngine({ function: createTickQboWritebacks(deps) });
    const { result, error, ctx } = await engine.execute({
      events: timer,
      steps: [{ id: "fan-out", handler: () => ({ ids: ["evt-1"] }) }],
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({
      accepted: expect.objectContaining({ mapped: expect.any(Number) }),
      creditors: expect.any(Number),
    });
    expect(ctx.step.sendEvent).toHaveBeenCalledWith(
      "fan-out",
      expect.arrayContaining([
        expect.objectContaining({ name: "qbo/writeback.requested", data: { creditorId: c.creditorId } }),
      ]),
    );
    const [m] = await t.db
      .select()
      .from(qboPaymentMappings)
      .where(eq(qboPaymentMappings.paymentAttemptId, r.paymentAttemptId));
    expect(m).toMatchObject({ status: "pending", amount: 4_200n });
  });

  it("the per-creditor function posts that creditor's due writebacks", async () => {
    const c = await connectedCreditor();
    const r = await pay(c.placements[0]!.placementId, 1_500n);
    await new InngestTestEngine({ function: createTickQboWritebacks(deps) }).execute({
      events: timer,
      steps: [{ id: "fan-out", handler: () => ({ ids: [] }) }],
    });
    const engine = new InngestTestEngine({ function: createWriteBackPayments(deps) });
    const { result, error } = await engine.execute({
      events: [{ name: "qbo/writeback.requested", data: { creditorId: c.creditorId } }],
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ posted: 1, failed: 0 });
    const [m] = await t.db
      .select()
      .from(qboPaymentMappings)
      .where(eq(qboPaymentMappings.paymentAttemptId, r.paymentAttemptId));
    expect(m!.status).toBe("posted");
    expect(double.listPayments(c.realmId).map((p) => p.requestId)).toEqual([m!.requestId]);
  });

  it("fails the run (for Inngest to retry) when its step really throws", async () => {
    const broken: JobDeps = {
      ...deps,
      db: async () => {
        throw new Error("database unavailable");
      },
    };
    const engine = new InngestTestEngine({ function: createWriteBackPayments(broken) });
    const { error } = await engine.execute({
      events: [{ name: "qbo/writeback.requested", data: { creditorId: "00000000-0000-4000-8000-000000000000" } }],
    });
    expect(error).toBeDefined();
    expect(String((error as Error).message ?? error)).toContain("database unavailable");
  });

  it("processes stored webhook events into direct-payment work items", async () => {
    const c = await connectedCreditor();
    const paid = double.recordOutOfBandPayment(c.realmId, {
      invoiceId: c.placements[0]!.invoiceId,
      amountCents: 5_000,
    });
    await storeQboWebhookEvents(t.db, [
      {
        eventId: `ce-${paid.Id}-${c.realmId}`,
        realmId: c.realmId,
        entity: "Payment",
        entityId: paid.Id,
        operation: "Create",
        occurredAt: new Date(),
      },
    ]);
    const engine = new InngestTestEngine({ function: createProcessQboWebhooks(deps) });
    const { result, error } = await engine.execute({
      events: [{ name: "qbo/webhook.received", data: { realmIds: [c.realmId] } }],
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ processed: 1, directPayments: 1 });
    const [ev] = await t.db
      .select()
      .from(qboWebhookEvents)
      .where(eq(qboWebhookEvents.eventId, `ce-${paid.Id}-${c.realmId}`));
    expect(ev!.status).toBe("processed");
  });

  it("sweeps drift one step per company and records what it found", async () => {
    const c = await connectedCreditor(2);
    double.editInvoiceTotal(c.realmId, c.placements[1]!.invoiceId, 150_000);
    const engine = new InngestTestEngine({ function: createSweepQboDrift(deps) });
    const { result, error, ctx } = await engine.execute({ events: timer });
    expect(error).toBeUndefined();
    expect(ctx.step.run).toHaveBeenCalledWith(`sweep-${c.creditorId}`, expect.any(Function));
    expect((result as { newDrift: number }).newDrift).toBeGreaterThanOrEqual(1);
    const items = await t.db
      .select()
      .from(workItems)
      .where(and(eq(workItems.creditorId, c.creditorId), eq(workItems.kind, "drift")));
    expect(items.map((i) => i.evidence.cause)).toEqual(["invoice_edited"]);
  });

  it("catches up changes per company daily", async () => {
    const c = await connectedCreditor();
    double.recordOutOfBandPayment(c.realmId, { invoiceId: c.placements[0]!.invoiceId, amountCents: 2_500 });
    const engine = new InngestTestEngine({ function: createCatchUpQboChanges(deps) });
    const { result, error } = await engine.execute({ events: timer });
    expect(error).toBeUndefined();
    expect((result as { directPayments: number }).directPayments).toBeGreaterThanOrEqual(1);
  });

  /** A queued `stripe.transfer` outbox row: a connected creditor owed money, disbursed. */
  async function queuedTransfer() {
    const creditor = await makeCreditor(t.db, { rateBps: 2000 });
    await t.db
      .update(creditors)
      .set({ stripeAccountId: `acct_${creditor.id.slice(0, 8)}` })
      .where(eq(creditors.id, creditor.id));
    const placement = await makePlacement(t.db, creditor.id, { amount: 5_000n });
    await pay(placement.id, 5_000n);
    const d = await disburseNow(t.db, { creditorId: creditor.id, currency: "USD" });
    if (d.outcome !== "created") throw new Error("expected a disbursement");
    return d.disbursementId;
  }

  /** A dispute parked 20 minutes ago, waiting for a payment Stripe (the double) knows. */
  async function staleParkedDispute() {
    const creditor = await makeCreditor(t.db);
    const placement = await makePlacement(t.db, creditor.id, { amount: 3_000n });
    const pi = paymentIntent({ amount: 3_000, placementId: placement.id });
    stripeDouble.seed(pi);
    const du = stripeEvent(
      "charge.dispute.funds_withdrawn",
      dispute({ amount: 3_000, paymentIntentId: pi.id, chargeId: pi.latest_charge }),
    );
    expect((await receiveStripeEvent(t.db, du as unknown as Stripe.Event)).status).toBe("parked");
    await t.db
      .update(stripeEvents)
      .set({ receivedAt: sql`now() - interval '20 minutes'` })
      .where(eq(stripeEvents.eventId, du.id));
    return du.id;
  }
  const statusOf = async (eventId: string) =>
    (await t.db.select({ status: stripeEvents.status }).from(stripeEvents).where(eq(stripeEvents.eventId, eventId)))[0]
      ?.status;

  it("sends queued Stripe transfers and records their ids; without a Stripe key it reports skipped", async () => {
    const id = await queuedTransfer();
    const skipped = await new InngestTestEngine({
      function: createSendStripeTransfers({ ...deps, stripe: null }),
    }).execute({ events: timer });
    expect(skipped.result).toMatchObject({ claimed: 0, skipped: expect.stringMatching(/STRIPE_SECRET_KEY/) });
    const { result, error } = await new InngestTestEngine({
      function: createSendStripeTransfers({ ...deps, stripe }),
    }).execute({ events: timer });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ sent: 1, failed: 0 });
    const [d] = await t.db.select().from(disbursements).where(eq(disbursements.id, id));
    expect(d).toMatchObject({ status: "sent", stripeTransferId: stripeDouble.transfers().at(-1)!.id });
  });

  it("looks up the payments of events parked for over 15 minutes; without a Stripe key it only re-runs them and says so", async () => {
    const eventId = await staleParkedDispute();
    const skipped = await new InngestTestEngine({
      function: createResolveStripeParked({ ...deps, stripe: null }),
    }).execute({ events: timer });
    expect(skipped.result).toMatchObject({
      looked: 1,
      resolved: 0,
      skipped: expect.stringMatching(/STRIPE_SECRET_KEY/),
    });
    expect(await statusOf(eventId)).toBe("parked");
    const { result, error } = await new InngestTestEngine({
      function: createResolveStripeParked({ ...deps, stripe }),
    }).execute({ events: timer });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ looked: 1, resolved: 1 });
    expect(await statusOf(eventId)).toBe("processed");
  });

  it("prunes sign-in attempts past their retention and keeps the throttle's recent ones", async () => {
    const email = `prune-${Date.now()}@example.test`;
    const day = 24 * 60 * 60_000;
    await t.db.insert(signInAttempts).values([
      { email, ip: "203.0.113.7", outcome: "failure", attemptedAt: new Date(Date.now() - 31 * day) },
      { email, ip: "203.0.113.7", outcome: "failure", attemptedAt: new Date(Date.now() - 60_000) },
    ]);
    const { result, error } = await new InngestTestEngine({ function: createPruneSignInAttempts(deps) }).execute({
      events: timer,
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ deleted: expect.any(Number) });
    const left = await t.db
      .select({ at: signInAttempts.attemptedAt })
      .from(signInAttempts)
      .where(eq(signInAttempts.email, email));
    expect(left).toHaveLength(1);
    expect(left[0]!.at.getTime()).toBeGreaterThan(Date.now() - day);
  });

  it("payment matching upkeep applies a payment that arrived before its placement, once the placement is placed", async () => {
    const c = await makeCreditor(t.db);
    const invoice = `LATE-${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
    const early = await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: `pi_fn_early_${invoice}`,
        amount: 1_500n,
        currency: "USD",
        receivedAt: new Date(Date.now() - 3_600_000),
        metadata: { reference: invoice },
      },
      { type: "stripe_webhook", id: "evt_fn_early" },
    );
    expect(early.outcome).toBe("unmatched");
    const p = await makePlacement(t.db, c.id, { amount: 5_000n, invoiceNumber: invoice });
    const { result, error } = await new InngestTestEngine({ function: createKeepPaymentMatching(deps) }).execute({
      events: timer,
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ rematched: { applied: 1 } });
    const [item] = await t.db.select().from(workItems).where(eq(workItems.subjectId, early.paymentAttemptId));
    expect(item).toMatchObject({
      status: "resolved",
      resolution: { action: "auto_matched", parts: [{ placementId: p.id }] },
    });
  });

  it("deletes stored files past their expiry and keeps the others", async () => {
    const store = (name: string, expiresAt: Date) =>
      storeFile(t.db, {
        kind: "export_csv",
        name,
        contentType: "text/csv",
        creditorId: null,
        body: Buffer.from(name),
        expiresAt,
      });
    const expired = await store("expired.csv", new Date(Date.now() - 1_000));
    const current = await store("current.csv", new Date(Date.now() + 3_600_000));
    const { result, error } = await new InngestTestEngine({ function: createPruneExpiredFiles(deps) }).execute({
      events: timer,
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ expired: 1, failed: 0 });
    const status = async (id: string) => (await t.db.select().from(files).where(eq(files.id, id)))[0]!.status;
    expect(await status(expired.id)).toBe("deleted");
    expect(await status(current.id)).toBe("complete");
    await store("expired-too.csv", new Date(Date.now() - 1_000));
    expect(await JOB_BODIES.filesPrune(deps)).toMatchObject({ expired: 1, purged: 1 });
  });

  it("the in-process runner's bodies call the same services", async () => {
    const eventId = await staleParkedDispute();
    const id = await queuedTransfer();
    expect(await JOB_BODIES.stripeParked({ ...deps, stripe })).toMatchObject({ resolved: 1 });
    expect(await statusOf(eventId)).toBe("processed");
    expect(await JOB_BODIES.stripeTransfers({ ...deps, stripe })).toMatchObject({ sent: 1 });
    const [d] = await t.db.select().from(disbursements).where(eq(disbursements.id, id));
    expect(d!.stripeTransferId).toMatch(/^tr_/);
    const email = `prune-body-${Date.now()}@example.test`;
    await t.db.insert(signInAttempts).values({
      email,
      ip: "203.0.113.8",
      outcome: "failure",
      attemptedAt: new Date(Date.now() - 40 * 24 * 60 * 60_000),
    });
    expect(await JOB_BODIES.signInPrune(deps)).toMatchObject({ deleted: 1 });
    expect(await t.db.select().from(signInAttempts).where(eq(signInAttempts.email, email))).toEqual([]);
  });
});
