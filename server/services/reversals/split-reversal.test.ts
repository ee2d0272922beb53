import { describe, expect, it } from "vitest";
import { and, eq, inArray, like } from "drizzle-orm";
import { useTestDb } from "@/db/testing/test-db";
import {
  accountingDocuments,
  customerCredits,
  outbox,
  paymentAttempts,
  placements,
  remittances,
  workItems,
} from "@/db/schema";
import { systemActor, type Actor } from "@/server/domain/actor";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { makeOverpayment } from "@/server/testing/overpayment";
import { createUser } from "../identity/users";
import { verifyLedger } from "../ledger/verify";
import { applyCredit } from "../matching/credits";
import { applyUnmatchedPayment } from "../matching/resolve";
import { recordClearedPayment } from "../payments/record-cleared";
import { giveBackReversal } from "./give-back";
import { recordReversal } from "./reversals";

const webhook = { type: "stripe_webhook" as const, id: "evt_split_reversal" };
const rnd = () => Math.random().toString(36).slice(2);

describe("reversing a payment an operator split across placements", () => {
  const t = useTestDb({ poolSize: 4 });

  /** A creditor at 20%, two open placements (6,000 and 10,000), an unmatched Stripe payment split by an operator. */
  async function splitPayment(amount: bigint, parts: (p: { older: string; newer: string }) => Array<[string, bigint]>) {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    const older = await makePlacement(t.db, c.id, { amount: 6_000n, dueDate: "2025-11-01" });
    const newer = await makePlacement(t.db, c.id, { amount: 10_000n, dueDate: "2026-01-15" });
    const externalId = `pi_split_${rnd()}`;
    const r = await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId,
        amount,
        currency: "USD",
        receivedAt: new Date("2026-03-05T10:00:00Z"),
        metadata: {},
      },
      webhook,
    );
    const [item] = await t.db.select().from(workItems).where(eq(workItems.subjectId, r.paymentAttemptId));
    const u = await createUser(
      t.db,
      { email: `op.${rnd()}@agency.test`, name: "Olive", role: "operator" },
      systemActor("test"),
    );
    const actor: Actor = { type: "user", id: u.id };
    await applyUnmatchedPayment(
      t.db,
      {
        workItemId: item!.id,
        expectedVersion: item!.version,
        parts: parts({ older: older.id, newer: newer.id }).map(([placementId, a]) => ({ placementId, amount: a })),
      },
      actor,
    );
    const children = await t.db
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.parentPaymentAttemptId, r.paymentAttemptId));
    const partOn = (placementId: string) => children.find((a) => a.placementId === placementId)!;
    return { c, older, newer, externalId, rootId: r.paymentAttemptId, partOn };
  }

  const reverse = (externalId: string, amount: bigint, ref: string, reason: "refund" | "chargeback" = "refund") =>
    recordReversal(
      t.db,
      {
        paymentExternalId: externalId,
        amount,
        currency: "usd",
        reason,
        externalRef: ref,
        occurredAt: new Date("2026-03-20T09:00:00Z"),
      },
      systemActor("stripe"),
    );

  const placementTotals = async (...ids: string[]) =>
    (await t.db.select().from(placements).where(inArray(placements.id, ids)))
      .sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id))
      .map((p) => [p.recoveredAmount, p.feeAmount]);

  /** Every row a reversal writes, counted for one creditor: to show a redelivery or a refusal writes nothing. */
  async function footprint(creditorId: string) {
    const rems = await t.db.select().from(remittances).where(eq(remittances.creditorId, creditorId));
    const docs = await t.db.select().from(accountingDocuments).where(eq(accountingDocuments.creditorId, creditorId));
    const items = await t.db.select().from(workItems).where(eq(workItems.creditorId, creditorId));
    const effects = await t.db.select().from(outbox).where(like(outbox.idempotencyKey, "qbo-reversal:%"));
    const credits = await t.db.select().from(customerCredits).where(eq(customerCredits.creditorId, creditorId));
    return {
      remittances: rems.length,
      documents: docs.length,
      items: items.length,
      qboReversals: effects.filter((e) => rems.some((r) => e.idempotencyKey === `qbo-reversal:${r.id}`)).length,
      credits: credits.map((c) => [c.amount, c.status]).sort(),
    };
  }

  it("a payment booked to its own placement whose credit was reallocated: refunds reverse the reallocation first, then the payment's own part", async () => {
    const { first, second, item, pi: externalId, paymentAttemptId } = await makeOverpayment(t.db, { rateBps: 2000 });
    const u = await createUser(
      t.db,
      { email: `op.${rnd()}@agency.test`, name: "Rene", role: "operator" },
      systemActor("test"),
    );
    await applyCredit(
      t.db,
      { workItemId: item.id, expectedVersion: item.version, placementId: second.id },
      { type: "user", id: u.id },
    );
    expect(await placementTotals(first.id, second.id)).toEqual([
      [10_000n, 2_000n],
      [3_000n, 600n],
    ]);

    // A part refund takes the most recent part first: the reallocation (one part: the refund's own reference).
    const ref1 = `re_${rnd()}`;
    const one = await reverse(externalId, 2_000n, ref1);
    expect(
      one.outcome === "applied" && one.parts?.map((p) => [p.placementId, p.externalRef, p.fromRemittance]),
    ).toEqual([[second.id, ref1, 2_000n]]);
    // The rest: what is left of the reallocation, then the payment's own remittance.
    const ref2 = `re_${rnd()}`;
    const rest = await reverse(externalId, 11_000n, ref2);
    expect(
      rest.outcome === "applied" && rest.parts?.map((p) => [p.placementId, p.externalRef, p.fromRemittance]),
    ).toEqual([
      [second.id, `${ref2}#1`, 1_000n],
      [first.id, `${ref2}#2`, 10_000n],
    ]);
    expect(await placementTotals(first.id, second.id)).toEqual([
      [0n, 0n],
      [0n, 0n],
    ]);
    const [root] = await t.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, paymentAttemptId));
    expect(root!.status).toBe("reversed");
    expect(await reverse(externalId, 11_000n, ref2)).toEqual({ outcome: "duplicate" });
    await expect(reverse(externalId, 1n, `re_${rnd()}`)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("a full refund reverses both parts: remittances, documents, writebacks, decision items, statuses, placements back", async () => {
    const s = await splitPayment(9_000n, ({ older, newer }) => [
      [older, 6_000n],
      [newer, 3_000n],
    ]);
    expect(await placementTotals(s.older.id, s.newer.id)).toEqual([
      [6_000n, 1_200n],
      [3_000n, 600n],
    ]);
    const ref = `re_${rnd()}`;
    const out = await reverse(s.externalId, 9_000n, ref);
    expect(out).toMatchObject({ outcome: "applied", fromCredit: 0n, fromRemittance: 9_000n });
    // Most recent part first: part 2 (newer placement) is `#1`, part 1 (older) is `#2`.
    expect(
      out.outcome === "applied" && out.parts?.map((p) => [p.placementId, p.externalRef, p.fromRemittance]),
    ).toEqual([
      [s.newer.id, `${ref}#1`, 3_000n],
      [s.older.id, `${ref}#2`, 6_000n],
    ]);
    expect(await placementTotals(s.older.id, s.newer.id)).toEqual([
      [0n, 0n],
      [0n, 0n],
    ]);
    const reversed = await t.db
      .select()
      .from(remittances)
      .where(and(eq(remittances.creditorId, s.c.id), eq(remittances.status, "reversed")));
    const cleared = await t.db
      .select()
      .from(remittances)
      .where(and(eq(remittances.creditorId, s.c.id), eq(remittances.status, "cleared")));
    expect(
      reversed
        .map((r) => [r.placementId, r.recoveredAmount, r.feeAmount, r.externalRef, r.paymentAttemptId, r.reason])
        .sort(),
    ).toEqual(
      [
        [s.newer.id, -3_000n, -600n, `${ref}#1`, s.partOn(s.newer.id).id, "refund"],
        [s.older.id, -6_000n, -1_200n, `${ref}#2`, s.partOn(s.older.id).id, "refund"],
      ].sort(),
    );
    for (const r of reversed)
      expect(r.parentRemittanceId).toBe(cleared.find((c) => c.paymentAttemptId === r.paymentAttemptId)!.id);
    const docs = await t.db
      .select()
      .from(accountingDocuments)
      .where(and(eq(accountingDocuments.creditorId, s.c.id), eq(accountingDocuments.type, "CANCELLATION")));
    expect(docs.map((d) => [d.number, d.placementId, d.originalNumber]).sort()).toEqual(
      [
        [`CAN-${ref}#1`, s.newer.id, `PAY-${s.partOn(s.newer.id).externalId}`],
        [`CAN-${ref}#2`, s.older.id, `PAY-${s.partOn(s.older.id).externalId}`],
      ].sort(),
    );
    const effects = await t.db
      .select()
      .from(outbox)
      .where(
        inArray(
          outbox.idempotencyKey,
          reversed.map((r) => `qbo-reversal:${r.id}`),
        ),
      );
    expect(effects.map((e) => e.topic)).toEqual(["qbo.reverse-payment", "qbo.reverse-payment"]);
    const decisions = await t.db
      .select()
      .from(workItems)
      .where(and(eq(workItems.creditorId, s.c.id), eq(workItems.kind, "reversal_decision")));
    expect(decisions.map((d) => d.subjectId).sort()).toEqual([s.older.id, s.newer.id].sort());
    const tree = await t.db
      .select()
      .from(paymentAttempts)
      .where(inArray(paymentAttempts.id, [s.rootId, s.partOn(s.older.id).id, s.partOn(s.newer.id).id]));
    expect(tree.map((a) => a.status)).toEqual(["reversed", "reversed", "reversed"]);
    expect(
      await t.db
        .select()
        .from(workItems)
        .where(and(eq(workItems.subjectId, s.rootId), eq(workItems.kind, "unmatched_payment"))),
    ).toHaveLength(1); // only the original, already resolved item: no new "no ledger effect" item
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("a partial refund takes the most recent part first, and a redelivery is a duplicate that writes nothing", async () => {
    const s = await splitPayment(9_000n, ({ older, newer }) => [
      [older, 6_000n],
      [newer, 3_000n],
    ]);
    const ref = `re_${rnd()}`;
    const out = await reverse(s.externalId, 4_000n, ref);
    expect(
      out.outcome === "applied" && out.parts?.map((p) => [p.placementId, p.externalRef, p.fromRemittance]),
    ).toEqual([
      [s.newer.id, `${ref}#1`, 3_000n],
      [s.older.id, `${ref}#2`, 1_000n],
    ]);
    expect(await placementTotals(s.older.id, s.newer.id)).toEqual([
      [5_000n, 1_000n],
      [0n, 0n],
    ]);
    const statuses = async () =>
      Object.fromEntries(
        (
          await t.db
            .select()
            .from(paymentAttempts)
            .where(inArray(paymentAttempts.id, [s.rootId, s.partOn(s.older.id).id, s.partOn(s.newer.id).id]))
        ).map((a) => [a.id, a.status]),
      );
    expect(await statuses()).toEqual({
      [s.rootId]: "partially_reversed",
      [s.partOn(s.older.id).id]: "partially_reversed",
      [s.partOn(s.newer.id).id]: "reversed",
    });
    const before = await footprint(s.c.id);
    expect(await reverse(s.externalId, 4_000n, ref)).toEqual({ outcome: "duplicate" });
    expect(await footprint(s.c.id)).toEqual(before);

    // A second refund touching one part only is booked under its own reference, no suffix.
    const ref2 = `re_${rnd()}`;
    const second = await reverse(s.externalId, 5_000n, ref2);
    expect(second.outcome === "applied" && second.parts?.map((p) => [p.placementId, p.externalRef])).toEqual([
      [s.older.id, ref2],
    ]);
    expect(await reverse(s.externalId, 5_000n, ref2)).toEqual({ outcome: "duplicate" });
    expect(await placementTotals(s.older.id, s.newer.id)).toEqual([
      [0n, 0n],
      [0n, 0n],
    ]);
    expect((await statuses())[s.rootId]).toBe("reversed");
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("uses the payment tree's open customer credit first, then the parts' remittances", async () => {
    // 7,000 on the 6,000 placement: 1,000 is customer credit held on that part.
    const s = await splitPayment(11_000n, ({ older, newer }) => [
      [older, 7_000n],
      [newer, 4_000n],
    ]);
    const ref = `re_${rnd()}`;
    const out = await reverse(s.externalId, 2_500n, ref);
    expect(out).toMatchObject({ outcome: "applied", fromCredit: 1_000n, fromRemittance: 1_500n });
    expect(
      out.outcome === "applied" &&
        out.parts?.map((p) => [p.placementId, p.externalRef, p.fromCredit, p.fromRemittance]),
    ).toEqual([
      [s.older.id, `${ref}#1`, 1_000n, 0n],
      [s.newer.id, `${ref}#2`, 0n, 1_500n],
    ]);
    const credits = await t.db.select().from(customerCredits).where(eq(customerCredits.creditorId, s.c.id));
    expect(credits.map((c) => [c.amount, c.status])).toEqual([[1_000n, "refunded"]]);
    expect(await placementTotals(s.older.id, s.newer.id)).toEqual([
      [6_000n, 1_200n],
      [2_500n, 500n],
    ]);
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("refuses a reversal larger than what is left across the parts, and writes nothing", async () => {
    const s = await splitPayment(9_000n, ({ older, newer }) => [
      [older, 6_000n],
      [newer, 3_000n],
    ]);
    await reverse(s.externalId, 2_000n, `re_${rnd()}`);
    const before = await footprint(s.c.id);
    await expect(reverse(s.externalId, 7_001n, `re_${rnd()}`)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await footprint(s.c.id)).toEqual(before);
    expect(await placementTotals(s.older.id, s.newer.id)).toEqual([
      [6_000n, 1_200n],
      [1_000n, 200n],
    ]);
  });

  it("a chargeback of a split payment reverses its parts the same way, once", async () => {
    const s = await splitPayment(9_000n, ({ older, newer }) => [
      [older, 6_000n],
      [newer, 3_000n],
    ]);
    const ref = `du_${rnd()}:withdrawn`;
    const out = await reverse(s.externalId, 9_000n, ref, "chargeback");
    expect(out).toMatchObject({ outcome: "applied", fromRemittance: 9_000n });
    const reversed = await t.db
      .select()
      .from(remittances)
      .where(and(eq(remittances.creditorId, s.c.id), eq(remittances.status, "reversed")));
    expect(reversed.map((r) => [r.reason, r.recoveredAmount]).sort()).toEqual(
      [
        ["chargeback", -3_000n],
        ["chargeback", -6_000n],
      ].sort(),
    );
    expect(await placementTotals(s.older.id, s.newer.id)).toEqual([
      [0n, 0n],
      [0n, 0n],
    ]);
    const before = await footprint(s.c.id);
    expect(await reverse(s.externalId, 9_000n, ref, "chargeback")).toEqual({ outcome: "duplicate" });
    expect(await footprint(s.c.id)).toEqual(before);
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("funds reinstated after a chargeback of a split payment come back to its parts, in the reversal's order, once", async () => {
    const s = await splitPayment(9_000n, ({ older, newer }) => [
      [older, 6_000n],
      [newer, 3_000n],
    ]);
    const ref = `du_${rnd()}:withdrawn`;
    await reverse(s.externalId, 9_000n, ref, "chargeback");
    const back = (amount: bigint | null, externalRef: string) =>
      giveBackReversal(
        t.db,
        { reversalExternalRef: ref, amount, externalRef, occurredAt: new Date("2026-04-02T09:00:00Z") },
        systemActor("stripe"),
      );
    // 4,000 of 9,000: part `#1` (the newer placement, 3,000) first, then 1,000 of part `#2`.
    const first = `${ref}:reinstated-1`;
    expect(await back(4_000n, first)).toEqual({ outcome: "applied", amount: 4_000n });
    expect(await placementTotals(s.older.id, s.newer.id)).toEqual([
      [1_000n, 200n],
      [3_000n, 600n],
    ]);
    const docs = await t.db
      .select()
      .from(accountingDocuments)
      .where(and(eq(accountingDocuments.creditorId, s.c.id), eq(accountingDocuments.type, "REALLOCATION")));
    expect(docs.map((d) => [d.number, d.originalNumber]).sort()).toEqual(
      [
        [`REA-${first}#1`, `CAN-${ref}#1`],
        [`REA-${first}#2`, `CAN-${ref}#2`],
      ].sort(),
    );
    const before = await footprint(s.c.id);
    expect(await back(4_000n, first)).toEqual({ outcome: "duplicate", amount: 4_000n });
    expect(await footprint(s.c.id)).toEqual(before);
    // The rest (amount null: all that is left) touches one part only: booked under its own reference.
    expect(await back(null, `${ref}:reinstated-2`)).toEqual({ outcome: "applied", amount: 5_000n });
    expect(await back(null, `${ref}:reinstated-3`)).toEqual({ outcome: "nothing_left" });
    expect(await placementTotals(s.older.id, s.newer.id)).toEqual([
      [6_000n, 1_200n],
      [3_000n, 600n],
    ]);
    expect(await verifyLedger(t.db)).toEqual([]);
  });
});
