import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { useTestDb } from "@/db/testing/test-db";
import { testDriver } from "@/db/testing/config";
import { auditEvents, creditorRates, journalEntries, placements, postings, remittances } from "@/db/schema";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { recordClearedPayment } from "../payments/record-cleared";
import { verifyLedger } from "./verify";

const actor = { type: "system" as const, id: "test" };

/** Postgres reports the trigger's message on the error or its cause, depending on the driver. */
async function refused(p: Promise<unknown>, pattern: RegExp) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "the database accepted a write it must refuse").toBeDefined();
  const text = [err, (err as { cause?: unknown }).cause].map((e) => String((e as Error)?.message ?? e)).join(" | ");
  expect(text).toMatch(pattern);
}

describe(`database guards (${testDriver()})`, () => {
  const t = useTestDb();

  async function paidPlacement() {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    const p = await makePlacement(t.db, c.id, { amount: 5_000n });
    await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: `pi_${p.id}`,
        placementId: p.id,
        amount: 2_000n,
        currency: "USD",
        receivedAt: new Date(),
      },
      actor,
    );
    return { c, p };
  }

  it("refuses UPDATE and DELETE on remittances, postings, journal entries, audit events and rates", async () => {
    const { p } = await paidPlacement();
    const [rem] = await t.db.select().from(remittances).where(eq(remittances.placementId, p.id));
    await refused(
      t.db
        .update(remittances)
        .set({ feeAmount: 0n, netRemitAmount: rem!.recoveredAmount })
        .where(eq(remittances.id, rem!.id)),
      /append-only: UPDATE on remittances/,
    );
    await refused(t.db.delete(remittances).where(eq(remittances.id, rem!.id)), /append-only: DELETE on remittances/);
    await refused(
      t.db.update(postings).set({ amount: 1n }).where(eq(postings.entryId, rem!.journalEntryId)),
      /append-only: UPDATE on postings/,
    );
    await refused(
      t.db.delete(postings).where(eq(postings.entryId, rem!.journalEntryId)),
      /append-only: DELETE on postings/,
    );
    await refused(
      t.db.delete(journalEntries).where(eq(journalEntries.id, rem!.journalEntryId)),
      /append-only: DELETE on journal_entries/,
    );
    await refused(t.db.update(auditEvents).set({ action: "tampered" }), /append-only: UPDATE on audit_events/);
    await refused(t.db.delete(auditEvents), /append-only: DELETE on audit_events/);
    await refused(t.db.delete(creditorRates), /append-only: DELETE on creditor_rates/);
    await refused(t.db.execute(sql`truncate remittances cascade`), /append-only: TRUNCATE/);
    expect(await verifyLedger(t.db)).toEqual([]);
  });

  it("refuses an unbalanced journal entry written around the service", async () => {
    await refused(
      t.db.transaction(async (tx) => {
        const [e] = await tx
          .insert(journalEntries)
          .values({ kind: "manual", description: "lopsided", occurredAt: new Date() })
          .returning();
        await tx.insert(postings).values([
          { entryId: e!.id, account: "cash:stripe_clearing", amount: 100n, currency: "USD" },
          { entryId: e!.id, account: "fee_income", amount: -90n, currency: "USD" },
        ]);
      }),
      /unbalanced journal entry .*USD sum to 10/,
    );
  });

  it("refuses a contingency rate that would take effect before the latest one", async () => {
    const c = await makeCreditor(t.db, { effectiveFrom: new Date("2026-01-01T00:00:00Z") });
    await refused(
      t.db
        .insert(creditorRates)
        .values({ creditorId: c.id, rateBps: 1, effectiveFrom: new Date("2025-06-01T00:00:00Z"), createdBy: "sneaky" }),
      /must take effect after/,
    );
  });
});

describe("ledger:verify", () => {
  const t = useTestDb();

  it("names the invariant a corrupted cache breaks", async () => {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    const p = await makePlacement(t.db, c.id, { amount: 5_000n });
    await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: "pi_v1",
        placementId: p.id,
        amount: 2_000n,
        currency: "USD",
        receivedAt: new Date(),
      },
      actor,
    );
    expect(await verifyLedger(t.db)).toEqual([]);
    await t.db.update(placements).set({ recoveredAmount: 2_001n }).where(eq(placements.id, p.id));
    const breaks = await verifyLedger(t.db);
    expect(breaks.map((b) => b.invariant)).toEqual(["placement_recovered_equals_remittances"]);
    expect(breaks[0]!.examples[0]).toMatchObject({ placement_id: p.id, cached: "2001", derived: "2000" });
    await t.db.update(placements).set({ recoveredAmount: 2_000n }).where(eq(placements.id, p.id));
  });

  it("names what a remittance written around the service breaks", async () => {
    const c = await makeCreditor(t.db, { rateBps: 2000 });
    const p = await makePlacement(t.db, c.id, { amount: 5_000n });
    await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: "pi_v2",
        placementId: p.id,
        amount: 1_000n,
        currency: "USD",
        receivedAt: new Date(),
      },
      actor,
    );
    const [rem] = await t.db.select().from(remittances).where(eq(remittances.placementId, p.id));
    // A row inserted directly: no placement update, no fee posting.
    await t.db.insert(remittances).values({
      ...rem!,
      id: undefined,
      externalRef: null,
      recoveredAmount: 500n,
      feeAmount: 100n,
      netRemitAmount: 400n,
      createdAt: undefined,
    });
    const names = (await verifyLedger(t.db)).map((b) => b.invariant);
    expect(names).toEqual(
      expect.arrayContaining([
        "placement_recovered_equals_remittances",
        "placement_fee_equals_remittances",
        "payable_ledger_equals_remittances",
        "fee_income_equals_remittance_fees",
      ]),
    );
  });
});
