import { describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import type { Db } from "@/db/client";
import { makeCreditor } from "@/server/testing/factories";
import { systemActor } from "@/server/domain/actor";
import { closePlacement, createPlacement } from "../placements/placements";
import { recordClearedPayment } from "../payments/record-cleared";
import { previewRun, proposeRun } from "../disbursements/runs";
import { approveRun } from "../disbursements/runs-decide";
import { portalOverview } from "./portal-overview";
import { remittanceTrace } from "./remittance-trace";
import { creditorPlacementPage, staffPlacementPage } from "./placement-page";
import { recordManualPayment } from "../disbursements/lifecycle";

const place = (db: Db, creditorId: string, invoiceNumber: string, currency: string, amount: bigint) =>
  createPlacement(
    db,
    creditorId,
    {
      invoiceNumber,
      invoiceAmount: amount,
      currency,
      dueDate: "2026-01-15",
      debtor: { name: `Debtor of ${invoiceNumber}` },
      placedAt: new Date("2026-01-20T08:00:00Z"),
    },
    systemActor("test"),
  );
const pay = (db: Db, placementId: string, externalId: string, amount: bigint, currency: string, at: string) =>
  recordClearedPayment(
    db,
    { source: "stripe", externalId, placementId, amount, currency, receivedAt: new Date(at) },
    { type: "stripe_webhook", id: `evt_${externalId}` },
  );

describe("portal overview: owed and paid out from the ledger; currencies by activity", () => {
  const t = useTestDb();

  it("shows what is owed now apart from what was paid out, and hides currencies with nothing in them", async () => {
    const db = t.db;
    const c = await makeCreditor(db, { rateBps: 2000 });
    // USD: two payments of 1,000.00 (fee 20%: 800.00 net each); one is paid out by an approved run.
    const a = await place(db, c.id, "US-1", "USD", 100_000n);
    const b = await place(db, c.id, "US-2", "USD", 100_000n);
    await pay(db, a.id, "pi_a", 100_000n, "USD", "2026-02-02T10:00:00Z");
    const cutoff = new Date("2026-02-10T00:00:00Z");
    const preview = await previewRun(db, { creditorIds: [c.id], cutoff });
    const run = await proposeRun(
      db,
      { creditorIds: [c.id], cutoff, fingerprint: preview.fingerprint },
      { type: "user", id: "finance-1" },
    );
    await approveRun(db, { runId: run.runId }, { type: "user", id: "finance-2" });
    await pay(db, b.id, "pi_b", 100_000n, "USD", "2026-02-20T10:00:00Z");
    // EUR: one open placement, nothing paid. JPY: a placement recalled, nothing paid, nothing owed.
    await place(db, c.id, "EU-1", "EUR", 50_000n);
    const jpy = await place(db, c.id, "JP-1", "JPY", 9_000n);
    await closePlacement(db, jpy.id, "recalled", "Recalled by the creditor", systemActor("test"));

    const period = { from: "2026-01-01", to: `${new Date().getUTCFullYear() + 1}-01-01` };
    const o = await portalOverview(db, c.id, period);
    // USD has rows, EUR only an open placement, JPY nothing at all: hidden.
    expect(o.currencies).toEqual(["USD", "EUR"]);
    const usd = o.totals.find((x) => x.currency === "USD")!;
    expect(usd.netRemitted).toBe(160_000n); // collected less fees in the period
    expect(usd.paidOut).toBe(80_000n); // the first payment's net, disbursed
    expect(usd.owedNow).toBe(80_000n); // the second's, still held
    const eur = o.totals.find((x) => x.currency === "EUR")!;
    expect([eur.owedNow, eur.paidOut, eur.payments]).toEqual([0n, 0n, 0]);
    expect(o.outstanding.find((x) => x.currency === "EUR")!.amount).toBe(50_000n);

    // Each row traces to its payment, rate and fee, and the disbursement that paid it (or none yet).
    const rows = await db.query.remittances.findMany({ where: (r, { eq }) => eq(r.creditorId, c.id) });
    const rowOf = (placementId: string) => rows.find((r) => r.placementId === placementId)!;
    const paid = (await remittanceTrace(db, c.id, rowOf(a.id).id))!;
    expect(paid).toMatchObject({
      status: "cleared",
      rateBps: 2000,
      recovered: 100_000n,
      fee: 20_000n,
      net: 80_000n,
      placement: { invoiceNumber: "US-1" },
      payment: { source: "stripe", externalId: "pi_a", amount: 100_000n },
      quickbooks: null,
      disbursement: { status: "approved", amount: 80_000n },
    });
    expect((await remittanceTrace(db, c.id, rowOf(b.id).id))!.disbursement).toBeNull();
    // Another creditor's row, or something that is not an id, is not found.
    const other = await makeCreditor(db);
    expect(await remittanceTrace(db, other.id, rowOf(a.id).id)).toBeNull();
    expect(await remittanceTrace(db, c.id, "not-an-id")).toBeNull();

    // The creditor's timeline: business events only, by time, ending with the payout.
    await recordManualPayment(
      db,
      {
        disbursementId: run.disbursementIds[0]!,
        method: "ach",
        reference: "ACH-TL-1",
        sentOn: new Date("2026-02-12T09:00:00Z"),
      },
      { type: "user", id: "finance-1" },
    );
    const { timeline } = await creditorPlacementPage(db, c.id, a.id);
    expect(timeline.map((e) => e.kind)).toEqual(["placed", "payment", "remittance", "paid_out"]);
    expect(timeline.at(-1)).toMatchObject({ kind: "paid_out", amount: 80_000n, method: "ach", reference: "ACH-TL-1" });
    const times = timeline.map((e) => e.at.getTime());
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    // The back-office still sees the bookkeeping (accounting documents, audit records).
    const staff = await staffPlacementPage(db, a.id);
    expect(staff.timeline.some((e) => e.kind === "document" || e.kind === "audit")).toBe(true);
  });
});
