import "server-only";
import { cache } from "react";
import { getSession } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { createContext, type Context } from "./context";

/** The context of the current request: the app database and the signed-in user from the session cookie. */
export const createRequestContext = cache(async (): Promise<Context> =>
  createContext({ db: await getDb(), user: await getSession() }),
);
