import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { userAdminProcedure } from "@/server/trpc/init";
import { listInvitations, revokeInvitation } from "@/server/services/identity/invitation-admin";
import { pageInput } from "./list-inputs";

/** Invitations a user administrator sent: their creditor's, or everyone's for an agency admin. */
export const invitationsRouter = {
  /** Invitations newest first with their status (pending, accepted, expired, revoked), one keyset page at a time. */
  list: userAdminProcedure
    .input(z.object(pageInput).default({}))
    .query(({ ctx, input }) => listInvitations(ctx.db, ctx.scope, input)),

  /** Withdraw a pending invitation: its one-time link stops working (audited). */
  revoke: userAdminProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => revokeInvitation(ctx.db, ctx.scope, input.id, ctx.actor)),
} satisfies TRPCRouterRecord;
