import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { creditorAdminProcedure } from "@/server/trpc/init";
import { createApiKey, listApiKeys, revokeApiKey } from "@/server/services/identity/api-keys";

export const apiKeysRouter = {
  /** The creditor's keys (prefix, created, last used, revoked); never a secret. */
  list: creditorAdminProcedure.query(({ ctx }) => listApiKeys(ctx.db, ctx.creditorId)),

  /** Create a key; the returned `secret` is the only time the plaintext is ever shown. */
  create: creditorAdminProcedure
    .input(z.object({ name: z.string().trim().min(1).max(100) }))
    .mutation(({ ctx, input }) => createApiKey(ctx.db, ctx.creditorId, input.name, ctx.actor)),

  /** Revoke a key of the caller's creditor; it answers 401 from then on. */
  revoke: creditorAdminProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.creditorId, input.id, ctx.actor)),
} satisfies TRPCRouterRecord;
