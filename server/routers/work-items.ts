import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { workItemKind, workItemStatus } from "@/db/schema";
import { AGE_BUCKETS } from "@/server/domain/work-items";
import { staffProcedure } from "@/server/trpc/init";
import { listAssignees, listWorkItemPage, workItemSummary } from "@/server/services/queries/work-items";
import {
  assignWorkItem,
  bulkAssign,
  closeWorkItem,
  getWorkItem,
  rejectDecision,
  reopenWorkItem,
  startWorkItem,
  unassignWorkItem,
} from "@/server/services/work-items/lifecycle";
import { pageInput } from "./list-inputs";

const itemRef = { workItemId: z.uuid(), expectedVersion: z.number().int().min(1) };
const reasonText = z.string().trim().min(3, "give a reason of at least 3 characters").max(2000);

/** The operator exception queue: the list, one item, and its lifecycle. */
export const workItemsRouter = {
  /** Work items oldest first with age, owner and due time; unresolved by default. */
  list: staffProcedure()
    .input(
      z
        .object({
          status: z.enum([...workItemStatus.enumValues, "unresolved", "closed"]).optional(),
          kind: z.enum(workItemKind.enumValues).optional(),
          creditorId: z.uuid().optional(),
          owner: z.enum(["me", "unassigned", "anyone"]).optional(),
          age: z.enum(AGE_BUCKETS).optional(),
          overdue: z.boolean().optional(),
          pendingApproval: z.boolean().optional(),
          ...pageInput,
        })
        .default({}),
    )
    .query(({ ctx, input }) => listWorkItemPage(ctx.db, { ...input, viewerId: ctx.user.id })),

  /** Unresolved items per kind, the age of the oldest, and how many are overdue. */
  summary: staffProcedure().query(({ ctx }) => workItemSummary(ctx.db)),

  /** Agency staff who can own work (for "assign to someone"). */
  assignees: staffProcedure().query(({ ctx }) => listAssignees(ctx.db)),

  /** One item with its evidence, owner, four-eyes names and history. */
  get: staffProcedure()
    .input(z.object({ workItemId: z.uuid() }))
    .query(({ ctx, input }) => getWorkItem(ctx.db, input.workItemId)),

  /** Give an item to a staff member (yourself included). */
  assign: staffProcedure()
    .input(z.object({ ...itemRef, ownerUserId: z.uuid() }))
    .mutation(({ ctx, input }) => assignWorkItem(ctx.db, input, ctx.actor)),

  /** Take me as the owner: "I'm on it". */
  start: staffProcedure()
    .input(z.object(itemRef))
    .mutation(({ ctx, input }) => startWorkItem(ctx.db, input, ctx.actor)),

  /** Put an item back in the shared queue. */
  unassign: staffProcedure()
    .input(z.object(itemRef))
    .mutation(({ ctx, input }) => unassignWorkItem(ctx.db, input, ctx.actor)),

  /** Assign (or unassign, with `ownerUserId: null`) many open items at once. */
  bulkAssign: staffProcedure()
    .input(z.object({ workItemIds: z.array(z.uuid()).min(1).max(500), ownerUserId: z.uuid().nullable() }))
    .mutation(({ ctx, input }) => bulkAssign(ctx.db, input, ctx.actor)),

  /** Close without a money effect: dismissed (reason), or resolved outside Clearbook (note). */
  close: staffProcedure()
    .input(z.object({ ...itemRef, outcome: z.enum(["dismissed", "resolved_outside"]), reason: reasonText }))
    .mutation(({ ctx, input }) =>
      closeWorkItem(
        ctx.db,
        {
          workItemId: input.workItemId,
          expectedVersion: input.expectedVersion,
          outcome: input.outcome === "dismissed" ? "dismissed" : "resolved",
          resolution: { action: input.outcome === "dismissed" ? "dismissed" : "resolved_outside_clearbook" },
          reason: input.reason,
        },
        ctx.actor,
      ),
    ),

  /** Bring a closed item back (reason required; counted). */
  reopen: staffProcedure()
    .input(z.object({ ...itemRef, reason: reasonText }))
    .mutation(({ ctx, input }) => reopenWorkItem(ctx.db, input, ctx.actor)),

  /** Reject a decision waiting for approval (the approver, or the proposer withdrawing it); the item stays open. */
  rejectProposal: staffProcedure()
    .input(z.object({ ...itemRef, reason: reasonText }))
    .mutation(({ ctx, input }) => rejectDecision(ctx.db, input, ctx.actor)),
} satisfies TRPCRouterRecord;
