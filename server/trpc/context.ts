import type { Db } from "@/db/client";
import type { SessionUser } from "@/server/auth/roles";

/** What every procedure receives: the database and who is asking (null when nobody signed in). */
export type Context = { db: Db; user: SessionUser | null };

/** Build a context from plain values: the request handler passes the session; tests pass any user. */
export function createContext(opts: { db: Db; user: SessionUser | null }): Context {
  return { db: opts.db, user: opts.user };
}
