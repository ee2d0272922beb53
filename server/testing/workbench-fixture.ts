import type { Db } from "@/db/client";
import { systemActor } from "@/server/domain/actor";
import { openWorkItem } from "@/server/services/work-items/open";
import { closeWorkItem, proposeDecision } from "@/server/services/work-items/lifecycle";

/** Work items of one creditor for the workbench procedures' own calls: one per action, so no call finds another's change. */
export type WorkbenchFixture = {
  assign: string;
  start: string;
  unassign: string;
  bulk: string[];
  close: string;
  /** Already dismissed (version 2), to reopen. */
  closed: string;
  /** A reversal decision small enough for one person ("keep" applies at once). */
  reversal: string;
  /** A reversal decision proposed by the operator (version 2), for someone else to approve or reject. */
  proposed: string;
  proposedToReject: string;
  /** A direct payment candidate of 1.00 on the quiet placement. */
  direct: string;
  /** A failed writeback of the creditor's QuickBooks mapping, to retry. */
  writeback: string;
};

type Tenant = { creditorId: string; placementId: string; quietPlacementId: string; qboMappingId: string };

/** Open items on the tenant's placements (in staff-only queues), one per workbench action. */
export async function buildWorkbenchFixture(db: Db, tenant: Tenant, proposerId: string): Promise<WorkbenchFixture> {
  const { creditorId, placementId } = tenant;
  const open = async (
    label: string,
    kind: "drift" | "reversal_decision" | "direct_payment_candidate" | "writeback_failed" = "drift",
    evidence: Record<string, unknown> = {},
    subject: { type: string; id: string } = { type: "placement", id: placementId },
  ) => {
    const id = await openWorkItem(db, {
      kind,
      creditorId,
      subjectType: subject.type,
      subjectId: subject.id,
      title: `Fixture item ${label}`,
      nextAction: "Look at the placement.",
      evidence: { placementId: subject.type === "placement" ? subject.id : placementId, ...evidence },
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
  const proposal = async (label: string) => {
    const id = await open(label, "reversal_decision", { amount: 500_000n, currency: "USD" });
    await db.transaction((tx) =>
      proposeDecision(
        tx,
        { workItemId: id, expectedVersion: 1, proposal: { decision: "keep", amount: 500_000n, writeOff: 0n } },
        { type: "user", id: proposerId },
      ),
    );
    return id;
  };
  return {
    reversal: await open("reversal", "reversal_decision", { amount: 100n, currency: "USD" }),
    proposed: await proposal("proposed"),
    proposedToReject: await proposal("proposed-reject"),
    direct: await open(
      "direct",
      "direct_payment_candidate",
      { amount: 100n, currency: "USD", txnDate: "2026-01-05" },
      {
        type: "placement",
        id: tenant.quietPlacementId,
      },
    ),
    writeback: await open(
      "writeback",
      "writeback_failed",
      {},
      { type: "qbo_payment_mapping", id: tenant.qboMappingId },
    ),
    assign: await open("assign"),
    start: await open("start"),
    unassign: await open("unassign"),
    bulk: [await open("bulk-1"), await open("bulk-2")],
    close: await open("close"),
    closed,
  };
}
