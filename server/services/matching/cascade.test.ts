import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { useTestDb } from "@/db/testing/test-db";
import { auditEvents, debtors, paymentAttempts, placements, remittances, workItems } from "@/db/schema";
import { DEFAULT_MATCH_SETTINGS } from "@/server/domain/matching";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { recordClearedPayment } from "../payments/record-cleared";
import { verifyLedger } from "../ledger/verify";
import { findCandidates, matchPayments } from "./candidates";

const actor = { type: "stripe_webhook" as const, id: "evt_match" };
const pay = (externalId: string, amount: bigint, metadata: Record<string, unknown>) => ({
  source: "stripe" as const,
  externalId,
  amount,
  currency: "USD",
  receivedAt: new Date("2026-03-02T10:00:00Z"),
  metadata,
});

describe("the matching cascade over SQL", () => {
  const t = useTestDb();

  it("finds each rule's candidates for many payments in one statement", async () => {
    const c = await makeCreditor(t.db);
    const a = await makePlacement(t.db, c.id, { amount: 12_000n, invoiceNumber: `MX-${Date.now()}-A` });
    const b = await makePlacement(t.db, c.id, { amount: 7_500n, invoiceNumber: `MX-${Date.now()}-B` });
    const [da] = await t.db.select({ debtorId: placements.debtorId }).from(placements).where(eq(placements.id, a.id));
    const { debtors } = await import("@/db/schema");
    const [debtorA] = await t.db.select().from(debtors).where(eq(debtors.id, da!.debtorId));
    const payments = [
      { key: "r1", amount: 100n, currency: "USD", metadata: { placement_id: a.id } },
      {
        key: "r2",
        amount: 100n,
        currency: "USD",
        metadata: { description: `Paying invoice ${b.invoiceNumber.toLowerCase()}.` },
      },
      { key: "r3", amount: 12_000n, currency: "USD", metadata: { billing_email: debtorA!.email!.toUpperCase() } },
      { key: "r4", amount: 11_600n, currency: "USD", metadata: { billing_name: `  ${debtorA!.name.toUpperCase()}!` } },
      {
        key: "none",
        amount: 11_000n,
        currency: "USD",
        metadata: { billing_name: debtorA!.name, reference: "nothing here" },
      },
      { key: "eur", amount: 100n, currency: "EUR", metadata: { placement_id: a.id } },
    ];
    const hits = await findCandidates(t.db, { kind: "facts", payments }, DEFAULT_MATCH_SETTINGS);
    const rules = (k: string) => (hits.get(k) ?? []).map((h) => [h.rule, h.placementId, h.via]);
    expect(rules("r1")).toEqual([[1, a.id, "placement_id"]]);
    expect(rules("r2")).toEqual([[2, b.id, "description"]]);
    expect(rules("r3")).toEqual([[3, a.id, "billing_email"]]);
    expect(rules("r4")).toEqual([[4, a.id, "billing_name"]]); // 11,600 is within 5% of 12,000
    expect(rules("none")).toEqual([]); // 11,000 is not
    expect(rules("eur")).toEqual([]); // another currency is never a candidate
  });

  it("keeps one hit per placement and rule, named by the first field (in FACT_KEYS' order) that finds it", async () => {
    const c = await makeCreditor(t.db);
    const p = await makePlacement(t.db, c.id, { amount: 9_000n, invoiceNumber: `DUP-${Date.now()}` });
    const inv = p.invoiceNumber;
    const hits = await findCandidates(
      t.db,
      {
        kind: "facts",
        payments: [
          {
            key: "twice",
            amount: 9_000n,
            currency: "USD",
            metadata: { description: `${inv}, again ${inv.toLowerCase()}.` },
          },
          {
            key: "fields",
            amount: 9_000n,
            currency: "USD",
            metadata: { reference: inv, statement_descriptor: `#${inv}` },
          },
          {
            key: "all",
            amount: 9_000n,
            currency: "USD",
            metadata: { reference: inv, description: inv, placement_id: p.id },
          },
        ],
      },
      DEFAULT_MATCH_SETTINGS,
    );
    const rules = (k: string) => (hits.get(k) ?? []).map((h) => [h.rule, h.placementId, h.via]);
    expect(rules("twice")).toEqual([[2, p.id, "description"]]);
    expect(rules("fields")).toEqual([[2, p.id, "statement_descriptor"]]);
    expect(rules("all").sort()).toEqual([
      [1, p.id, "placement_id"],
      [2, p.id, "description"],
    ]);
  });

  it("finds the same hits for a batch of stored attempts in slices on separate connections as in one statement", async () => {
    const c = await makeCreditor(t.db);
    const stamp = Date.now();
    const ps = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        makePlacement(t.db, c.id, { amount: 10_000n + BigInt(i), invoiceNumber: `SL-${stamp}-${i}` }),
      ),
    );
    const [d0] = await t.db.select().from(debtors).where(eq(debtors.id, ps[0]!.debtorId));
    const facts = (i: number): Record<string, unknown> =>
      [
        { placement_id: ps[i % 4]!.id },
        { reference: `Invoice ${ps[i % 4]!.invoiceNumber}` },
        { description: `${ps[0]!.invoiceNumber} and ${ps[1]!.invoiceNumber}` },
        { receipt_email: d0!.email },
        { billing_name: d0!.name },
        { description: "nothing" },
      ][i % 6]!;
    const rows = await t.db
      .insert(paymentAttempts)
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          source: "stripe" as const,
          externalId: `pi_slice_${stamp}_${i}`,
          amount: 10_000n,
          currency: "USD",
          status: "unmatched" as const,
          receivedAt: new Date("2026-03-02T10:00:00Z"),
          metadata: facts(i),
        })),
      )
      .returning({ id: paymentAttempts.id });
    const source = { kind: "attempts" as const, ids: rows.map((r) => r.id) };
    const whole = await findCandidates(t.db, source, DEFAULT_MATCH_SETTINGS);
    const sliced = await findCandidates(t.db, source, DEFAULT_MATCH_SETTINGS, { concurrency: 3, minSlice: 10 });
    const flat = (m: Map<string, unknown[]>) =>
      [...m.entries()].map(([k, v]) => JSON.stringify([k, v], (_k, x) => (typeof x === "bigint" ? `${x}` : x))).sort();
    expect(whole.size).toBe(50); // every sixth names nothing
    expect(flat(sliced)).toEqual(flat(whole));
    // Every unmatched attempt (these and any other test's), whole and in four ranges of ids.
    const all = await findCandidates(t.db, { kind: "unmatched" }, DEFAULT_MATCH_SETTINGS);
    const ranges = await findCandidates(t.db, { kind: "unmatched" }, DEFAULT_MATCH_SETTINGS, { concurrency: 4 });
    expect(flat(ranges)).toEqual(flat(all));
    for (const [k, v] of whole) expect(all.get(k)).toEqual(v);
  });

  it("auto-applies a unique rule-2 candidate through the payment path, audited as auto-matched by rule 2", async () => {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    const p = await makePlacement(t.db, c.id, { amount: 50_000n, invoiceNumber: `AUTO-${Date.now()}` });
    const r = await recordClearedPayment(t.db, pay("pi_auto_1", 20_000n, { reference: p.invoiceNumber }), actor);
    expect(r).toMatchObject({ outcome: "applied", matchedByRule: 2 });
    const [rem] = await t.db.select().from(remittances).where(eq(remittances.placementId, p.id));
    expect(rem).toMatchObject({ recoveredAmount: 20_000n, feeAmount: 4_000n, rateBpsSnapshot: 2000 });
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "payment.cleared"), eq(auditEvents.targetId, p.id)));
    expect(audit!.details).toMatchObject({ matchedBy: "auto-matched by rule 2" });
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("never applies two best-tier candidates: an ambiguous_payment item lists every candidate", async () => {
    const c = await makeCreditor(t.db);
    const stamp = Date.now();
    const p1 = await makePlacement(t.db, c.id, { invoiceNumber: `AMB-${stamp}-1` });
    const p2 = await makePlacement(t.db, c.id, { invoiceNumber: `AMB-${stamp}-2` });
    const r = await recordClearedPayment(
      t.db,
      pay("pi_amb_1", 5_000n, { description: `AMB-${stamp}-1 and AMB-${stamp}-2` }),
      actor,
    );
    expect(r.outcome).toBe("unmatched");
    const [item] = await t.db.select().from(workItems).where(eq(workItems.subjectId, r.paymentAttemptId));
    expect(item).toMatchObject({ kind: "ambiguous_payment", creditorId: c.id });
    const ids = (item!.evidence.match as { candidates: Array<{ placementId: string }> }).candidates.map(
      (x) => x.placementId,
    );
    expect(ids.sort()).toEqual([p1.id, p2.id].sort());
    expect(await t.db.select().from(remittances).where(eq(remittances.placementId, p1.id))).toEqual([]);
    const [attempt] = await t.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, r.paymentAttemptId));
    expect(attempt!.status).toBe("unmatched");
  });

  it("suggests a rule-3 candidate (not an auto tier by default) and records nothing on the placement", async () => {
    const c = await makeCreditor(t.db);
    const p = await makePlacement(t.db, c.id, { amount: 8_800n });
    const { debtors } = await import("@/db/schema");
    const [pl] = await t.db.select().from(placements).where(eq(placements.id, p.id));
    const [d] = await t.db.select().from(debtors).where(eq(debtors.id, pl!.debtorId));
    const r = await recordClearedPayment(t.db, pay("pi_sugg_1", 8_800n, { receipt_email: d!.email }), actor);
    expect(r.outcome).toBe("unmatched");
    const [item] = await t.db.select().from(workItems).where(eq(workItems.subjectId, r.paymentAttemptId));
    expect(item).toMatchObject({ kind: "unmatched_payment", creditorId: c.id });
    expect(item!.title).toMatch(/suggested invoice .* \(rule 3\)/);
    const decisions = await matchPayments(
      t.db,
      { kind: "attempts", ids: [r.paymentAttemptId] },
      new Map([[r.paymentAttemptId, 8_800n]]),
    );
    expect(decisions.get(r.paymentAttemptId)).toMatchObject({ outcome: "suggested", rule: 3 });
  });
});
