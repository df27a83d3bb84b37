/**
 * The tRPC HTTP endpoint (/api/trpc), apart from Next.js so tests can call it as the browser
 * does. Internal errors are logged here, with their cause and stack, under the request id
 * the client was given (see the error formatter in init.ts).
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Db } from "@/db/client";
import type { Auth } from "@/server/auth";
import { logInternalError, requestIdOf } from "@/server/errors";
import { createContext } from "./init";
import { appRouter } from "./root";

export function handleTrpcRequest(req: Request, deps: { db: Db; auth: Auth }): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ ...deps, headers: req.headers }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        logInternalError(`tRPC ${path ?? "request"}`, error.cause ?? error, requestIdOf(error));
      }
    },
  });
}
