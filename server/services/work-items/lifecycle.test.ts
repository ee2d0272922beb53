import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { useTestDb } from "@/db/testing/test-db";
import { auditEvents, workItemEvents, workItems } from "@/db/schema";
import { systemActor, type Actor } from "@/server/domain/actor";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { createUser } from "../identity/users";
import { openWorkItem } from "./open";
import {
  assignWorkItem,
  bulkAssign,
  closeWorkItem,
  getWorkItem,
  reopenWorkItem,
  settleWorkItem,
  startWorkItem,
  unassignWorkItem,
} from "./lifecycle";

describe("work item lifecycle", () => {
  const t = useTestDb({ poolSize: 4 });

  async function setup() {
    const c = await makeCreditor(t.db);
    const p = await makePlacement(t.db, c.id);
    const staff = async (name: string, role: "operator" | "finance" | "admin" = "operator") => {
      const u = await createUser(
        t.db,
        {
          email: `${name.replace(/\W+/g, ".").toLowerCase()}.${Math.random().toString(36).slice(2)}@agency.test`,
          name,
          role,
        },
        systemActor("test"),
      );
      return { id: u.id, actor: { type: "user", id: u.id } as Actor };
    };
    const open = async (label = Math.random().toString(36).slice(2), causedAt?: Date) =>
      (await openWorkItem(t.db, {
        kind: "unmatched_payment",
        creditorId: c.id,
        subjectType: "placement",
        subjectId: p.id,
        title: `Item ${label}`,
        nextAction: "Find its placement.",
        evidence: { placementId: p.id },
        dedupeKey: `test:${label}`,
        causedAt,
      }))!;
    return { c, p, staff, open };
  }

  it("dates a queued item from its cause and gives it the kind's service level in business days", async () => {
    const { open } = await setup();
    // Friday noon + 2 business days → Tuesday noon.
    const id = await open("aged", new Date("2026-11-06T12:00:00Z"));
    const item = await getWorkItem(t.db, id, new Date("2026-11-11T00:00:00Z"));
    expect(item.createdAt.toISOString()).toBe("2026-11-06T12:00:00.000Z");
    expect(item.dueAt?.toISOString()).toBe("2026-11-10T12:00:00.000Z");
    expect(item.isOverdue).toBe(true);
    expect(item.ageDays).toBe(4);
  });

  it("assigns, starts, unassigns and bulk-assigns, each with history, audit and a new version", async () => {
    const { staff, open } = await setup();
    const ann = await staff("Ann Operator");
    const bob = await staff("Bob Operator");
    const id = await open();
    const a = await assignWorkItem(t.db, { workItemId: id, ownerUserId: bob.id, expectedVersion: 1 }, ann.actor);
    expect(a).toMatchObject({ status: "in_progress", ownerUserId: bob.id, version: 2 });
    const s = await startWorkItem(t.db, { workItemId: id, expectedVersion: 2 }, ann.actor);
    expect(s).toMatchObject({ ownerUserId: ann.id, version: 3 });
    const u = await unassignWorkItem(t.db, { workItemId: id }, ann.actor);
    expect(u).toMatchObject({ status: "open", ownerUserId: null, version: 4 });
    const other = await open();
    const closed = await open();
    await closeWorkItem(
      t.db,
      { workItemId: closed, expectedVersion: 1, outcome: "dismissed", resolution: {}, reason: "test" },
      ann.actor,
    );
    expect(await bulkAssign(t.db, { workItemIds: [id, other, closed], ownerUserId: bob.id }, ann.actor)).toEqual({
      assigned: 2,
      skipped: 1,
    });
    const detail = await getWorkItem(t.db, id);
    expect(detail.ownerName).toBe("Bob Operator");
    expect(detail.history.map((h) => h.action)).toEqual(["opened", "assigned", "started", "unassigned", "assigned"]);
    expect(detail.history[1]).toMatchObject({ actorName: "Ann Operator" });
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, id));
    expect(audits.map((e) => e.action).sort()).toEqual(
      ["work_item.assigned", "work_item.assigned", "work_item.started", "work_item.unassigned"].sort(),
    );
  });

  it("refuses to assign to someone who is not active agency staff", async () => {
    const { c, staff, open } = await setup();
    const ann = await staff("Ann");
    const creditorUser = await createUser(
      t.db,
      { email: `cu-${Math.random()}@c.test`, name: "Creditor person", role: "creditor_member", creditorId: c.id },
      systemActor("test"),
    );
    const id = await open();
    await expect(
      assignWorkItem(t.db, { workItemId: id, ownerUserId: creditorUser.id }, ann.actor),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await getWorkItem(t.db, id)).version).toBe(1);
  });

  it("dismissing needs a reason; reopening needs one and is counted", async () => {
    const { staff, open } = await setup();
    const ann = await staff("Ann");
    const id = await open();
    await expect(
      closeWorkItem(t.db, { workItemId: id, expectedVersion: 1, outcome: "dismissed", resolution: {} }, ann.actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await closeWorkItem(
      t.db,
      { workItemId: id, expectedVersion: 1, outcome: "dismissed", resolution: {}, reason: "a test payment" },
      ann.actor,
    );
    await expect(
      reopenWorkItem(t.db, { workItemId: id, expectedVersion: 2, reason: " " }, ann.actor),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const r = await reopenWorkItem(
      t.db,
      { workItemId: id, expectedVersion: 2, reason: "it was ours after all" },
      ann.actor,
    );
    expect(r).toMatchObject({ status: "open", reopenCount: 1, resolvedAt: null, closeReason: null });
    const detail = await getWorkItem(t.db, id);
    expect(detail.history.at(-1)).toMatchObject({ action: "reopened", note: "it was ours after all" });
  });

  it("two people settling one item at once: one wins, the other is told who won, one history row", async () => {
    const { staff, open } = await setup();
    const ann = await staff("Ann Winner");
    const bob = await staff("Bob Winner");
    const id = await open();
    const settle = (who: { actor: Actor }) =>
      t.db.transaction((tx) =>
        settleWorkItem(
          tx,
          { workItemId: id, expectedVersion: 1, outcome: "resolved", resolution: { action: "test" } },
          who.actor,
        ),
      );
    const results = await Promise.allSettled([settle(ann), settle(bob)]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toMatchObject({ code: "CONFLICT" });
    expect(String(lost[0]!.reason.message)).toMatch(/^already resolved by (Ann|Bob) Winner/);
    const events = await t.db.select().from(workItemEvents).where(eq(workItemEvents.workItemId, id));
    expect(events.filter((e) => e.action === "resolved")).toHaveLength(1);
  });

  it("refuses a stale version with a clear conflict", async () => {
    const { staff, open } = await setup();
    const ann = await staff("Ann");
    const id = await open();
    await startWorkItem(t.db, { workItemId: id, expectedVersion: 1 }, ann.actor);
    await expect(
      closeWorkItem(
        t.db,
        { workItemId: id, expectedVersion: 1, outcome: "dismissed", resolution: {}, reason: "late" },
        ann.actor,
      ),
    ).rejects.toThrow(/changed since you opened it/);
    const [row] = await t.db.select().from(workItems).where(eq(workItems.id, id));
    expect(row).toMatchObject({ status: "in_progress", version: 2 });
  });

  it("keeps history append-only in the database", async () => {
    const { staff, open } = await setup();
    const ann = await staff("Ann");
    const id = await open();
    await startWorkItem(t.db, { workItemId: id }, ann.actor);
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => "accepted",
        (e: { cause?: { message?: string } }) => String(e.cause?.message),
      );
    expect(await refusal(t.db.update(workItemEvents).set({ note: "rewritten" }))).toMatch(/append-only: UPDATE/);
    expect(await refusal(t.db.delete(workItemEvents))).toMatch(/append-only: DELETE/);
  });
});
