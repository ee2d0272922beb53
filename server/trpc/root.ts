import { apiKeysRouter } from "@/server/routers/api-keys";
import { intakeRouter } from "@/server/routers/intake";
import { placementsRouter } from "@/server/routers/placements";
import { remittancesRouter } from "@/server/routers/remittances";
import { sessionRouter } from "@/server/routers/session";
import { usersRouter } from "@/server/routers/users";
import { createCallerFactory, createTRPCRouter } from "./init";

/** Every procedure the app serves. Each one needs an entry in `isolation-cases.ts`. */
export const appRouter = createTRPCRouter({
  session: sessionRouter,
  placements: placementsRouter,
  remittances: remittancesRouter,
  apiKeys: apiKeysRouter,
  users: usersRouter,
  intake: intakeRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller: `createCaller(createContext({ db, user }))`. */
export const createCaller = createCallerFactory(appRouter);
