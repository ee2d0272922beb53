import { apiKeysRouter } from "@/server/routers/api-keys";
import { auditRouter } from "@/server/routers/audit";
import { bankRouter } from "@/server/routers/bank";
import { disbursementsRouter } from "@/server/routers/disbursements";
import { payoutsRouter } from "@/server/routers/payouts";
import { backofficeRouter } from "@/server/routers/backoffice";
import { ledgerRouter } from "@/server/routers/ledger";
import { portalRouter } from "@/server/routers/portal";
import { qboRouter } from "@/server/routers/qbo";
import { workItemsRouter } from "@/server/routers/work-items";
import { matchingRouter } from "@/server/routers/matching";
import { workbenchRouter } from "@/server/routers/workbench";
import { intakeRouter } from "@/server/routers/intake";
import { invitationsRouter } from "@/server/routers/invitations";
import { jobsRouter } from "@/server/routers/jobs";
import { placementsRouter } from "@/server/routers/placements";
import { remittancesRouter } from "@/server/routers/remittances";
import { sessionRouter } from "@/server/routers/session";
import { statementsRouter } from "@/server/routers/statements";
import { stripeEventsRouter } from "@/server/routers/stripe-events";
import { usersRouter } from "@/server/routers/users";
import { backofficeExportsRouter, exportsRouter } from "@/server/routers/exports";
import { webhooksRouter } from "@/server/routers/webhooks";
import { createCallerFactory, createTRPCRouter } from "./init";

/** Every procedure the app serves. Each one needs an entry in `isolation-cases.ts`. */
export const appRouter = createTRPCRouter({
  session: sessionRouter,
  placements: placementsRouter,
  remittances: remittancesRouter,
  apiKeys: apiKeysRouter,
  users: usersRouter,
  invitations: invitationsRouter,
  intake: intakeRouter,
  portal: portalRouter,
  backoffice: backofficeRouter,
  workItems: workItemsRouter,
  matching: matchingRouter,
  workbench: workbenchRouter,
  ledger: ledgerRouter,
  audit: auditRouter,
  qbo: qboRouter,
  jobs: jobsRouter,
  stripeEvents: stripeEventsRouter,
  exports: exportsRouter,
  backofficeExports: backofficeExportsRouter,
  webhooks: webhooksRouter,
  statements: statementsRouter,
  disbursements: disbursementsRouter,
  bank: bankRouter,
  payouts: payoutsRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller: `createCaller(createContext({ db, user }))`. */
export const createCaller = createCallerFactory(appRouter);
