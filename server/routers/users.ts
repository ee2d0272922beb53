import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { userRole } from "@/db/schema";
import { userAdminProcedure } from "@/server/trpc/init";
import { inviteUser } from "@/server/services/identity/invitations";
import { changeUserRole, listUsers } from "@/server/services/identity/users";

export const usersRouter = {
  /** People the caller administers: their creditor's, or everyone's for an agency admin (invitations: `invitations.list`). */
  list: userAdminProcedure.query(async ({ ctx }) => ({ users: await listUsers(ctx.db, ctx.scope) })),

  /** Invite someone; the link is mailed (SMTP_URL) or logged, `delivery` says which and hands the link back if the mail failed. `creditorId` is for agency admins. */
  invite: userAdminProcedure
    .input(
      z.object({
        email: z.email().max(320),
        name: z.string().trim().min(1).max(200),
        role: z.enum(userRole.enumValues),
        creditorId: z.uuid().optional(),
      }),
    )
    .mutation(({ ctx, input }) => inviteUser(ctx.db, ctx.scope, input, ctx.actor)),

  /** Change a user's role within their side (creditor roles or agency roles). */
  changeRole: userAdminProcedure
    .input(z.object({ userId: z.uuid(), role: z.enum(userRole.enumValues) }))
    .mutation(({ ctx, input }) => changeUserRole(ctx.db, ctx.scope, input, ctx.actor)),
} satisfies TRPCRouterRecord;
