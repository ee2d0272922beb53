import http from "node:http";
import { inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { qboPaymentMappings } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { type QboDouble, startQboDouble } from "@/server/integrations/qbo/double";
import { ledgerVerify, startCrashChild, type Child } from "@/server/testing/crash";
import { makeCreditor } from "@/server/testing/factories";
import { connectToDouble, linkedPlacements, testTokenKey } from "@/server/testing/jobs";
import { recordClearedPayment } from "../payments/record-cleared";

const onPostgres = Boolean(process.env.DATABASE_URL);
const PAYMENTS = 30;
const KILL_ON_CREATE = 8;

/**
 * Crash test (issue 18), PostgreSQL only: the QuickBooks writeback runner, a real process, is killed
 * with SIGKILL mid-flight — right after QuickBooks applied a Payment and before the runner heard the
 * answer (the lost answer `requestid` exists for), with other posts in flight. A restarted runner
 * finishes the batch: every payment is posted exactly once in the QuickBooks double.
 */
describe.skipIf(!onPostgres)("crash: QuickBooks writeback batch killed mid-flight", () => {
  const t = useTestDb();
  let double: QboDouble | undefined;
  let proxy: http.Server | undefined;
  afterAll(async () => {
    proxy?.close();
    await double?.close();
  });

  it("posts each payment once in QuickBooks after the restart", async () => {
    double = await startQboDouble({ seed: 18 });
    const key = testTokenKey();
    const creditor = await makeCreditor(t.db, { name: "Crash Books" });
    const linked = await linkedPlacements(t.db, double, { creditorId: creditor.id, count: PAYMENTS, amount: 50_000n });
    await connectToDouble(t.db, double, { creditorId: creditor.id, realmId: linked.realmId, key });
    const attempts: string[] = [];
    for (const [i, p] of linked.placements.entries()) {
      const r = await recordClearedPayment(
        t.db,
        {
          source: "stripe",
          externalId: `pi_wb_crash_${i}`,
          placementId: p.placementId,
          amount: BigInt(2_000 + i),
          currency: "USD",
          receivedAt: new Date(),
        },
        { type: "stripe_webhook", id: `evt_wb_crash_${i}` },
      );
      attempts.push(r.paymentAttemptId);
    }

    // Between the runner and the double: on the 8th Payment create, let QuickBooks apply it, then kill the runner before it hears back.
    let creates = 0;
    let runner: Child | undefined;
    const target = double.url;
    proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const isCreate = req.method === "POST" && /\/payment(\?|$)/.test(req.url ?? "");
        const n = isCreate ? ++creates : 0;
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "host"),
        );
        const answer = await fetch(`${target}${req.url}`, {
          method: req.method,
          headers,
          body: ["GET", "HEAD"].includes(req.method ?? "GET") ? undefined : Buffer.concat(chunks),
        });
        const body = Buffer.from(await answer.arrayBuffer());
        if (n === KILL_ON_CREATE) {
          runner?.process.kill("SIGKILL");
          res.destroy();
          return;
        }
        res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
        res.end(body);
      });
    });
    await new Promise<void>((r) => proxy!.listen(0, "127.0.0.1", r));
    const address = proxy.address() as { port: number };
    const env = {
      CRASH_MODE: "writeback",
      CRASH_DATABASE_URL: t.handle.url!,
      CRASH_QBO_URL: `http://127.0.0.1:${address.port}`,
      CRASH_QBO_CLIENT_ID: double.client.clientId,
      CRASH_QBO_CLIENT_SECRET: double.client.clientSecret,
      CRASH_TOKEN_KEY: key.key.toString("hex"),
    };

    runner = startCrashChild(env);
    expect(await runner.exited).not.toBe(0);
    const beforeRestart = double.listPayments(linked.realmId).length;
    expect(beforeRestart).toBeGreaterThanOrEqual(KILL_ON_CREATE);
    expect(beforeRestart).toBeLessThan(PAYMENTS);

    runner = startCrashChild({ ...env, CRASH_CLOCK_OFFSET_MS: String(60 * 60_000) });
    expect(await runner.line).toMatch(/^DONE/);
    await runner.exited;

    const payments = double.listPayments(linked.realmId);
    const requestIds = payments.map((p) => p.requestId);
    expect(new Set(requestIds).size, "a payment posted twice").toBe(requestIds.length);
    expect(payments).toHaveLength(PAYMENTS);
    const mappings = await t.db
      .select()
      .from(qboPaymentMappings)
      .where(inArray(qboPaymentMappings.paymentAttemptId, attempts));
    expect(mappings).toHaveLength(PAYMENTS);
    expect(mappings.filter((m) => m.status !== "posted")).toEqual([]);
    const byRequest = new Map(payments.map((p) => [p.requestId, p.Id]));
    for (const m of mappings) expect(byRequest.get(m.requestId)).toBe(m.qboPaymentId);
    const verify = ledgerVerify(t.handle.url!);
    expect(verify.code, verify.output).toBe(0);
  }, 180_000);
});
