import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import { queryRows } from "@/db/rows";
import type { Db } from "@/db/client";
import { makeCreditor } from "@/server/testing/factories";
import { systemActor } from "@/server/domain/actor";
import { createPlacement } from "../placements/placements";
import { recordClearedPayment } from "../payments/record-cleared";
import { recordReversal } from "../reversals/reversals";
import { listPlacementPage, findPlacement } from "./placement-list";
import { listRemittancePage } from "./remittance-list";
import { portalOverview } from "./portal-overview";
import { placementTimeline } from "./placement-timeline";
import { placementLedger } from "./ledger";
import { ageingDueRange, bucketRanges, bucketStarts } from "@/server/domain/periods";

const hook = { type: "stripe_webhook" as const, id: "evt_test" };
const now = new Date("2026-03-15T12:00:00Z");
const makePlacement = (
  db: Db,
  creditorId: string,
  o: { amount?: bigint; currency?: string; dueDate?: string; invoiceNumber: string },
) =>
  createPlacement(
    db,
    creditorId,
    {
      invoiceNumber: o.invoiceNumber,
      invoiceAmount: o.amount ?? 100_000n,
      currency: o.currency ?? "USD",
      dueDate: o.dueDate ?? "2026-01-15",
      debtor: { name: `Debtor of ${o.invoiceNumber}` },
      placedAt: new Date("2026-01-20T08:00:00Z"),
    },
    systemActor("test"),
  );
let usd: { id: string };
let other: { id: string };
let reversedPlacementId = "";

describe("portal and back-office read models", () => {
  const t = useTestDb();

  beforeAll(async () => {
    const db = t.db;
    usd = await makeCreditor(db, { rateBps: 2500 });
    other = await makeCreditor(db, { rateBps: 3000 });
    // 12 USD placements, 2 EUR placements for the same creditor, 3 for another creditor.
    for (let i = 0; i < 12; i++) {
      const p = await makePlacement(db, usd.id, {
        amount: 100_000n + BigInt(i),
        dueDate: `2026-0${1 + (i % 3)}-1${i % 10}`,
        invoiceNumber: `NW-${100 + i}`,
      });
      if (i % 2 === 0) {
        await recordClearedPayment(
          db,
          {
            source: "stripe",
            externalId: `pi_${i}`,
            placementId: p.id,
            amount: 40_000n,
            currency: "USD",
            receivedAt: new Date(`2026-02-${10 + i}T10:00:00Z`),
          },
          hook,
        );
      }
      if (i === 4) {
        reversedPlacementId = p.id;
        await recordReversal(
          db,
          {
            paymentExternalId: `pi_${i}`,
            amount: 10_000n,
            currency: "USD",
            reason: "refund",
            externalRef: "re_1",
            occurredAt: new Date("2026-03-01T09:00:00Z"),
          },
          hook,
        );
      }
    }
    for (let i = 0; i < 2; i++) {
      const p = await makePlacement(db, usd.id, { amount: 50_000n, currency: "EUR", invoiceNumber: `EU-${i}` });
      await recordClearedPayment(
        db,
        {
          source: "stripe",
          externalId: `pi_eur_${i}`,
          placementId: p.id,
          amount: 50_000n,
          currency: "EUR",
          receivedAt: new Date("2026-02-20T10:00:00Z"),
        },
        hook,
      );
    }
    for (let i = 0; i < 3; i++) {
      const p = await makePlacement(db, other.id, { invoiceNumber: `NW-${100 + i}` });
      await recordClearedPayment(
        db,
        {
          source: "stripe",
          externalId: `pi_other_${i}`,
          placementId: p.id,
          amount: 70_000n,
          currency: "USD",
          receivedAt: new Date("2026-02-21T10:00:00Z"),
        },
        hook,
      );
    }
  });

  describe("portal overview", () => {
    it("equals what the ledger's postings say, per currency, and never mixes currencies", async () => {
      const period = { from: "2026-01-01", to: "2026-04-01" };
      const o = await portalOverview(t.db, usd.id, period, now);
      const ledger = await queryRows<{ currency: string; fee: string; net: string }>(
        t.db,
        sql`select p.currency,
              (-sum(p.amount) filter (where p.account = 'fee_income'))::text as fee,
              (-sum(p.amount) filter (where p.account = ${`creditor_payable:${usd.id}`}))::text as net
            from postings p join journal_entries e on e.id = p.entry_id
            where e.creditor_id = ${usd.id} and e.occurred_at >= '2026-01-01' and e.occurred_at < '2026-04-01'
            group by p.currency order by p.currency`,
      );
      // Busiest first: USD had 7 rows in the period, EUR 2.
      expect(o.currencies).toEqual(["USD", "EUR"]);
      for (const row of ledger) {
        const totals = o.totals.find((x) => x.currency === row.currency)!;
        expect(totals.fees).toBe(BigInt(row.fee));
        expect(totals.netRemitted).toBe(BigInt(row.net));
        expect(totals.collected).toBe(BigInt(row.fee) + BigInt(row.net));
      }
      const usdTotals = o.totals.find((x) => x.currency === "USD")!;
      expect(usdTotals.payments).toBe(6);
      expect(usdTotals.reversals).toBe(1);
      expect(usdTotals.collected).toBe(6n * 40_000n - 10_000n);
      // The chart's buckets add up to the totals.
      const chartSum = o.series.filter((s) => s.currency === "USD").reduce((s, p) => s + p.collected, 0n);
      expect(chartSum).toBe(usdTotals.collected);
      expect(o.granularity).toBe("week");
    });

    it("reports outstanding by age for open placements only", async () => {
      const o = await portalOverview(t.db, usd.id, { from: "2026-03-01", to: "2026-03-16" }, now);
      const out = o.outstanding.find((x) => x.currency === "USD")!;
      const expected = await queryRows<{ amount: string; n: number }>(
        t.db,
        sql`select sum(invoice_amount - recovered_amount)::text as amount, count(*)::int as n from placements where creditor_id = ${usd.id} and status = 'open' and currency = 'USD'`,
      );
      expect(out.amount).toBe(BigInt(expected[0]!.amount));
      expect(o.ageing.filter((a) => a.currency === "USD").reduce((s, a) => s + a.placements, 0)).toBe(expected[0]!.n);
      // Each bucket's link filter selects exactly the placements counted in it.
      for (const a of o.ageing.filter((x) => x.currency === "USD")) {
        const page = await listPlacementPage(t.db, {
          creditorId: usd.id,
          status: "open",
          currency: "USD",
          ...ageingDueRange(a.bucket, o.asOf),
          limit: 200,
        });
        expect(page.items.length, a.bucket).toBe(a.placements);
      }
      expect(o.granularity).toBe("day");
      expect(o.series.filter((s) => s.currency === "USD")).toHaveLength(15);
    });

    it("refuses a period that ends before it starts", async () => {
      await expect(portalOverview(t.db, usd.id, { from: "2026-03-01", to: "2026-02-01" })).rejects.toThrow(/end after/);
    });
  });

  describe("lists", () => {
    it("pages placements by keyset with no row twice or missing, in every sort", async () => {
      for (const sort of ["placedAt", "dueDate", "invoiceAmount"] as const) {
        for (const dir of ["asc", "desc"] as const) {
          const seen: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await listPlacementPage(t.db, { creditorId: usd.id, sort, dir, limit: 5, cursor });
            seen.push(...page.items.map((p) => p.id));
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          expect(new Set(seen).size, `${sort} ${dir}`).toBe(14);
        }
      }
    });

    it("never shows another creditor's rows, even with a matching search", async () => {
      const page = await listPlacementPage(t.db, { creditorId: usd.id, search: "nw-10" });
      expect(page.items.every((p) => p.creditorId === usd.id)).toBe(true);
      expect(page.items).toHaveLength(10);
      const rems = await listRemittancePage(t.db, { creditorId: other.id });
      expect(rems.items.every((r) => r.creditorId === other.id)).toBe(true);
      expect(await findPlacement(t.db, reversedPlacementId, other.id)).toBeUndefined();
    });

    it("filters remittances by status and links reversals to their parent", async () => {
      const page = await listRemittancePage(t.db, { creditorId: usd.id, status: "reversed" });
      expect(page.items).toHaveLength(1);
      const reversal = page.items[0]!;
      expect(reversal.recoveredAmount).toBe(-10_000n);
      const parent = await listRemittancePage(t.db, { creditorId: usd.id, search: reversal.parentRemittanceId! });
      expect(parent.items.map((r) => r.status)).toEqual(["cleared"]);
      expect(parent.items[0]!.rateBpsSnapshot).toBe(2500);
    });

    it("filters placements by exact invoice number and placement instants, as /v1 asks", async () => {
      expect((await listPlacementPage(t.db, { creditorId: usd.id, invoiceNumber: "NW-10" })).items).toEqual([]);
      expect(
        (await listPlacementPage(t.db, { creditorId: usd.id, invoiceNumber: "NW-100" })).items.map(
          (p) => p.invoiceNumber,
        ),
      ).toEqual(["NW-100"]);
      const placedAt = new Date("2026-01-20T08:00:00Z");
      expect(
        (await listPlacementPage(t.db, { creditorId: usd.id, placedFrom: placedAt, limit: 200 })).items,
      ).toHaveLength(14);
      expect((await listPlacementPage(t.db, { creditorId: usd.id, placedTo: placedAt })).items).toEqual([]);
    });

    it("reads a /v1 [time, id] cursor only where it means the same order: newest first by time", async () => {
      const first = await listRemittancePage(t.db, { creditorId: usd.id, limit: 3 });
      const { v, i } = JSON.parse(Buffer.from(first.nextCursor!, "base64url").toString("utf8")) as {
        v: string;
        i: string;
      };
      const legacy = Buffer.from(JSON.stringify([v, i])).toString("base64url");
      const next = await listRemittancePage(t.db, { creditorId: usd.id, limit: 3, cursor: first.nextCursor! });
      expect(next.items).toHaveLength(3);
      expect(await listRemittancePage(t.db, { creditorId: usd.id, limit: 3, cursor: legacy })).toEqual(next);
      await expect(
        listRemittancePage(t.db, { creditorId: usd.id, sort: "recoveredAmount", cursor: legacy }),
      ).rejects.toThrow(/not valid/);
      await expect(listRemittancePage(t.db, { creditorId: usd.id, dir: "asc", cursor: legacy })).rejects.toThrow(
        /not valid/,
      );
    });

    it("rejects a cursor from another sort order", async () => {
      const first = await listRemittancePage(t.db, { creditorId: usd.id, limit: 2 });
      await expect(
        listRemittancePage(t.db, { creditorId: usd.id, sort: "recoveredAmount", cursor: first.nextCursor! }),
      ).rejects.toThrow(/another sort/);
    });
  });

  describe("placement page", () => {
    it("tells the story in time order, the reversal pointing at its parent", async () => {
      const p = (await findPlacement(t.db, reversedPlacementId, usd.id))!;
      const events = await placementTimeline(t.db, p);
      const kinds = events.map((e) => e.kind);
      expect(kinds[0]).toBe("placed");
      expect(kinds).toEqual(expect.arrayContaining(["payment", "remittance", "document", "audit"]));
      const rems = events.filter((e) => e.kind === "remittance");
      const reversal = rems.find((r) => r.status === "reversed")!;
      expect(reversal.parentId).toBe(rems.find((r) => r.status === "cleared")!.id);
      expect(reversal.parentAt).toEqual(new Date("2026-02-14T10:00:00Z"));
      for (let i = 1; i < events.length; i++)
        expect(events[i]!.at.getTime()).toBeGreaterThanOrEqual(events[i - 1]!.at.getTime());
    });

    it("shows balanced journal entries and the placement's balances", async () => {
      const ledger = await placementLedger(t.db, reversedPlacementId);
      expect(ledger.entries).toHaveLength(2);
      expect(ledger.entries.every((e) => e.isBalanced)).toBe(true);
      const fee = ledger.balances.find((b) => b.account === "fee_income")!;
      expect(fee.balance).toBe(-(10_000n - 2_500n));
      // People read names, never ids: the creditor's payable carries the creditor's name.
      const [c] = await queryRows<{ name: string }>(t.db, sql`select name from creditors where id = ${usd.id}`);
      const payable = ledger.balances.find((b) => b.account === `creditor_payable:${usd.id}`)!;
      expect(payable.accountName).toBe(`Owed to creditor — ${c!.name}`);
      const names = [...ledger.balances, ...ledger.entries.flatMap((e) => e.postings)].map((p) => p.accountName);
      expect(names.filter((n) => /[0-9a-f]{8}/.test(n))).toEqual([]);
      expect(names).toContain("Stripe balance (clearing)");
    });
  });

  describe("periods", () => {
    it("fills every bucket of the period", () => {
      expect(bucketStarts({ from: "2026-01-15", to: "2026-04-02" }, "month")).toEqual([
        "2026-01-01",
        "2026-02-01",
        "2026-03-01",
        "2026-04-01",
      ]);
      expect(bucketStarts({ from: "2026-03-04", to: "2026-03-17" }, "week")).toEqual([
        "2026-03-02",
        "2026-03-09",
        "2026-03-16",
      ]);
      // Buckets are clipped to the period, so nothing outside it is ever summed.
      expect(bucketRanges({ from: "2026-03-04", to: "2026-03-17" }, "week")).toEqual([
        { bucket: "2026-03-02", from: "2026-03-04", to: "2026-03-09" },
        { bucket: "2026-03-09", from: "2026-03-09", to: "2026-03-16" },
        { bucket: "2026-03-16", from: "2026-03-16", to: "2026-03-17" },
      ]);
    });
  });
});
