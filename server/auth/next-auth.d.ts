import type { DefaultSession } from "next-auth";
import type { Role } from "./roles";

// Role, creditor and session id travel in the JWT and reach the session; typed here once.
declare module "next-auth" {
  interface User {
    role: Role;
    creditorId: string | null;
    sessionId: string;
  }
  interface Session {
    user: { id: string; role: Role; creditorId: string | null; sessionId: string } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    userId?: string;
    role?: Role;
    creditorId?: string | null;
    sessionId?: string;
    /** Epoch ms of the sign-in: bounds a session's total life however active it stays. */
    signedInAt?: number;
  }
}
