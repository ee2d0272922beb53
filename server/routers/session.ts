import type { TRPCRouterRecord } from "@trpc/server";
import { authedProcedure } from "@/server/trpc/init";
import { userProfile } from "@/server/services/identity/users";

export const sessionRouter = {
  /** Who is signed in: name, role, and their creditor (null for agency staff). */
  me: authedProcedure.query(({ ctx }) => userProfile(ctx.db, ctx.user.id)),
} satisfies TRPCRouterRecord;
