import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { useTestDb } from "@/db/testing/test-db";
import { accountingDocuments, auditEvents, placements, postings, workItems } from "@/db/schema";
import { systemActor, type Actor } from "@/server/domain/actor";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { createUser } from "../identity/users";
import { recordClearedPayment } from "../payments/record-cleared";
import { recordReversal } from "../reversals/reversals";
import { verifyLedger } from "../ledger/verify";
import { previewRun } from "../disbursements/runs";
import { openWorkItem } from "./open";
import { approveReversalDecision, decideReversal, previewReversalDecision } from "./reversal-decisions";
import { confirmDirectPayment, previewDirectPayment } from "./direct-payments";
import { getWorkItem, rejectDecision } from "./lifecycle";
import { findPlacement } from "../queries/placement-list";

const sys = systemActor("test");
let n = 0;

describe("reversal decisions and direct payments", () => {
  const t = useTestDb({ poolSize: 4 });

  async function person(name: string, role: "operator" | "finance" | "admin" | "creditor_admin", creditorId?: string) {
    n += 1;
    const u = await createUser(
      t.db,
      { email: `p${n}.${Math.random().toString(36).slice(2)}@agency.test`, name, role, creditorId },
      sys,
    );
    return { id: u.id, actor: { type: "user", id: u.id } as Actor };
  }

  /** A 100.00 placement paid 60.00, then 60.00 refunded (or `reversed`): a reversal decision is waiting. */
  async function reversed(opts: { invoice?: bigint; paid?: bigint; reversed?: bigint } = {}) {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    const p = await makePlacement(t.db, c.id, { amount: opts.invoice ?? 10_000n });
    const ext = `pi_${crypto.randomUUID()}`;
    await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: ext,
        placementId: p.id,
        amount: opts.paid ?? 6_000n,
        currency: "USD",
        receivedAt: new Date(),
      },
      sys,
    );
    await recordReversal(
      t.db,
      {
        paymentExternalId: ext,
        amount: opts.reversed ?? opts.paid ?? 6_000n,
        currency: "USD",
        reason: "refund",
        externalRef: `re_${crypto.randomUUID()}`,
        occurredAt: new Date(),
      },
      sys,
    );
    const [item] = await t.db
      .select()
      .from(workItems)
      .where(and(eq(workItems.kind, "reversal_decision"), eq(workItems.subjectId, p.id)));
    return { c, p, item: item! };
  }

  const placementOf = async (id: string) => (await t.db.select().from(placements).where(eq(placements.id, id)))[0]!;

  it("back to outreach below the threshold: applied at once by one operator, placement collectible again", async () => {
    const ann = await person("Ann Operator", "operator");
    const { p, item } = await reversed({ paid: 10_000n, reversed: 500n });
    expect((await placementOf(p.id)).status).toBe("paid");
    const preview = await previewReversalDecision(t.db, { workItemId: item.id, decision: "back_to_outreach" });
    expect(preview).toMatchObject({
      statusAfter: "open",
      needsApproval: false,
      writeOff: 0n,
      outstandingAfter: 500n,
      rows: [],
    });
    const out = await decideReversal(
      t.db,
      { workItemId: item.id, expectedVersion: 1, decision: "back_to_outreach" },
      ann.actor,
    );
    expect(out.outcome).toBe("applied");
    expect(await placementOf(p.id)).toMatchObject({ status: "open", recoveredAmount: 9_500n, writtenOffAmount: 0n });
    expect((await getWorkItem(t.db, item.id)).status).toBe("resolved");
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("a decision at or above the threshold waits for a second person", async () => {
    const ann = await person("Ann Operator", "operator");
    const fay = await person("Fay Finance", "finance");
    const { p, item } = await reversed({
      paid: 10_000n,
      reversed: 100_000n > 10_000n ? 10_000n : 0n,
      invoice: 200_000n,
    });
    // 100.00 reversed is below the default 1,000.00 threshold; a large one needs four eyes:
    const big = await reversed({ invoice: 500_000n, paid: 300_000n, reversed: 150_000n });
    const small = await decideReversal(t.db, { workItemId: item.id, expectedVersion: 1, decision: "keep" }, ann.actor);
    expect(small.outcome).toBe("applied");
    expect((await placementOf(p.id)).status).toBe("open");
    const proposed = await decideReversal(
      t.db,
      { workItemId: big.item.id, expectedVersion: 1, decision: "keep" },
      ann.actor,
    );
    expect(proposed.outcome).toBe("proposed");
    expect((await getWorkItem(t.db, big.item.id)).isPendingApproval).toBe(true);
    const done = await approveReversalDecision(t.db, { workItemId: big.item.id, expectedVersion: 2 }, fay.actor);
    expect(done).toMatchObject({ proposedBy: "Ann Operator", approvedBy: "Fay Finance" });
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("a write-off is always proposed, approved by finance, closes the placement with a WRITE_OFF document; both names on item and audit", async () => {
    const ann = await person("Ann Proposer", "operator");
    const fay = await person("Fay Approver", "finance");
    const { c, p, item } = await reversed();
    // Portal and back-office both say the money was reversed and a decision is pending.
    expect(await findPlacement(t.db, p.id, c.id)).toMatchObject({
      displayStatus: "reversed_decision_pending",
      outstandingAmount: 10_000n,
    });
    const preview = await previewReversalDecision(t.db, { workItemId: item.id, decision: "write_off" });
    expect(preview).toMatchObject({ needsApproval: true, writeOff: 10_000n, statusAfter: "closed_uncollected" });
    const proposed = await decideReversal(
      t.db,
      { workItemId: item.id, expectedVersion: 1, decision: "write_off", note: "debtor insolvent" },
      ann.actor,
    );
    expect(proposed.outcome).toBe("proposed");
    // Nothing changed yet.
    expect(await placementOf(p.id)).toMatchObject({ status: "open", writtenOffAmount: 0n });
    const out = await approveReversalDecision(t.db, { workItemId: item.id, expectedVersion: 2 }, fay.actor);
    expect(out.outcome).toBe("applied");
    expect(await placementOf(p.id)).toMatchObject({ status: "closed_uncollected", writtenOffAmount: 10_000n });
    expect(await findPlacement(t.db, p.id, c.id)).toMatchObject({
      displayStatus: "closed_uncollected",
      outstandingAmount: 0n,
    });
    const docs = await t.db.select().from(accountingDocuments).where(eq(accountingDocuments.placementId, p.id));
    expect(docs.filter((d) => d.type === "WRITE_OFF").map((d) => d.amount)).toEqual([10_000n]);
    const detail = await getWorkItem(t.db, item.id);
    expect(detail).toMatchObject({
      status: "resolved",
      proposedByName: "Ann Proposer",
      approvedByName: "Fay Approver",
    });
    expect(detail.resolution).toMatchObject({
      action: "write_off",
      proposedBy: "Ann Proposer",
      approvedBy: "Fay Approver",
    });
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, item.id));
    const resolved = audit.find((a) => a.action === "work_item.resolved")!;
    expect(resolved.details).toMatchObject({ resolution: { proposedBy: "Ann Proposer", approvedBy: "Fay Approver" } });
    expect(audit.find((a) => a.action === "work_item.proposed")!.details).toMatchObject({ actorName: "Ann Proposer" });
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("four-eyes: the proposer cannot approve, nor an operator or a creditor user; nothing changes", async () => {
    const fay = await person("Fay Finance", "finance");
    const olly = await person("Olly Operator", "operator");
    const { c, p, item } = await reversed();
    const creditorAdmin = await person("Cora Creditor", "creditor_admin", c.id);
    await decideReversal(t.db, { workItemId: item.id, expectedVersion: 1, decision: "write_off" }, fay.actor);
    for (const who of [fay, olly, creditorAdmin])
      await expect(
        approveReversalDecision(t.db, { workItemId: item.id, expectedVersion: 2 }, who.actor),
      ).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    await expect(approveReversalDecision(t.db, { workItemId: item.id, expectedVersion: 2 }, sys)).rejects.toMatchObject(
      {
        code: "FORBIDDEN",
      },
    );
    expect(await placementOf(p.id)).toMatchObject({ status: "open", writtenOffAmount: 0n });
    expect(await getWorkItem(t.db, item.id)).toMatchObject({ version: 2, isPendingApproval: true });
    // A rejection clears the proposal; the item stays open for another decision.
    const admin = await person("Ada Admin", "admin");
    await rejectDecision(t.db, { workItemId: item.id, expectedVersion: 2, reason: "try outreach first" }, admin.actor);
    expect(await getWorkItem(t.db, item.id)).toMatchObject({ status: "open", isPendingApproval: false, version: 3 });
  });

  it("two approvers at once: one write-off, the other told it is already resolved", async () => {
    const ann = await person("Ann", "operator");
    const fay = await person("Fay Fast", "finance");
    const ada = await person("Ada Fast", "admin");
    const { p, item } = await reversed();
    await decideReversal(t.db, { workItemId: item.id, expectedVersion: 1, decision: "write_off" }, ann.actor);
    const results = await Promise.allSettled([
      approveReversalDecision(t.db, { workItemId: item.id, expectedVersion: 2 }, fay.actor),
      approveReversalDecision(t.db, { workItemId: item.id, expectedVersion: 2 }, ada.actor),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    expect(lost.reason).toMatchObject({ code: "CONFLICT" });
    expect(String(lost.reason.message)).toMatch(/changed since you opened it|already resolved by/);
    const docs = await t.db.select().from(accountingDocuments).where(eq(accountingDocuments.placementId, p.id));
    expect(docs.filter((d) => d.type === "WRITE_OFF")).toHaveLength(1);
    expect((await placementOf(p.id)).writtenOffAmount).toBe(10_000n);
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  async function directCandidate(amount: bigint, txnDate = "2026-11-02") {
    const c = await makeCreditor(t.db, { rateBps: 2500 });
    const p = await makePlacement(t.db, c.id, { amount: 10_000n });
    const id = (await openWorkItem(t.db, {
      kind: "direct_payment_candidate",
      creditorId: c.id,
      subjectType: "placement",
      subjectId: p.id,
      title: "Payment entered directly in QuickBooks",
      nextAction: "Confirm with the creditor.",
      evidence: { qboPaymentId: `Q${n++}`, amount, currency: "USD", txnDate },
      dedupeKey: `test-direct:${p.id}`,
    }))!;
    return { c, p, id };
  }

  it("a confirmed direct payment reduces the balance, books our fee as owed by the creditor and is netted in the next disbursement", async () => {
    const ann = await person("Ann", "operator");
    const { c, p, id } = await directCandidate(4_000n);
    await recordClearedPayment(
      t.db,
      {
        source: "manual",
        externalId: `m-${p.id}`,
        placementId: p.id,
        amount: 2_000n,
        currency: "USD",
        receivedAt: new Date(),
      },
      sys,
    );
    const preview = await previewDirectPayment(t.db, { workItemId: id });
    expect(preview).toMatchObject({
      amount: 4_000n,
      fee: 1_000n,
      rateBps: 2500,
      outstandingBefore: 8_000n,
      outstandingAfter: 4_000n,
    });
    const out = await confirmDirectPayment(t.db, { workItemId: id, expectedVersion: 1 }, ann.actor);
    expect(out.fee).toBe(1_000n);
    expect(await placementOf(p.id)).toMatchObject({
      status: "open",
      directPaidAmount: 4_000n,
      recoveredAmount: 2_000n,
    });
    const owed = await t.db
      .select()
      .from(postings)
      .where(eq(postings.account, `creditor_fees_owed:${c.id}`));
    expect(owed.map((x) => x.amount)).toEqual([1_000n]);
    const run = await previewRun(t.db, { creditorIds: [c.id], cutoff: new Date(Date.now() + 1_000) });
    // Net 2,000 − 25% fee = 1,500 payable; 1,000 of fees owed is netted: 500 paid out.
    expect(run.lines[0]!.plan).toMatchObject({ feesNetted: 1_000n, amount: 500n });
    expect(await verifyLedger(t.db)).toEqual([]);
    await expect(confirmDirectPayment(t.db, { workItemId: id, expectedVersion: 1 }, ann.actor)).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("a direct payment of the whole balance marks the placement paid; more than the balance is refused, nothing written", async () => {
    const ann = await person("Ann", "operator");
    const whole = await directCandidate(10_000n);
    await confirmDirectPayment(t.db, { workItemId: whole.id, expectedVersion: 1 }, ann.actor);
    expect(await placementOf(whole.p.id)).toMatchObject({ status: "paid", directPaidAmount: 10_000n });
    const tooMuch = await directCandidate(10_001n);
    await expect(
      confirmDirectPayment(t.db, { workItemId: tooMuch.id, expectedVersion: 1 }, ann.actor),
    ).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    expect(await placementOf(tooMuch.p.id)).toMatchObject({ status: "open", directPaidAmount: 0n });
    expect((await getWorkItem(t.db, tooMuch.id)).status).toBe("open");
    expect(await verifyLedger(t.db)).toEqual([]);
  });
});
