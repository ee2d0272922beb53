import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { useTestDb } from "@/db/testing/test-db";
import { auditEvents, paymentAttempts, remittances, workItemEvents, workItems } from "@/db/schema";
import { systemActor } from "@/server/domain/actor";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { createUser } from "../identity/users";
import { verifyLedger } from "../ledger/verify";
import { recordClearedPayment } from "../payments/record-cleared";
import { createPlacement } from "../placements/placements";
import { assignWorkItem } from "../work-items/lifecycle";
import { LOOK_MARGIN_MS, rematchUnmatchedPayments } from "./rematch";

const webhook = { type: "stripe_webhook" as const, id: "evt_rematch" };
const uniq = () => Math.random().toString(36).slice(2, 10);

describe("re-matching payments that arrived before their placement", () => {
  const t = useTestDb();

  async function arrive(amount: bigint, metadata: Record<string, unknown>) {
    const r = await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: `pi_early_${uniq()}`,
        amount,
        currency: "USD",
        receivedAt: new Date("2026-03-02T10:00:00Z"),
        metadata,
      },
      webhook,
    );
    expect(r.outcome).toBe("unmatched");
    const [item] = await t.db.select().from(workItems).where(eq(workItems.subjectId, r.paymentAttemptId));
    return { attemptId: r.paymentAttemptId, item: item! };
  }
  const itemOf = async (id: string) => (await t.db.select().from(workItems).where(eq(workItems.id, id)))[0]!;

  it("applies a payment once the placement it names is placed, audited as the cascade's decision", async () => {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    const invoice = `EARLY-${uniq()}`.toUpperCase();
    const { attemptId, item } = await arrive(4_000n, { description: `Payment for invoice ${invoice}` });
    expect(item.evidence).toMatchObject({ match: { outcome: "review", candidates: [] } });

    // Nothing new placed since the payment arrived (beyond the look's margin): nothing to look at.
    const before = await rematchUnmatchedPayments(t.db, { now: new Date(Date.now() + LOOK_MARGIN_MS * 2) });
    expect(before.applied).toBe(0);

    const p = await makePlacement(t.db, c.id, { amount: 10_000n, invoiceNumber: invoice });
    const run = await rematchUnmatchedPayments(t.db);
    expect(run).toMatchObject({ applied: 1 });

    const closed = await itemOf(item.id);
    expect(closed.status).toBe("resolved");
    expect(closed.resolvedBy).toBe("system payment-matching");
    expect(closed.resolution).toMatchObject({ action: "auto_matched", rule: 2, parts: [{ placementId: p.id }] });
    const [attempt] = await t.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attemptId));
    expect(attempt!.status).toBe("resolved");
    const [rem] = await t.db.select().from(remittances).where(eq(remittances.placementId, p.id));
    expect(rem).toMatchObject({ recoveredAmount: 4_000n, feeAmount: 800n, netRemitAmount: 3_200n });
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "payment.auto_matched_later"), eq(auditEvents.targetId, attemptId)));
    expect(audit!.details).toMatchObject({ matchedBy: "auto-matched by rule 2", workItemId: item.id });
    expect(await verifyLedger(t.db)).toEqual([]);

    // Again: the item is closed, the payment applied once.
    await rematchUnmatchedPayments(t.db);
    expect(await t.db.$count(remittances, eq(remittances.placementId, p.id))).toBe(1);
  });

  it("brings a suggestion up to date, looks again only after a newer placement, and leaves taken items alone", async () => {
    const c = await makeCreditor(t.db);
    const email = `early.${uniq()}@debtor.test`;
    const { item } = await arrive(2_500n, { billing_email: email });
    const taken = await arrive(2_500n, { billing_email: email });
    const second = await arrive(2_500n, { receipt_email: email });
    const operator = await createUser(
      t.db,
      { email: `op.${uniq()}@agency.test`, name: "Olive", role: "operator" },
      systemActor("test"),
    );
    await assignWorkItem(t.db, { workItemId: taken.item.id, ownerUserId: operator.id }, systemActor("test"));
    const takenBefore = await itemOf(taken.item.id);

    const p = await createPlacement(
      t.db,
      c.id,
      {
        invoiceNumber: `S-${uniq()}`,
        invoiceAmount: 2_500n,
        currency: "USD",
        dueDate: "2026-01-15",
        debtor: { name: "Early Bird", email },
      },
      systemActor("test"),
    );
    // One item a page: the run pages through both open, untaken items.
    const run = await rematchUnmatchedPayments(t.db, { batch: 1 });
    expect(run).toEqual({ checked: 2, applied: 0, refreshed: 2, unchanged: 0 }); // rule 3 (email) suggests; it does not apply on its own
    expect((await itemOf(second.item.id)).title).toMatch(/suggested invoice S-/);
    const refreshed = await itemOf(item.id);
    expect(refreshed.version).toBe(item.version + 1);
    expect(refreshed.creditorId).toBe(c.id);
    expect(refreshed.title).toMatch(/suggested invoice S-/);
    expect(refreshed.evidence).toMatchObject({
      reason: (item.evidence as { reason: string }).reason,
      match: { outcome: "suggested", rule: 3, candidates: [{ placementId: p.id, via: "billing_email" }] },
    });
    const history = await t.db.select().from(workItemEvents).where(eq(workItemEvents.workItemId, item.id));
    expect(history.map((h) => h.action)).toContain("match_refreshed");

    // Taken by a person: not touched.
    expect(await itemOf(taken.item.id)).toEqual(takenBefore);

    // Within the look's margin of the newest placement it looks again, but nothing changed: no new version.
    await rematchUnmatchedPayments(t.db);
    expect((await itemOf(item.id)).version).toBe(refreshed.version);
    // Past the margin the look covers the newest placement, and the next run reads nothing.
    const later = new Date(Date.now() + LOOK_MARGIN_MS + 60_000);
    await rematchUnmatchedPayments(t.db, { now: later });
    const quiet = await rematchUnmatchedPayments(t.db, { now: later });
    expect(quiet.checked).toBe(0);
    expect((await itemOf(item.id)).version).toBe(refreshed.version);
  });
});
