import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import { outbox, statementBookings, statementLines, statementRuns, statements, workItems } from "@/db/schema";
import { ACCOUNTS } from "@/server/domain/ledger-rules";
import { nextPeriod, periodOf } from "@/server/domain/statement-period";
import { systemActor } from "@/server/domain/actor";
import { createUser } from "@/server/services/identity/users";
import { postJournalEntry } from "@/server/services/ledger/post";
import { verifyLedger } from "@/server/services/ledger/verify";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { recordReversal } from "@/server/services/reversals/reversals";
import { disburseNow } from "@/server/testing/disburse";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { issueStatement } from "./issue";
import { createHash } from "node:crypto";
import { renderStatementPdf } from "@/server/pdf/statement/render";
import { storedLines, storedSnapshot, summaryFromJson } from "./stored";

const actor = systemActor("statements-test");

/** The database's refusal, whichever driver reports it (on the error or its cause). */
async function refused(query: Promise<unknown>): Promise<string> {
  const err = await query.then(
    () => null,
    (e: unknown) => e,
  );
  return [err, (err as { cause?: unknown } | null)?.cause].map((e) => String((e as Error)?.message ?? e)).join(" | ");
}
const at = (iso: string) => new Date(iso);

describe("issuing monthly statements", () => {
  const t = useTestDb();
  let n = 0;
  const pay = (placementId: string, amount: bigint, when: string, currency = "USD") =>
    recordClearedPayment(
      t.db,
      { source: "stripe", externalId: `st-pay-${++n}`, placementId, amount, currency, receivedAt: at(when) },
      actor,
    );
  const issue = (creditorId: string, period: string, extra: Partial<Parameters<typeof issueStatement>[1]> = {}) =>
    issueStatement(t.db, { creditorId, period, timeZone: "UTC", ...extra }, actor);
  const figures = async (statementId: string) => {
    const [row] = await t.db.select().from(statements).where(eq(statements.id, statementId));
    return Object.fromEntries(summaryFromJson(row!.summary).map((s) => [s.currency, s.figures]));
  };

  it("issues a month whose figures tie to the ledger, then carries a late chargeback to the next month", async () => {
    const c = await makeCreditor(t.db, { rateBps: 2500 });
    await createUser(
      t.db,
      { email: `st-admin-${c.id}@example.test`, name: "Statement Admin", role: "creditor_admin", creditorId: c.id },
      actor,
    );
    const p = await makePlacement(t.db, c.id, { amount: 100_000n });
    const q = await makePlacement(t.db, c.id, { amount: 20_000n });
    await pay(p.id, 40_000n, "2025-01-10T12:00:00Z");
    const second = await pay(q.id, 20_000n, "2025-01-20T12:00:00Z");
    // Before the statement period: history brought forward into the first statement's opening.
    await pay(p.id, 10_000n, "2024-12-05T12:00:00Z");

    const jan = await issue(c.id, "2025-01");
    expect(jan.outcome).toBe("issued");
    if (jan.outcome !== "issued") return;
    expect(jan.number).toMatch(/^CB-.+-2025-01$/);
    const f = (await figures(jan.statementId)).USD!;
    expect(f).toMatchObject({ opening: 7_500n, collected: 60_000n, agencyFees: -15_000n, closing: 52_500n });
    const lines = await storedLines(t.db, jan.statementId);
    expect(lines.map((l) => [l.kind, l.label, l.recovered, l.rateBps])).toEqual([
      ["partial", "Partial payment", 40_000n, 2500],
      ["payment", "Payment in full", 20_000n, 2500],
    ]);

    // The stored version renders again to the very bytes that were issued.
    const [janRow] = await t.db.select().from(statements).where(eq(statements.id, jan.statementId));
    const again0 = await renderStatementPdf(await storedSnapshot(t.db, janRow!));
    expect(createHash("sha256").update(again0.bytes).digest("hex")).toBe(janRow!.pdfSha256);

    // A chargeback of January's payment, booked after January was issued.
    const late = await recordReversal(
      t.db,
      {
        paymentExternalId: `st-pay-${n - 1}`,
        amount: 20_000n,
        currency: "USD",
        reason: "chargeback",
        externalRef: `du_late_${c.id}`,
        occurredAt: at("2025-01-25T09:00:00Z"),
      },
      actor,
    );
    expect(late.outcome).toBe("applied");
    expect(second.outcome).toBe("applied");
    // January is closed: re-issuing it restates the same entries, the chargeback is not on it.
    const again = await issue(c.id, "2025-01");
    expect(again.outcome).toBe("already_issued");

    const feb = await issue(c.id, "2025-02");
    if (feb.outcome !== "issued") throw new Error(feb.outcome);
    const fb = (await figures(feb.statementId)).USD!;
    expect(fb.opening).toBe(f.closing);
    expect(fb).toMatchObject({ reversals: -20_000n, agencyFees: 5_000n, closing: 52_500n - 15_000n });
    const [adj] = await storedLines(t.db, feb.statementId);
    expect(adj).toMatchObject({ kind: "reversal", originalPeriod: "2025-01", net: -15_000n });
    expect(adj!.label).toMatch(/^Chargeback of row [0-9a-f]{8} \(2025-01-20\)$/);

    // Re-issue needs a reason and makes version 2 with what changed; a repeat of the request does nothing more.
    const v2 = await issue(c.id, "2025-01", { reason: "Debtor name corrected", version: 2 });
    expect(v2).toMatchObject({ outcome: "issued", version: 2 });
    expect(await issue(c.id, "2025-01", { reason: "Debtor name corrected", version: 2 })).toMatchObject({
      outcome: "already_issued",
      version: 2,
    });
    const [row2] = await t.db
      .select()
      .from(statements)
      .where(and(eq(statements.creditorId, c.id), eq(statements.version, 2)));
    expect(row2!.changes).toMatchObject({ figures: [], linesAdded: [], linesRemoved: [] });
    expect((await figures(row2!.id)).USD).toEqual(f);

    // The creditor's admin is mailed through the outbox, once per version.
    const mails = await t.db.select().from(outbox).where(eq(outbox.topic, "mail.statement_issued"));
    expect(mails.filter((m) => String(m.payload.statementId) === jan.statementId)).toHaveLength(1);
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("refuses a month that has not ended, and months out of order", async () => {
    const c = await makeCreditor(t.db);
    const thisMonth = periodOf(new Date(), "UTC");
    await expect(issue(c.id, thisMonth)).rejects.toThrow(/has not ended/);
    await expect(issue(c.id, "2025-13")).rejects.toThrow(/YYYY-MM/);
    const p = await makePlacement(t.db, c.id);
    await pay(p.id, 5_000n, "2025-03-03T00:00:00Z");
    expect((await issue(c.id, "2025-03")).outcome).toBe("issued");
    await expect(issue(c.id, "2025-02")).rejects.toThrow(/2025-03 is already issued/);
  });

  it("issues nothing when the lines do not tie out, and opens a work item that says why", async () => {
    const c = await makeCreditor(t.db);
    const p = await makePlacement(t.db, c.id);
    await pay(p.id, 10_000n, "2025-04-02T00:00:00Z");
    // A payment entry written around the services: postings with no remittance row behind them.
    await t.db.transaction((tx) =>
      postJournalEntry(tx, {
        kind: "payment_cleared",
        description: "stray entry",
        creditorId: c.id,
        occurredAt: at("2025-04-03T00:00:00Z"),
        postings: [
          { account: ACCOUNTS.stripeClearing, amount: 101n, currency: "USD" },
          { account: ACCOUNTS.creditorPayable(c.id), amount: -76n, currency: "USD" },
          { account: ACCOUNTS.feeIncome, amount: -25n, currency: "USD" },
        ],
      }),
    );
    const r = await issue(c.id, "2025-04");
    expect(r.outcome).toBe("tie_out_failed");
    if (r.outcome !== "tie_out_failed") return;
    expect(r.tieOut.differences.map((d) => [d.figure, d.difference])).toContainEqual(["collected", 101n]);
    expect(r.tieOut.unexplained).toMatchObject([{ kind: "payment_cleared", payableEffect: 76n }]);
    expect(await t.db.select().from(statements).where(eq(statements.creditorId, c.id))).toEqual([]);
    expect(await t.db.select().from(statementBookings).where(eq(statementBookings.creditorId, c.id))).toEqual([]);
    const [run] = await t.db.select().from(statementRuns).where(eq(statementRuns.creditorId, c.id));
    expect(run).toMatchObject({ status: "failed", version: 1 });
    const [item] = await t.db
      .select()
      .from(workItems)
      .where(and(eq(workItems.creditorId, c.id), eq(workItems.kind, "statement_tie_out")));
    expect(item!.title).toMatch(/not issued: USD collected: ledger/);
  });

  it("states disbursements with their reference, and the database refuses to change an issued statement", async () => {
    const c = await makeCreditor(t.db);
    const p = await makePlacement(t.db, c.id, { amount: 50_000n });
    const now = new Date();
    await pay(p.id, 50_000n, now.toISOString());
    const d = await disburseNow(t.db, { creditorId: c.id, currency: "USD" });
    expect(d.outcome).toBe("created");
    const period = periodOf(now, "UTC");
    const later = new Date(
      Date.UTC(Number(nextPeriod(period).slice(0, 4)), Number(nextPeriod(period).slice(5)) - 1, 2),
    );
    const r = await issue(c.id, period, { now: later });
    if (r.outcome !== "issued") throw new Error(r.outcome);
    const f = (await figures(r.statementId)).USD!;
    expect(f.disbursed).toBe(-37_500n);
    expect(f.closing).toBe(0n);
    const lines = await storedLines(t.db, r.statementId);
    expect(lines.at(-1)).toMatchObject({ kind: "disbursement", net: -37_500n });
    expect(lines.at(-1)!.reference).toMatch(/reference pending/);
    expect(await refused(t.db.execute(sql`update statements set reason = 'x' where id = ${r.statementId}`))).toMatch(
      /append-only/,
    );
    expect(await refused(t.db.execute(sql`delete from statement_lines where statement_id = ${r.statementId}`))).toMatch(
      /append-only/,
    );
    expect(
      await refused(t.db.delete(statementBookings).where(eq(statementBookings.statementId, r.statementId))),
    ).toMatch(/append-only/);
    expect(await t.db.select().from(statementLines).where(eq(statementLines.statementId, r.statementId))).toHaveLength(
      2,
    );
  });
});
