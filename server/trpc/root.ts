/** The root router: one sub-router per domain, each in server/trpc/routers/<domain>.ts. */
import { router } from "./init";
import { workspaceRouter } from "./routers/workspace";
import { apiKeysRouter } from "./routers/apiKeys";
import { customersRouter } from "./routers/customers";
import { incidentsRouter } from "./routers/incidents";
import { segmentsRouter } from "./routers/segments";
import { audienceRouter } from "./routers/audience";

export const appRouter = router({
  workspace: workspaceRouter,
  apiKeys: apiKeysRouter,
  customers: customersRouter,
  incidents: incidentsRouter,
  segments: segmentsRouter,
  audience: audienceRouter,
});

export type AppRouter = typeof appRouter;
