import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/db/testing/test-db";
import type { SessionUser } from "@/server/auth/roles";
import { systemActor } from "@/server/domain/actor";
import { createContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { createUser } from "@/server/services/identity/users";
import { openWorkItem } from "@/server/services/work-items/open";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { seedQboIsolationRows } from "@/server/testing/jobs";
import { eq } from "drizzle-orm";
import { auditEvents, qboPaymentMappings } from "@/db/schema";

describe("workbench through the routers", () => {
  const t = useTestDb();
  const as = (user: SessionUser) => createCaller(createContext({ db: t.db, user }));
  const staff = async (role: "operator" | "finance" | "admin", name: string): Promise<SessionUser> => {
    const u = await createUser(
      t.db,
      { email: `${role}.${Math.random().toString(36).slice(2)}@agency.test`, name, role },
      systemActor("test"),
    );
    return { id: u.id, role, creditorId: null };
  };
  let one = { id: "" };
  let two = { id: "" };
  let ann: SessionUser;
  let fay: SessionUser;
  const items: Record<string, string> = {};
  const code = (p: Promise<unknown>) =>
    p.then(
      () => "OK",
      (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
    );

  beforeAll(async () => {
    one = await makeCreditor(t.db, { name: "One" });
    two = await makeCreditor(t.db, { name: "Two" });
    ann = await staff("operator", "Ann Operator");
    fay = await staff("finance", "Fay Finance");
    const now = Date.now();
    const open = async (key: string, creditorId: string, kind: "drift" | "reversal_decision", daysAgo: number) => {
      const p = await makePlacement(t.db, creditorId, { amount: 10_000n });
      items[key] = (await openWorkItem(t.db, {
        kind,
        creditorId,
        subjectType: "placement",
        subjectId: p.id,
        title: `Item ${key}`,
        nextAction: "Act.",
        evidence: { placementId: p.id, amount: 500_000n, currency: "USD" },
        dedupeKey: `router-test:${key}`,
        causedAt: new Date(now - daysAgo * 86_400_000),
      }))!;
    };
    await open("oldDrift", one.id, "drift", 20);
    await open("freshDrift", two.id, "drift", 0);
    await open("bigReversal", two.id, "reversal_decision", 3);
  });

  it("shows operators every creditor's items, oldest first; creditor users never see the queue", async () => {
    const list = await as(ann).workItems.list({});
    const mine = list.items.filter((i) => Object.values(items).includes(i.id));
    expect(mine.map((i) => i.title)).toEqual(["Item oldDrift", "Item bigReversal", "Item freshDrift"]);
    expect(new Set(mine.map((i) => i.creditorName))).toEqual(new Set(["One", "Two"]));
    const creditorUser: SessionUser = { id: crypto.randomUUID(), role: "creditor_admin", creditorId: one.id };
    expect(await code(as(creditorUser).workItems.list({}))).toBe("FORBIDDEN");
    expect(await code(as(creditorUser).workItems.get({ workItemId: items.oldDrift! }))).toBe("FORBIDDEN");
    expect(await code(as(creditorUser).workbench.scorecard())).toBe("FORBIDDEN");
  });

  it("filters by owner, age bucket, overdue and creditor", async () => {
    await as(ann).workItems.start({ workItemId: items.freshDrift!, expectedVersion: 1 });
    const ids = (r: { items: Array<{ id: string }> }) =>
      r.items.map((i) => i.id).filter((id) => Object.values(items).includes(id));
    expect(ids(await as(ann).workItems.list({ owner: "me" }))).toEqual([items.freshDrift]);
    expect(ids(await as(fay).workItems.list({ owner: "me" }))).toEqual([]);
    expect(ids(await as(ann).workItems.list({ owner: "unassigned" }))).toEqual([items.oldDrift, items.bigReversal]);
    expect(ids(await as(ann).workItems.list({ age: "8-30d" }))).toEqual([items.oldDrift]);
    expect(ids(await as(ann).workItems.list({ age: "0-1d" }))).toEqual([items.freshDrift]);
    expect(ids(await as(ann).workItems.list({ overdue: true }))).toEqual([items.oldDrift]);
    expect(ids(await as(ann).workItems.list({ creditorId: two.id }))).toEqual([items.bigReversal, items.freshDrift]);
  });

  it("four-eyes through the API: an operator proposes; the operator and another operator cannot approve; finance can", async () => {
    const olly = await staff("operator", "Olly Operator");
    const proposed = await as(ann).workbench.decideReversal({
      workItemId: items.bigReversal!,
      expectedVersion: 1,
      decision: "keep",
    });
    expect(proposed.outcome).toBe("proposed");
    expect((await as(fay).workItems.list({ pendingApproval: true })).items.map((i) => i.id)).toContain(
      items.bigReversal,
    );
    expect(await code(as(ann).workbench.approveReversal({ workItemId: items.bigReversal!, expectedVersion: 2 }))).toBe(
      "FORBIDDEN",
    );
    expect(await code(as(olly).workbench.approveReversal({ workItemId: items.bigReversal!, expectedVersion: 2 }))).toBe(
      "FORBIDDEN",
    );
    const done = await as(fay).workbench.approveReversal({ workItemId: items.bigReversal!, expectedVersion: 2 });
    expect(done).toMatchObject({ proposedBy: "Ann Operator", approvedBy: "Fay Finance" });
    const again = await code(as(fay).workbench.approveReversal({ workItemId: items.bigReversal!, expectedVersion: 2 }));
    expect(again).toBe("CONFLICT");
  });

  it("bad input is a clear 4xx and writes nothing", async () => {
    expect(
      await code(
        as(ann).workItems.close({ workItemId: items.oldDrift!, expectedVersion: 1, outcome: "dismissed", reason: "" }),
      ),
    ).toBe("BAD_REQUEST");
    expect(await code(as(ann).workItems.get({ workItemId: crypto.randomUUID() }))).toBe("NOT_FOUND");
    expect(await code(as(ann).workbench.previewDirectPayment({ workItemId: items.oldDrift! }))).toBe("BAD_REQUEST");
    expect((await as(ann).workItems.get({ workItemId: items.oldDrift! })).version).toBe(1);
  });

  it("computes the scorecard from the data", async () => {
    const s = await as(fay).workbench.scorecard();
    expect(s.weekly.length).toBeGreaterThanOrEqual(12);
    expect(s.openByAge.reduce((n, b) => n + b.open, 0)).toBe(s.openByKind.reduce((n, k) => n + k.open, 0));
    expect(s.openByAge.find((b) => b.bucket === "8-30d")!.open).toBeGreaterThanOrEqual(1);
    expect(s.overdue).toBeGreaterThanOrEqual(1);
    expect(s.medianHoursToResolve).not.toBeNull();
    expect(s.pendingApprovals).toBe(0);
  });

  it("lets an operator retry a creditor's failed QuickBooks writeback from the item (issue 19, finding 4)", async () => {
    const p = await makePlacement(t.db, one.id, { amount: 10_000n });
    const paid = await recordClearedPayment(
      t.db,
      {
        source: "manual",
        externalId: `wb-${p.id}`,
        placementId: p.id,
        amount: 1_000n,
        currency: "USD",
        receivedAt: new Date(),
      },
      systemActor("test"),
    );
    const attemptId = paid.paymentAttemptId;
    const { mappingId } = await seedQboIsolationRows(t.db, {
      creditorId: one.id,
      placementId: p.id,
      paymentAttemptId: attemptId,
      amount: 1_000n,
      tag: "retry",
    });
    const workItemId = (await openWorkItem(t.db, {
      kind: "writeback_failed",
      creditorId: one.id,
      subjectType: "qbo_payment_mapping",
      subjectId: mappingId,
      title: "Writeback failed",
      nextAction: "Retry it.",
      evidence: { placementId: p.id },
      dedupeKey: `router-test:wb:${mappingId}`,
    }))!;
    const before = Date.now();
    expect(await as(ann).workbench.retry({ workItemId })).toMatchObject({ kind: "qbo_writeback", queued: true });
    const [m] = await t.db.select().from(qboPaymentMappings).where(eq(qboPaymentMappings.id, mappingId));
    expect(m!.nextAttemptAt!.getTime()).toBeLessThanOrEqual(before + 5_000);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, mappingId));
    expect(audit.find((a) => a.action === "qbo.writeback.retry_requested")).toMatchObject({ actorId: ann.id });
    // A drift item has no retry: a clear 400.
    expect(await code(as(ann).workbench.retry({ workItemId: items.oldDrift! }))).toBe("BAD_REQUEST");
  });
});
