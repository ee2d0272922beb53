import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import type { JobDeps } from "@/server/jobs/deps";
import { systemActor } from "@/server/domain/actor";
import { createExport, getExport } from "@/server/services/exports/exports";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { createEndpoint } from "@/server/services/webhooks-out/endpoints";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { testTokenKey } from "@/server/testing/jobs";
import { countingFiles } from "@/server/testing/counting-files";
import { startWebhookReceiver } from "@/server/testing/webhook-receiver";
import { createDeliverWebhooks } from "./deliver-webhooks";
import { createExpireExports } from "./expire-exports";
import { createRenderExports } from "./render-exports";

const timer: [{ name: string; data: Record<string, unknown> }] = [
  { name: "inngest/scheduled.timer", data: { cron: "test" } },
];

/** The export and webhook functions run in process by @inngest/test against a test database. */
describe("export and webhook functions", () => {
  const t = useTestDb();
  const mem = countingFiles();
  let rx: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let deps: JobDeps;
  beforeAll(async () => {
    rx = await startWebhookReceiver();
    deps = {
      db: async () => t.db,
      exportFiles: mem.files,
      webhooks: { key: testTokenKey(), policy: { allowLoopback: true }, timeoutMs: 2_000, disableAfterMs: 86_400_000 },
    };
  });
  afterAll(() => rx.close());

  it("renders a requested export, then its export.succeeded event reaches the creditor's endpoint; retention expires it", async () => {
    const actor = systemActor("test");
    const creditor = await makeCreditor(t.db);
    await createEndpoint(t.db, deps.webhooks!, creditor.id, { url: rx.url, events: ["export.succeeded"] }, actor);
    const placement = await makePlacement(t.db, creditor.id);
    await recordClearedPayment(
      t.db,
      {
        source: "manual",
        externalId: "fn-1",
        placementId: placement.id,
        amount: 500n,
        currency: "USD",
        receivedAt: new Date(),
      },
      actor,
    );
    const scope = { kind: "creditor" as const, creditorId: creditor.id };
    const e = await createExport(t.db, scope, { type: "remittances", format: "csv", filters: {} }, actor);

    const rendered = await new InngestTestEngine({ function: createRenderExports(deps) }).execute({ events: timer });
    expect(rendered.result).toMatchObject({ rendered: 1, failed: 0 });
    expect(await getExport(t.db, scope, e.id)).toMatchObject({ status: "succeeded", rowCount: 1 });

    const delivered = await new InngestTestEngine({ function: createDeliverWebhooks(deps) }).execute({ events: timer });
    expect(delivered.result).toMatchObject({ sent: 1, failed: 0 });
    expect(JSON.parse(rx.received[0]!.body)).toMatchObject({
      type: "export.succeeded",
      data: { object: "export", export_id: e.id, status: "succeeded", row_count: 1, download_url: null },
    });

    const expired = await new InngestTestEngine({ function: createExpireExports(deps) }).execute({ events: timer });
    expect(expired.result).toEqual({ expired: 0 });
  });
});
