import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import { outbox, statementRuns, statements } from "@/db/schema";
import { JOB_BODIES } from "@/server/jobs/definitions";
import type { JobDeps } from "@/server/jobs/deps";
import { systemActor } from "@/server/domain/actor";
import { createUser } from "@/server/services/identity/users";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { drainStatementMails } from "@/server/services/statements/mail";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { createIssueMonthlyStatements } from "./issue-monthly-statements";

/** The monthly statements function, run in process by @inngest/test against a test database. */
describe("monthly statements (Inngest)", () => {
  const t = useTestDb();
  const actor = systemActor("statements-fn-test");
  const timer: [{ name: string; data: Record<string, unknown> }] = [
    { name: "inngest/scheduled.timer", data: { cron: "test" } },
  ];
  // The job states last month: run it "on 1 March 2025" so February is stated.
  const deps: JobDeps = { db: async () => t.db, now: () => new Date("2025-03-01T04:00:00Z") };

  async function creditorWithFebruaryMoney() {
    const c = await makeCreditor(t.db);
    await createUser(
      t.db,
      { email: `fn-admin-${c.id}@example.test`, name: "Fn Admin", role: "creditor_admin", creditorId: c.id },
      actor,
    );
    const p = await makePlacement(t.db, c.id, { amount: 10_000n });
    await recordClearedPayment(
      t.db,
      {
        source: "manual",
        externalId: `fn-${c.id}`,
        placementId: p.id,
        amount: 4_000n,
        currency: "USD",
        receivedAt: new Date("2025-02-14T10:00:00Z"),
      },
      actor,
    );
    return c;
  }

  it("fans out one step per creditor named by (creditor, period, version), and a rerun issues nothing twice", async () => {
    const a = await creditorWithFebruaryMoney();
    const b = await creditorWithFebruaryMoney();
    const engine = new InngestTestEngine({ function: createIssueMonthlyStatements(deps) });
    const { result, error, ctx } = await engine.execute({ events: timer });
    expect(error).toBeUndefined();
    for (const c of [a, b])
      expect(ctx.step.run).toHaveBeenCalledWith(`statement-${c.id}-2025-02-v1`, expect.any(Function));
    expect(result).toMatchObject({ period: "2025-02" });
    expect((result as { issued: number }).issued).toBeGreaterThanOrEqual(2);
    const again = await new InngestTestEngine({ function: createIssueMonthlyStatements(deps) }).execute({
      events: timer,
    });
    expect((again.result as { issued: number }).issued).toBe(0);
    const rows = await t.db.select().from(statements).where(eq(statements.creditorId, a.id));
    expect(rows.map((r) => [r.period, r.version])).toEqual([["2025-02", 1]]);
    const [run] = await t.db.select().from(statementRuns).where(eq(statementRuns.creditorId, a.id));
    expect(run).toMatchObject({ status: "issued", attempts: 1 });

    // The admins' mails leave once, through the outbox.
    const sent: string[] = [];
    const deliver = async (m: { subject: string }) => {
      sent.push(m.subject);
      return "log" as const;
    };
    const first = await drainStatementMails(t.db, { deliver });
    expect(first.log).toBeGreaterThanOrEqual(2);
    expect(sent.some((s) => s.includes(rows[0]!.number))).toBe(true);
    expect((await drainStatementMails(t.db, { deliver })).claimed).toBe(0);
    const mails = await t.db.select().from(outbox).where(eq(outbox.topic, "mail.statement_issued"));
    expect(mails.every((m) => m.status === "done")).toBe(true);
  });

  it("runs the same work in the in-process runner's job body", async () => {
    const c = await creditorWithFebruaryMoney();
    const summary = await JOB_BODIES.statementsMonthly(deps);
    expect(summary).toMatchObject({ period: "2025-02", failed: [] });
    const rows = await t.db.select().from(statements).where(eq(statements.creditorId, c.id));
    expect(rows).toHaveLength(1);
  });
});
