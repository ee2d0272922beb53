import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import { outbox, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { systemActor } from "@/server/domain/actor";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { recordReversal } from "@/server/services/reversals/reversals";
import { verifyLedger } from "@/server/services/ledger/verify";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { testTokenKey } from "@/server/testing/jobs";
import { startWebhookReceiver } from "@/server/testing/webhook-receiver";
import { Statement } from "@/server/api/schemas";
import { statementJson } from "@/server/api/serialize";
import { issueStatement } from "../statements/issue";
import { getCreditorStatement } from "../statements/read";
import { RETRY_WINDOW_MS } from "./deliver";
import { createEndpoint, rotateSecret, updateEndpoint } from "./endpoints";
import { deliveryLog, replayDeliveries, sendTestEvent } from "./log";
import { runWebhookDeliveries } from "./run";
import type { WebhookDeps } from "./settings";

const actor = systemActor("test");
const key = testTokenKey();
const deps = (over: Partial<WebhookDeps> = {}): WebhookDeps => ({
  key,
  policy: { allowLoopback: true },
  timeoutMs: 2_000,
  disableAfterMs: 3 * 24 * 3_600_000,
  ...over,
});

describe("outbound webhooks", () => {
  const t = useTestDb();
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (closers.length) await closers.pop()!();
  });
  async function receiver(respond?: Parameters<typeof startWebhookReceiver>[0]) {
    const r = await startWebhookReceiver(respond);
    closers.push(r.close);
    return r;
  }
  let n = 0;
  const pay = (placementId: string, amount: bigint, at = new Date()) =>
    recordClearedPayment(
      t.db,
      { source: "manual", externalId: `wh-${++n}-${Date.now()}`, placementId, amount, currency: "USD", receivedAt: at },
      actor,
    );

  it("sends remittance.created and placement.paid, signed per Standard Webhooks, with the /v1 objects, written in the payment's transaction", async () => {
    const d = deps();
    const rx = await receiver();
    const creditor = await makeCreditor(t.db);
    const { endpoint, secret } = await createEndpoint(
      t.db,
      d,
      creditor.id,
      { url: rx.url, events: ["remittance.created", "placement.paid", "remittance.reversed"] },
      actor,
    );
    expect(secret).toMatch(/^whsec_/);
    const placement = await makePlacement(t.db, creditor.id, { amount: 10_000n });
    const paid = await pay(placement.id, 10_000n);
    if (paid.outcome !== "applied") throw new Error("not applied");
    const queued = await t.db.select().from(outbox).where(eq(outbox.topic, "webhook.event"));
    expect(queued.map((q) => q.payload.type).sort()).toEqual(["placement.paid", "remittance.created"]);

    const out = await runWebhookDeliveries(t.db, d);
    expect(out).toMatchObject({ events: 2, deliveries: 2, sent: 2, failed: 0 });
    const wh = new Webhook(secret);
    const bodies = rx.received.map(
      (r) => wh.verify(r.body, r.headers as Record<string, string>) as Record<string, never>,
    );
    const byType = Object.fromEntries(bodies.map((b) => [b.type, b.data]));
    expect(byType["remittance.created"]).toMatchObject({
      object: "remittance",
      remittance_id: paid.remittanceId,
      recovered_amount: 10_000,
      fee_amount: 2_500,
      net_remit_amount: 7_500,
    });
    expect(byType["placement.paid"]).toMatchObject({ object: "placement", placement_id: placement.id, status: "paid" });
    // A repeat run sends nothing again.
    expect(await runWebhookDeliveries(t.db, d)).toMatchObject({ events: 0, sent: 0 });

    await recordReversal(
      t.db,
      {
        paymentExternalId: `wh-${n}-x`,
        amount: 1n,
        currency: "USD",
        reason: "refund",
        externalRef: "re_none",
        occurredAt: new Date(),
      },
      actor,
    );
    const [log] = await deliveryLog(t.db, creditor.id, endpoint.id);
    expect(log).toMatchObject({ status: "succeeded", attempts: 1, responseStatus: 200 });
    expect(log!.log[0]).toMatchObject({ isSuccess: true, responseExcerpt: "ok" });
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("sends statement.issued with the statement as GET /v1/statements/{id} shows it (links minted by that GET)", async () => {
    const d = deps();
    const rx = await receiver();
    const creditor = await makeCreditor(t.db);
    const { secret } = await createEndpoint(t.db, d, creditor.id, { url: rx.url, events: ["statement.issued"] }, actor);
    const placement = await makePlacement(t.db, creditor.id, { amount: 10_000n });
    await pay(placement.id, 4_000n, new Date("2025-05-06T10:00:00Z"));
    const issued = await issueStatement(t.db, { creditorId: creditor.id, period: "2025-05", timeZone: "UTC" }, actor);
    if (issued.outcome !== "issued") throw new Error(issued.outcome);
    await runWebhookDeliveries(t.db, d);
    const sent = rx.received.map((r) => new Webhook(secret).verify(r.body, r.headers as Record<string, string>));
    expect(sent).toHaveLength(1);
    const { type, data } = sent[0] as { type: string; data: unknown };
    expect(type).toBe("statement.issued");
    const view = await getCreditorStatement(t.db, creditor.id, issued.statementId);
    expect(Statement.parse(data)).toEqual(statementJson(view));
    expect(data).toMatchObject({
      statement_id: issued.statementId,
      summary: [{ currency: "USD", collected: 4_000, agency_fees: -1_000 }],
      download_url: null,
    });
  });

  it("signs with both secrets during a rotation's overlap, then with the new one only", async () => {
    const d = deps();
    const rx = await receiver();
    const creditor = await makeCreditor(t.db);
    const { endpoint, secret: old } = await createEndpoint(
      t.db,
      d,
      creditor.id,
      { url: rx.url, events: ["remittance.created"] },
      actor,
    );
    const t0 = new Date();
    const { secret: fresh } = await rotateSecret(t.db, d, creditor.id, endpoint.id, 24, actor, t0);
    await sendTestEvent(t.db, d, creditor.id, endpoint.id, new Date(t0.getTime() + 1000));
    const first = rx.received[0]!;
    expect(String(first.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    for (const s of [old, fresh]) expect(() => new Webhook(s).verify(first.body, first.headers as never)).not.toThrow();

    await sendTestEvent(t.db, d, creditor.id, endpoint.id, new Date(t0.getTime() + 25 * 3_600_000));
    const second = rx.received[1]!;
    expect(String(second.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    // The timestamp is a day ahead of the clock: verify the signature alone with the library's signer.
    const ts = new Date(Number(second.headers["webhook-timestamp"]) * 1000);
    expect(second.headers["webhook-signature"]).toBe(
      new Webhook(fresh).sign(String(second.headers["webhook-id"]), ts, second.body),
    );
    expect(second.headers["webhook-signature"]).not.toBe(
      new Webhook(old).sign(String(second.headers["webhook-id"]), ts, second.body),
    );
  });

  it("retries with backoff, never follows a redirect, gives up after three days, and replays failed deliveries", async () => {
    const d = deps({ disableAfterMs: 10 * 24 * 3_600_000 });
    let mode: "redirect" | "fail" | "ok" = "redirect";
    const rx = await receiver(() =>
      mode === "redirect"
        ? { status: 302, headers: { location: "http://169.254.169.254/" } }
        : mode === "fail"
          ? { status: 500, body: "boom" }
          : { status: 204 },
    );
    const creditor = await makeCreditor(t.db);
    const { endpoint } = await createEndpoint(
      t.db,
      d,
      creditor.id,
      { url: rx.url, events: ["remittance.created"] },
      actor,
    );
    const placement = await makePlacement(t.db, creditor.id, { amount: 50_000n });
    await pay(placement.id, 1_000n);
    const start = new Date(Date.now() + 1_000);
    await runWebhookDeliveries(t.db, d, { now: start });
    let [row] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(row).toMatchObject({ status: "failed", attempts: 1, responseStatus: 302 });
    expect(row!.lastError).toMatch(/redirects are not followed/);
    expect(row!.nextAttemptAt.getTime() - start.getTime()).toBe(5_000);
    expect(rx.received).toHaveLength(1);

    mode = "fail";
    let now = start;
    for (let i = 0; i < 40 && row!.status === "failed"; i++) {
      now = row!.nextAttemptAt;
      await runWebhookDeliveries(t.db, d, { now });
      [row] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, row!.id));
    }
    expect(row!.status).toBe("dead");
    expect(now.getTime() - start.getTime()).toBeLessThanOrEqual(RETRY_WINDOW_MS);
    const gaps = (await deliveryLog(t.db, creditor.id, endpoint.id))[0]!.log
      .map((a) => a.attemptedAt.getTime())
      .reverse();
    const delays = gaps.slice(1).map((g, i) => g - gaps[i]!);
    expect(delays.slice(0, 4)).toEqual([5_000, 300_000, 1_800_000, 7_200_000]);

    mode = "ok";
    const replay = await replayDeliveries(t.db, creditor.id, endpoint.id, { since: start }, actor, now);
    expect(replay.replayed).toBe(1);
    await runWebhookDeliveries(t.db, d, { now });
    [row] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, row!.id));
    expect(row).toMatchObject({ status: "succeeded", responseStatus: 204 });
    // Every attempt of the same event carried the same webhook-id.
    expect(new Set(rx.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
  });

  it("disables an endpoint failing for days and emails its admins; enabling it again clears that", async () => {
    const mails: Array<{ to: string; subject: string }> = [];
    const d = deps({ disableAfterMs: 24 * 3_600_000 });
    const rx = await receiver(() => ({ status: 503 }));
    const creditor = await makeCreditor(t.db);
    const { createUser } = await import("@/server/services/identity/users");
    await createUser(
      t.db,
      { email: `adm-${Date.now()}@x.test`, name: "Ada", role: "creditor_admin", creditorId: creditor.id },
      actor,
    );
    const { endpoint } = await createEndpoint(
      t.db,
      d,
      creditor.id,
      { url: rx.url, events: ["remittance.created"] },
      actor,
    );
    const placement = await makePlacement(t.db, creditor.id, { amount: 50_000n });
    await pay(placement.id, 100n);
    const t0 = new Date(Date.now() + 1_000);
    await runWebhookDeliveries(t.db, d, { now: t0 });
    const t1 = new Date(t0.getTime() + 26 * 3_600_000);
    await pay(placement.id, 100n, t1);
    const send = async (m: { to: { address: string }; subject: string }) =>
      void mails.push({ to: m.to.address, subject: m.subject });
    await runWebhookDeliveries(t.db, d, { now: t1, send });
    const [ep] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(ep).toMatchObject({ isEnabled: false });
    expect(ep!.disabledReason).toMatch(/disabled automatically/);
    expect(mails).toEqual([{ to: expect.stringMatching(/^adm-/), subject: expect.stringMatching(/disabled/) }]);
    const back = await updateEndpoint(t.db, d, creditor.id, endpoint.id, { isEnabled: true }, actor);
    expect(back).toMatchObject({ isEnabled: true, disabledReason: null, failingSince: null });
  });

  it("refuses URLs that are not HTTPS or resolve to private, link-local or (without the setting) loopback addresses", async () => {
    const creditor = await makeCreditor(t.db);
    const strict = deps({ policy: { allowLoopback: false } });
    const make = (url: string, d = strict) =>
      createEndpoint(t.db, d, creditor.id, { url, events: ["remittance.created"] }, actor);
    await expect(make("http://example.com/hook")).rejects.toThrow(/https/);
    await expect(make("https://127.0.0.1/hook")).rejects.toThrow(/loopback/);
    await expect(make("https://localhost/hook")).rejects.toThrow(/loopback/);
    await expect(make("https://10.0.0.7/hook")).rejects.toThrow(/private/);
    await expect(make("https://169.254.169.254/latest")).rejects.toThrow(/metadata/);
    await expect(make("https://[::1]/hook")).rejects.toThrow(/loopback/);
    await expect(make("https://user:pw@8.8.8.8/hook")).rejects.toThrow(/user name/);
    await expect(make("https://192.168.0.2/hook", deps())).rejects.toThrow(/private/);
  });
});
