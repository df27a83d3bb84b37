/** The root router: one sub-router per domain, each in server/trpc/routers/<domain>.ts. */
import { router } from "./init";
import { workspaceRouter } from "./routers/workspace";
import { apiKeysRouter } from "./routers/apiKeys";
import { customersRouter } from "./routers/customers";
import { incidentsRouter } from "./routers/incidents";
import { segmentsRouter } from "./routers/segments";
import { audienceRouter } from "./routers/audience";
import { templatesRouter } from "./routers/templates";
import { updatesRouter } from "./routers/updates";
import { mailboxRouter } from "./routers/mailbox";
import { suppressionsRouter } from "./routers/suppressions";
import { messagesRouter } from "./routers/messages";
import { extensionTokensRouter } from "./routers/extensionTokens";
import { reportGroupsRouter } from "./routers/reportGroups";

export const appRouter = router({
  workspace: workspaceRouter,
  apiKeys: apiKeysRouter,
  customers: customersRouter,
  incidents: incidentsRouter,
  segments: segmentsRouter,
  audience: audienceRouter,
  templates: templatesRouter,
  updates: updatesRouter,
  mailbox: mailboxRouter,
  suppressions: suppressionsRouter,
  messages: messagesRouter,
  extensionTokens: extensionTokensRouter,
  reportGroups: reportGroupsRouter,
});

export type AppRouter = typeof appRouter;
