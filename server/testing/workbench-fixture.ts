import type { Db } from "@/db/client";
import { systemActor } from "@/server/domain/actor";
import { openWorkItem } from "@/server/services/work-items/open";
import { closeWorkItem } from "@/server/services/work-items/lifecycle";

/** Work items of one creditor for the workbench procedures' own calls: one per action, so no call finds another's change. */
export type WorkbenchFixture = {
  assign: string;
  start: string;
  unassign: string;
  bulk: string[];
  close: string;
  /** Already dismissed (version 2), to reopen. */
  closed: string;
};

/** Open items on `creditorId`'s placement (in staff-only queues), one per lifecycle action. */
export async function buildWorkbenchFixture(
  db: Db,
  creditorId: string,
  placementId: string,
): Promise<WorkbenchFixture> {
  const open = async (label: string) => {
    const id = await openWorkItem(db, {
      kind: "drift",
      creditorId,
      subjectType: "placement",
      subjectId: placementId,
      title: `Fixture item ${label}`,
      nextAction: "Look at the placement.",
      evidence: { placementId },
      dedupeKey: `fixture:${label}:${placementId}`,
    });
    if (!id) throw new Error(`fixture work item ${label} was not opened`);
    return id;
  };
  const closed = await open("closed");
  await closeWorkItem(
    db,
    {
      workItemId: closed,
      expectedVersion: 1,
      outcome: "dismissed",
      resolution: { action: "dismissed" },
      reason: "fixture",
    },
    systemActor("isolation-fixture"),
  );
  return {
    assign: await open("assign"),
    start: await open("start"),
    unassign: await open("unassign"),
    bulk: [await open("bulk-1"), await open("bulk-2")],
    close: await open("close"),
    closed,
  };
}
