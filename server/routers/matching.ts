import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { staffProcedure } from "@/server/trpc/init";
import { applyCredit, keepCredit, previewCredit, refundCredit } from "@/server/services/matching/credits";
import { placementOptions } from "@/server/services/matching/options";
import {
  markPaymentNotOurs,
  previewDuplicateRefund,
  refundDuplicatePayment,
  refundUnmatchedPayment,
} from "@/server/services/matching/refunds";
import { applyUnmatchedPayment, previewApplyUnmatched } from "@/server/services/matching/resolve";

const itemRef = { workItemId: z.uuid(), expectedVersion: z.number().int().min(1) };
const reasonText = z.string().trim().min(3, "give a reason of at least 3 characters").max(2000);
const parts = z
  .array(z.object({ placementId: z.uuid(), amount: z.bigint().positive("each part must be a positive amount") }))
  .min(1)
  .max(50);

/** Resolving unmatched and ambiguous payments and customer credits, each with its money preview (agency staff). */
export const matchingRouter = {
  /** The payment, the cascade's candidates and open placements matching a search, to pick from. */
  options: staffProcedure()
    .input(z.object({ workItemId: z.uuid(), q: z.string().max(100).optional() }))
    .query(({ ctx, input }) => placementOptions(ctx.db, input)),

  /** What applying the payment would write (default FIFO split over `placementIds`, or the given parts). */
  previewApply: staffProcedure()
    .input(z.object({ workItemId: z.uuid(), placementIds: z.array(z.uuid()).max(50), parts: parts.optional() }))
    .query(({ ctx, input }) => previewApplyUnmatched(ctx.db, input)),

  /** Apply the payment to one placement or split it across placements of one creditor. */
  applyPayment: staffProcedure()
    .input(z.object({ ...itemRef, parts }))
    .mutation(({ ctx, input }) => applyUnmatchedPayment(ctx.db, input, ctx.actor)),

  /** Refund the payment to the debtor through Stripe. */
  refund: staffProcedure()
    .input(z.object({ ...itemRef, reason: reasonText }))
    .mutation(({ ctx, input }) => refundUnmatchedPayment(ctx.db, input, ctx.actor)),

  /** The payment is not ours (reason required). */
  notOurs: staffProcedure()
    .input(z.object({ ...itemRef, reason: reasonText }))
    .mutation(({ ctx, input }) => markPaymentNotOurs(ctx.db, input, ctx.actor)),

  /** Both payments of a possible duplicate, each with what refunding it would reverse (or why it cannot be). */
  duplicatePreview: staffProcedure()
    .input(z.object({ workItemId: z.uuid() }))
    .query(({ ctx, input }) => previewDuplicateRefund(ctx.db, input)),

  /** Refund one payment of a possible duplicate through Stripe (a person's decision; reason required). */
  refundDuplicate: staffProcedure()
    .input(z.object({ ...itemRef, paymentAttemptId: z.uuid(), reason: reasonText }))
    .mutation(({ ctx, input }) => refundDuplicatePayment(ctx.db, input, ctx.actor)),

  /** A customer credit, where it may go, and what each choice would write. */
  creditPreview: staffProcedure()
    .input(z.object({ workItemId: z.uuid() }))
    .query(({ ctx, input }) => previewCredit(ctx.db, input)),

  /** Apply a customer credit to another open placement of the same debtor (REALLOCATION). */
  applyCredit: staffProcedure()
    .input(z.object({ ...itemRef, placementId: z.uuid() }))
    .mutation(({ ctx, input }) => applyCredit(ctx.db, input, ctx.actor)),

  /** Refund a customer credit to the debtor through Stripe. */
  refundCredit: staffProcedure()
    .input(z.object({ ...itemRef, reason: reasonText }))
    .mutation(({ ctx, input }) => refundCredit(ctx.db, input, ctx.actor)),

  /** Keep the credit on the debtor's account (note required). */
  keepCredit: staffProcedure()
    .input(z.object({ ...itemRef, note: reasonText }))
    .mutation(({ ctx, input }) => keepCredit(ctx.db, input, ctx.actor)),
} satisfies TRPCRouterRecord;
