import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { paymentAttempts, placements, remittances, stripeEvents } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { ledgerVerify, startCrashChild } from "@/server/testing/crash";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { paymentIntent, signedRequest, stripeEvent } from "@/server/testing/stripe";

const onPostgres = Boolean(process.env.DATABASE_URL);
const PLACEMENTS = 30;
const PER_PLACEMENT = 3;

/**
 * Crash test (issue 18), PostgreSQL only: a burst of signed payment events at a real server process
 * that is killed with SIGKILL mid-burst (transactions and batches in flight), restarted, and sent
 * every event again, as Stripe redelivers whatever it did not see acknowledged. Each payment is then
 * booked exactly once and `npm run ledger:verify` is clean.
 */
describe.skipIf(!onPostgres)("crash: Stripe burst, server SIGKILLed mid-burst", () => {
  const t = useTestDb();

  it("books every payment exactly once after the restart and redelivery", async () => {
    const creditor = await makeCreditor(t.db, { rateBps: 2000 });
    const events: string[] = [];
    for (let i = 0; i < PLACEMENTS; i++) {
      const p = await makePlacement(t.db, creditor.id, { amount: 100_000n });
      for (let j = 0; j < PER_PLACEMENT; j++)
        events.push(
          JSON.stringify(
            stripeEvent(
              "payment_intent.succeeded",
              paymentIntent({ id: `pi_crash_${i}_${j}`, amount: 1_000 + j, placementId: p.id }),
            ),
          ),
        );
    }
    const env = { CRASH_MODE: "stripe", CRASH_DATABASE_URL: t.handle.url! };
    const deliver = async (port: number, body: string) => {
      const req = signedRequest(body);
      const res = await fetch(`http://127.0.0.1:${port}/api/webhooks/stripe`, {
        method: "POST",
        headers: req.headers,
        body,
      });
      return res.status;
    };
    const burst = async (port: number, onAnswer: (n: number) => void) => {
      let next = 0;
      let answered = 0;
      const statuses: Array<number | "lost"> = [];
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < events.length) {
            const i = next++;
            statuses[i] = await deliver(port, events[i]!).catch(() => "lost" as const);
            onAnswer(++answered);
          }
        }),
      );
      return statuses;
    };

    const first = startCrashChild(env);
    const port = Number((await first.line).split(" ")[1]);
    const killAt = Math.floor(events.length / 3);
    const before = await burst(port, (n) => {
      if (n === killAt) first.process.kill("SIGKILL");
    });
    await first.exited;
    const lost = before.filter((s) => s === "lost").length;
    expect(lost, "the kill cut the burst short").toBeGreaterThan(0);
    expect(before.filter((s) => typeof s === "number" && s >= 500)).toEqual([]);

    const second = startCrashChild(env);
    const port2 = Number((await second.line).split(" ")[1]);
    const after = await burst(port2, () => undefined);
    second.process.kill("SIGKILL");
    expect(
      after.every((s) => s === 200),
      JSON.stringify(after),
    ).toBe(true);

    const [attempts] = await t.db
      .select({ n: count(), distinct: sql<number>`count(distinct ${paymentAttempts.externalId})::int` })
      .from(paymentAttempts)
      .where(sql`${paymentAttempts.externalId} like 'pi_crash_%'`);
    expect(attempts).toEqual({ n: events.length, distinct: events.length });
    const [rems] = await t.db.select({ n: count() }).from(remittances).where(eq(remittances.creditorId, creditor.id));
    expect(rems!.n).toBe(events.length);
    const [processed] = await t.db
      .select({ n: count() })
      .from(stripeEvents)
      .where(eq(stripeEvents.status, "processed"));
    expect(processed!.n).toBe(events.length);
    const totals = await t.db
      .select({ recovered: placements.recoveredAmount })
      .from(placements)
      .where(eq(placements.creditorId, creditor.id));
    expect(totals.every((p) => p.recovered === 3_003n)).toBe(true);
    const verify = ledgerVerify(t.handle.url!);
    expect(verify.output).toMatch(/ledger:verify OK/);
    expect(verify.code).toBe(0);
  }, 180_000);
});
