import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { isCreditorRole, STAFF_ROLES, type StaffRole } from "@/server/auth/roles";
import { env } from "@/server/env";
import { AppError, type AppErrorCode } from "@/server/errors";
import { findBadText, findingMessage } from "@/server/lib/text-guard";
import type { Actor } from "@/server/domain/actor";
import type { UserAdminScope } from "@/server/services/identity/users";
import type { Context } from "./context";

const UNEXPECTED_MESSAGE =
  "something went wrong on our side; try again, and if it keeps happening tell us what you were doing";

const t = initTRPC.context<Context>().create({
  // superjson: bigint money and Dates cross the wire intact.
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    // Anything we did not throw on purpose (a failed query, a bug) is logged by the route handler; the
    // caller gets a plain sentence, never its text (SQL, parameters, paths). The stack stays for `next dev` only.
    const unexpected = error.code === "INTERNAL_SERVER_ERROR" && cause !== undefined && !(cause instanceof AppError);
    const { stack, ...data } = shape.data;
    return {
      ...shape,
      // A readable sentence instead of the issues' JSON; the issues themselves travel in data.
      message: unexpected
        ? UNEXPECTED_MESSAGE
        : cause instanceof ZodError
          ? cause.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ")
          : shape.message,
      data: {
        ...data,
        ...(stack !== undefined && (!unexpected || env().NODE_ENV === "development") ? { stack } : {}),
        // Input that failed validation: field-by-field issues for forms.
        zodIssues:
          cause instanceof ZodError
            ? cause.issues.map((i) => ({ path: i.path.map(String), message: i.message }))
            : undefined,
        details: cause instanceof AppError ? cause.details : undefined,
      },
    };
  },
});

/** The one place a service's AppError code becomes a tRPC code. */
const TRPC_CODES: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
};

const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODES[cause.code], message: cause.message, cause });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * The edge rule on characters (server/lib/text-guard.ts) for every input, before it is validated
 * or stored: a NUL or control character is a 400 naming the field, never a failed insert.
 */
const refuseBadText = t.middleware(async ({ getRawInput, next }) => {
  const found = findBadText(await getRawInput());
  if (found)
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `${findingMessage(found).replace(/^\(body\)/, "input")}; remove it and try again`,
    });
  return next();
});

/** Anyone, signed in or not. */
export const publicProcedure = t.procedure.use(mapAppErrors).use(refuseBadText);

/** Any signed-in person; `ctx.actor` names them for audit events. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in to continue" });
  const actor: Actor = { type: "user", id: ctx.user.id };
  return next({ ctx: { user: ctx.user, actor } });
});

/** A creditor's own people. `ctx.creditorId` comes from the session, never from input; staff are refused. */
export const creditorProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!isCreditorRole(ctx.user.role) || !ctx.user.creditorId)
    throw new TRPCError({ code: "FORBIDDEN", message: "only a creditor's own users can do this" });
  return next({ ctx: { creditorId: ctx.user.creditorId } });
});

/** A creditor's admins only (API keys, people). */
export const creditorAdminProcedure = creditorProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "creditor_admin")
    throw new TRPCError({ code: "FORBIDDEN", message: "only a creditor admin can do this" });
  return next();
});

/** Agency staff holding one of `roles` (any staff role when none are named); creditor users are refused. */
export const staffProcedure = (...roles: StaffRole[]) =>
  authedProcedure.use(({ ctx, next }) => {
    const allowed: readonly string[] = roles.length ? roles : STAFF_ROLES;
    if (!allowed.includes(ctx.user.role))
      throw new TRPCError({ code: "FORBIDDEN", message: `this needs the ${allowed.join(" or ")} role` });
    return next();
  });

/** Whoever administers people: a creditor admin (their creditor) or an agency admin (everyone). */
export const userAdminProcedure = authedProcedure.use(({ ctx, next }) => {
  const scope: UserAdminScope | null =
    ctx.user.role === "admin"
      ? { kind: "agency" }
      : ctx.user.role === "creditor_admin" && ctx.user.creditorId
        ? { kind: "creditor", creditorId: ctx.user.creditorId }
        : null;
  if (!scope)
    throw new TRPCError({ code: "FORBIDDEN", message: "only a creditor admin or an agency admin can manage users" });
  return next({ ctx: { scope } });
});
