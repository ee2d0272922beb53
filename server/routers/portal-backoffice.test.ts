import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import type { SessionUser } from "@/server/auth/roles";
import { createContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { createUser } from "@/server/services/identity/users";
import { systemActor } from "@/server/domain/actor";

describe("portal and back-office routers", () => {
  const t = useTestDb();
  let mine: { id: string };
  let theirs: { id: string };
  let myPlacement = "";
  let theirPlacement = "";
  const as = (user: SessionUser | null) => createCaller(createContext({ db: t.db, user }));
  const creditorUser = () => ({ id: randomUUID(), role: "creditor_admin" as const, creditorId: mine.id });
  const operator: SessionUser = { id: randomUUID(), role: "operator", creditorId: null };

  beforeAll(async () => {
    mine = await makeCreditor(t.db, { rateBps: 2000 });
    theirs = await makeCreditor(t.db, { rateBps: 3000 });
    myPlacement = (await makePlacement(t.db, mine.id, { amount: 10_000n })).id;
    theirPlacement = (await makePlacement(t.db, theirs.id, { amount: 20_000n })).id;
    const hook = { type: "stripe_webhook" as const, id: "evt" };
    await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: "pi_mine",
        placementId: myPlacement,
        amount: 5_000n,
        currency: "USD",
        receivedAt: new Date(),
      },
      hook,
    );
    await recordClearedPayment(
      t.db,
      {
        source: "stripe",
        externalId: "pi_theirs",
        placementId: theirPlacement,
        amount: 7_000n,
        currency: "USD",
        receivedAt: new Date(),
      },
      hook,
    );
  });

  const code = async (p: Promise<unknown>) =>
    p.then(
      () => "OK",
      (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
    );

  it("shows a creditor only their own money", async () => {
    const api = as(creditorUser());
    const today = new Date().toISOString().slice(0, 10);
    const o = await api.portal.overview({
      from: `${Number(today.slice(0, 4)) - 1}-01-01`,
      to: `${Number(today.slice(0, 4)) + 1}-01-01`,
    });
    expect(o.totals).toEqual([
      expect.objectContaining({ currency: "USD", collected: 5_000n, fees: 1_000n, netRemitted: 4_000n }),
    ]);
    const list = await api.portal.placements({});
    expect(list.items.map((p) => p.id)).toEqual([myPlacement]);
    const rems = await api.portal.remittances({});
    expect(rems.items.every((r) => r.creditorId === mine.id)).toBe(true);
  });

  it("answers NOT_FOUND for another creditor's placement, as for a missing one", async () => {
    const api = as(creditorUser());
    expect(await code(api.portal.placement({ id: theirPlacement }))).toBe("NOT_FOUND");
    expect(await code(api.portal.placement({ id: randomUUID() }))).toBe("NOT_FOUND");
    expect(await code(api.portal.placement({ id: "not-an-id" }))).toBe("NOT_FOUND");
    const page = await api.portal.placement({ id: myPlacement });
    expect(page.timeline.some((e) => e.kind === "remittance")).toBe(true);
    // Machines and staff appear by role in the portal, never by internal id.
    expect(page.timeline.filter((e) => e.kind === "audit").every((e) => e.kind === "audit" && e.actorId === "")).toBe(
      true,
    );
  });

  it("keeps creditors out of the back-office and everyone signed out out of both", async () => {
    const api = as(creditorUser());
    expect(await code(api.backoffice.creditors({}))).toBe("FORBIDDEN");
    expect(await code(api.backoffice.changeRate({ creditorId: mine.id, rateBps: 0, reason: "free lunch" }))).toBe(
      "FORBIDDEN",
    );
    expect(await code(api.workItems.list({}))).toBe("FORBIDDEN");
    expect(await code(api.ledger.placement({ placementId: myPlacement }))).toBe("FORBIDDEN");
    expect(await code(api.audit.list({}))).toBe("FORBIDDEN");
    expect(await code(as(null).portal.overview({ from: "2026-01-01", to: "2026-02-01" }))).toBe("UNAUTHORIZED");
    expect(await code(as(operator).portal.placements({}))).toBe("FORBIDDEN");
  });

  it("lets only an agency admin change a rate, forward only, with a reason, and audits it", async () => {
    // Operators and finance are refused by the router and, for any other path, by the service.
    for (const role of ["operator", "finance"] as const)
      expect(
        await code(
          as({ id: randomUUID(), role, creditorId: null }).backoffice.changeRate({
            creditorId: mine.id,
            rateBps: 1500,
            reason: "my own terms",
          }),
        ),
      ).toBe("FORBIDDEN");
    const admin = await createUser(
      t.db,
      { email: `rates-admin-${randomUUID()}@example.test`, name: "Rates Admin", role: "admin", creditorId: null },
      systemActor("test"),
    );
    const api = as({ id: admin.id, role: "admin", creditorId: null });
    const past = new Date(Date.now() - 86_400_000);
    expect(
      await code(
        api.backoffice.changeRate({ creditorId: mine.id, rateBps: 1500, effectiveFrom: past, reason: "backdate" }),
      ),
    ).toBe("BAD_REQUEST");
    expect(await code(api.backoffice.changeRate({ creditorId: mine.id, rateBps: 1500, reason: "" }))).toBe(
      "BAD_REQUEST",
    );
    expect(
      await code(api.backoffice.changeRate({ creditorId: randomUUID(), rateBps: 1500, reason: "unknown creditor" })),
    ).toBe("NOT_FOUND");
    await api.backoffice.changeRate({ creditorId: mine.id, rateBps: 1800, reason: "Renegotiated volume tier" });
    const detail = await api.backoffice.creditor({ id: mine.id });
    expect(detail.creditor.contingencyRateBps).toBe(1800);
    expect(detail.currentRate?.reason).toBe("Renegotiated volume tier");
    const log = await api.audit.list({ creditorId: mine.id, action: "creditor.rate_changed" });
    expect(log.items[0]).toMatchObject({
      actorType: "user",
      actorId: admin.id,
      details: expect.objectContaining({ fromBps: 2000, toBps: 1800 }),
    });
    // A future rate is scheduled without touching today's.
    await api.backoffice.changeRate({
      creditorId: mine.id,
      rateBps: 1700,
      effectiveFrom: new Date(Date.now() + 30 * 86_400_000),
      reason: "From next month",
    });
    const later = await api.backoffice.creditor({ id: mine.id });
    expect(later.creditor.contingencyRateBps).toBe(1800);
    expect(later.scheduledRates.map((r) => r.rateBps)).toEqual([1700]);
  });

  it("gives staff every creditor's rows, the ledger and the queue", async () => {
    const api = as(operator);
    const all = await api.backoffice.placements({});
    expect(new Set(all.items.map((p) => p.creditorId))).toEqual(new Set([mine.id, theirs.id]));
    const one = await api.backoffice.placements({ creditorId: theirs.id });
    expect(one.items.map((p) => p.id)).toEqual([theirPlacement]);
    const ledger = await api.ledger.placement({ placementId: theirPlacement });
    expect(ledger.entries).toHaveLength(1);
    expect(await code(api.ledger.placement({ placementId: randomUUID() }))).toBe("NOT_FOUND");
    const payments = await api.backoffice.payments({ search: "pi_" });
    expect(payments.items).toHaveLength(2);
    expect((await api.workItems.list({})).items).toEqual([]);
    expect((await api.backoffice.placement({ id: theirPlacement })).placement.creditorId).toBe(theirs.id);
  });

  it("counts each creditor's open placements, open work and next scheduled rate in the creditor list", async () => {
    const api = as(operator);
    await makePlacement(t.db, theirs.id, { amount: 3_000n });
    const { items } = await api.backoffice.creditors({});
    const row = (id: string) => items.find((c) => c.id === id)!;
    expect(row(mine.id)).toMatchObject({ openPlacements: 1, openWorkItems: 0 });
    expect(row(theirs.id)).toMatchObject({ openPlacements: 2, openWorkItems: 0, scheduledRateBps: null });
    const scheduled = (await api.backoffice.creditor({ id: mine.id })).scheduledRates.at(0)?.rateBps ?? null;
    expect(row(mine.id).scheduledRateBps).toBe(scheduled);
  });

  it("filters remittances by UTC days, `to` exclusive, in the portal and the back-office", async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const portal = as(creditorUser()).portal;
    expect((await portal.remittances({ from: day(-1), to: day(1) })).items.map((r) => r.placementId)).toEqual([
      myPlacement,
    ]);
    expect((await portal.remittances({ from: day(1) })).items).toEqual([]);
    expect((await portal.remittances({ to: day(-1) })).items).toEqual([]);
    const backoffice = as(operator).backoffice;
    expect((await backoffice.remittances({ from: day(-1), to: day(1) })).items).toHaveLength(2);
    expect(
      (await backoffice.remittances({ creditorId: theirs.id, from: day(-1) })).items.map((r) => r.placementId),
    ).toEqual([theirPlacement]);
    expect((await backoffice.remittances({ to: day(-1) })).items).toEqual([]);
  });
});
