import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { stripeEventStatus } from "@/db/schema";
import { notFound } from "@/server/errors";
import { listStripeEventPage, stripeEventDetail, stripeEventSummary } from "@/server/services/queries/stripe-events";
import { retryStripeEvent } from "@/server/services/stripe-events/retry";
import { staffProcedure } from "@/server/trpc/init";
import { pageInput } from "./list-inputs";

const eventId = z.string().trim().min(1).max(255);

/** The Stripe webhook inbox, for agency staff: what arrived, what it did, and what waits or failed. */
export const stripeEventsRouter = {
  /** Stored events newest first, by status, type, or an event / object id; keyset-paginated. */
  list: staffProcedure()
    .input(
      z
        .object({
          status: z.enum(stripeEventStatus.enumValues).optional(),
          type: z.string().trim().max(100).optional(),
          search: z.string().trim().max(255).optional(),
          ...pageInput,
        })
        .default({}),
    )
    .query(({ ctx, input }) => listStripeEventPage(ctx.db, input)),

  /** Parked and failed events with the age of the oldest; the event types we handle. */
  summary: staffProcedure().query(({ ctx }) => stripeEventSummary(ctx.db)),

  /** One event: payload, status, and its effects (audit events, work item). */
  byId: staffProcedure()
    .input(z.object({ eventId }))
    .query(async ({ ctx, input }) => {
      const detail = await stripeEventDetail(ctx.db, input.eventId);
      if (!detail) throw notFound("Stripe event");
      return detail;
    }),

  /** Re-drive a failed or parked event through the inbox now (idempotent; audited with the person). */
  retry: staffProcedure("operator", "admin")
    .input(z.object({ eventId }))
    .mutation(({ ctx, input }) => retryStripeEvent(ctx.db, input, ctx.actor)),
} satisfies TRPCRouterRecord;
