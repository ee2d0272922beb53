import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { useTestDb } from "@/db/testing/test-db";
import { auditEvents, disbursements, qboJournalMappings } from "@/db/schema";
import { type QboDouble, startQboDouble } from "@/server/integrations/qbo/double";
import { connectToDouble, doubleDeps, testTokenKey } from "@/server/testing/jobs";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { FINANCE_B, disburseNow } from "@/server/testing/disburse";
import { recordManualPayment } from "../disbursements/lifecycle";
import { verifyLedger } from "../ledger/verify";
import { recordClearedPayment } from "../payments/record-cleared";
import { saveAccountMapping } from "./account-mapping";
import type { QboDeps } from "./connections";
import { journalDocNumber, runJournalEntryTick } from "./journal-entries";

/** Disbursement journal entries in the creditor's QuickBooks (the TEST DOUBLE), exactly once under faults. */
describe("QuickBooks journal entries of disbursements", () => {
  const t = useTestDb();
  let double: QboDouble;
  let deps: QboDeps;
  const key = testTokenKey();
  const finance = { type: "user" as const, id: "finance-b" };

  beforeAll(async () => {
    double = await startQboDouble({ seed: 17 });
    deps = doubleDeps(double, { key, maxAttempts: 1, timeoutMs: 2_000 });
  });
  afterAll(() => double.close());

  let n = 0;
  async function connectedCreditor() {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    const realm = double.seedRealm({ companyName: `Books ${++n}` });
    await connectToDouble(t.db, double, { creditorId: c.id, realmId: realm.realmId, key });
    const byName = new Map(double.listAccounts(realm.realmId).map((a) => [a.Name, a.Id]));
    return { c, realmId: realm.realmId, byName };
  }

  /** A paid manual disbursement of 8,000 (10,000 collected at 20%). */
  async function paidDisbursement(creditorId: string) {
    const p = await makePlacement(t.db, creditorId, { amount: 10_000n });
    await recordClearedPayment(
      t.db,
      {
        source: "manual",
        externalId: `pay-je-${++n}`,
        placementId: p.id,
        amount: 10_000n,
        currency: "USD",
        receivedAt: new Date(),
      },
      { type: "system", id: "test" },
    );
    const d = await disburseNow(t.db, { creditorId, currency: "USD" });
    if (d.outcome !== "created") throw new Error("expected a disbursement");
    await recordManualPayment(
      t.db,
      { disbursementId: d.disbursementId, method: "ach", reference: `ACH-${n}-TRACE` },
      FINANCE_B,
    );
    return d.disbursementId;
  }

  it("the account mapping accepts only active accounts of a fitting type from the creditor's QuickBooks", async () => {
    const { c, byName } = await connectedCreditor();
    const ok = {
      creditorId: c.id,
      clearingAccountId: byName.get("Collections clearing")!,
      feeAccountId: byName.get("Collection agency fees")!,
      bankAccountId: byName.get("Checking")!,
    };
    await expect(
      saveAccountMapping(t.db, { ...ok, clearingAccountId: byName.get("Accounts Receivable (A/R)")! }, finance, deps),
    ).rejects.toThrow(/Accounts Receivable account/);
    await expect(
      saveAccountMapping(t.db, { ...ok, bankAccountId: byName.get("Old savings (closed)")! }, finance, deps),
    ).rejects.toThrow(/no active account/);
    expect(await saveAccountMapping(t.db, ok, finance, deps)).toMatchObject({
      bankAccountName: "Checking",
      feeAccountName: "Collection agency fees",
    });
  });

  it("writes one balanced JournalEntry per paid disbursement, once, even when QuickBooks loses the answer", async () => {
    const { c, realmId, byName } = await connectedCreditor();
    await saveAccountMapping(
      t.db,
      {
        creditorId: c.id,
        clearingAccountId: byName.get("Collections clearing")!,
        feeAccountId: byName.get("Collection agency fees")!,
        bankAccountId: byName.get("Checking")!,
      },
      finance,
      deps,
    );
    const id = await paidDisbursement(c.id);
    // The entry is created, then the answer is lost (500 after): the read-back finds it, nothing is sent twice.
    double.setFault({ realmId, endpoint: "journalentry_create", kind: "server_error", phase: "after", count: 1 });
    const first = await runJournalEntryTick(t.db, deps);
    expect(first.accepted.mapped).toBe(1);
    const [m] = await t.db.select().from(qboJournalMappings).where(eq(qboJournalMappings.disbursementId, id));
    expect(m, m?.lastError ?? "").toMatchObject({ status: "posted", requestId: `je-${id}` });
    const entries = double.listJournalEntries(realmId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ DocNumber: journalDocNumber(id), Id: m!.qboJournalEntryId });
    const lines = entries[0]!.Line.map((l) => [
      l.JournalEntryLineDetail.PostingType,
      l.JournalEntryLineDetail.AccountRef.name,
      l.Amount,
    ]);
    expect(lines).toEqual([
      ["Debit", "Checking", 80],
      ["Debit", "Collection agency fees", 20],
      ["Credit", "Collections clearing", 100],
    ]);
    await runJournalEntryTick(t.db, deps, { now: new Date(Date.now() + 86_400_000) });
    expect(double.listJournalEntries(realmId)).toHaveLength(1);
    const log = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "qbo.journal_entry.posted"));
    expect(log.some((e) => e.creditorId === c.id)).toBe(true);
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("under random faults (lost answers, 500s, throttling) every disbursement ends with exactly one entry", async () => {
    const { c, realmId, byName } = await connectedCreditor();
    await saveAccountMapping(
      t.db,
      {
        creditorId: c.id,
        clearingAccountId: byName.get("Collections clearing")!,
        feeAccountId: byName.get("Collection agency fees")!,
        bankAccountId: byName.get("Checking")!,
      },
      finance,
      deps,
    );
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await paidDisbursement(c.id));
    double.setFault({
      realmId,
      endpoint: "journalentry_create",
      kind: "server_error",
      phase: "after",
      probability: 0.3,
    });
    double.setFault({ realmId, endpoint: "journalentry_create", kind: "server_error", probability: 0.2 });
    double.setFault({ realmId, endpoint: "journalentry_create", kind: "throttle", probability: 0.2 });
    let now = Date.now();
    for (let tick = 0; tick < 30; tick++) {
      await runJournalEntryTick(t.db, deps, { now: new Date(now) });
      now += 7 * 3_600_000;
      const open = await t.db.select().from(qboJournalMappings).where(eq(qboJournalMappings.creditorId, c.id));
      if (open.length === ids.length && open.every((m) => m.status === "posted")) break;
    }
    double.clearFaults();
    const mappings = await t.db.select().from(qboJournalMappings).where(eq(qboJournalMappings.creditorId, c.id));
    expect(mappings.map((m) => m.status)).toEqual(ids.map(() => "posted"));
    const docs = double
      .listJournalEntries(realmId)
      .map((e) => e.DocNumber)
      .sort();
    expect(docs).toEqual(ids.map(journalDocNumber).sort());
    const [d] = await t.db.select().from(disbursements).where(eq(disbursements.id, ids[0]!));
    expect(d!.status).toBe("paid");
  });

  it("without an account mapping nothing is written; the sync log says why", async () => {
    const { c } = await connectedCreditor();
    const id = await paidDisbursement(c.id);
    const r = await runJournalEntryTick(t.db, deps);
    expect(r.accepted.skipped).toBeGreaterThanOrEqual(1);
    const [skip] = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, id));
    expect(
      await t.db.select().from(auditEvents).where(eq(auditEvents.action, "qbo.journal_entry.skipped")),
    ).not.toHaveLength(0);
    expect(skip).toBeDefined();
  });
});
