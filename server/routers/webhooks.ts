import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "@/db/schema";
import { requestJob } from "@/server/jobs/notify";
import { createEndpoint, listEndpoints, rotateSecret, updateEndpoint } from "@/server/services/webhooks-out/endpoints";
import { deliveryLog, replayDeliveries, sendTestEvent } from "@/server/services/webhooks-out/log";
import { webhookDepsFromEnv } from "@/server/services/webhooks-out/settings";
import { creditorAdminProcedure } from "@/server/trpc/init";

const endpointInput = z.object({
  url: z.string().trim().min(1).max(2000),
  description: z.string().trim().max(200).optional(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1),
  isEnabled: z.boolean().optional(),
});
const endpointId = z.object({ endpointId: z.uuid() });

/** Settings → Webhooks: a creditor admin's outbound webhook endpoints. */
export const webhooksRouter = {
  /** The endpoints with their live secrets' hints (never a secret). */
  list: creditorAdminProcedure.query(({ ctx }) => listEndpoints(ctx.db, ctx.creditorId)),
  /** Create an endpoint; the returned `secret` is the only time it is shown. */
  create: creditorAdminProcedure
    .input(endpointInput)
    .mutation(({ ctx, input }) => createEndpoint(ctx.db, webhookDepsFromEnv(), ctx.creditorId, input, ctx.actor)),
  /** Change URL, events, description or enabled flag. */
  update: creditorAdminProcedure
    .input(endpointId.extend(endpointInput.partial().shape))
    .mutation(({ ctx, input: { endpointId: id, ...rest } }) =>
      updateEndpoint(ctx.db, webhookDepsFromEnv(), ctx.creditorId, id, rest, ctx.actor),
    ),
  /** New signing secret (shown once); the old one keeps signing for `overlapHours`. */
  rotateSecret: creditorAdminProcedure
    .input(endpointId.extend({ overlapHours: z.number().int().min(0).max(168).default(24) }))
    .mutation(({ ctx, input }) =>
      rotateSecret(ctx.db, webhookDepsFromEnv(), ctx.creditorId, input.endpointId, input.overlapHours, ctx.actor),
    ),
  /** Send a `webhook.test` event now and answer how the endpoint responded. */
  sendTest: creditorAdminProcedure
    .input(endpointId)
    .mutation(({ ctx, input }) => sendTestEvent(ctx.db, webhookDepsFromEnv(), ctx.creditorId, input.endpointId)),
  /** The endpoint's delivery log, newest first, with every attempt. */
  deliveries: creditorAdminProcedure
    .input(endpointId.extend({ status: z.enum(["pending", "succeeded", "failed", "dead"]).optional() }))
    .query(({ ctx, input }) => deliveryLog(ctx.db, ctx.creditorId, input.endpointId, { status: input.status })),
  /** Replay one delivery, or every failed one since a time. */
  replay: creditorAdminProcedure
    .input(endpointId.extend({ deliveryId: z.uuid().optional(), since: z.date().optional() }))
    .mutation(async ({ ctx, input }) => {
      const target = input.deliveryId ? { deliveryId: input.deliveryId } : { since: input.since ?? new Date(0) };
      const out = await replayDeliveries(ctx.db, ctx.creditorId, input.endpointId, target, ctx.actor);
      void requestJob({ job: "webhookDeliveries", requestedBy: ctx.actor.id });
      return out;
    }),
} satisfies TRPCRouterRecord;
