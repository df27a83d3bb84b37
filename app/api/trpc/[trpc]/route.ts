import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getDb } from "@/db/client";
import { getAuth } from "@/server/auth";
import { appRouter } from "@/server/trpc/root";
import { createContext } from "@/server/trpc/init";

export const dynamic = "force-dynamic";

const handler = async (req: Request) => {
  const [db, auth] = await Promise.all([getDb(), getAuth()]);
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ db, auth, headers: req.headers }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR")
        console.error(`tRPC ${path}:`, error.cause ?? error);
    },
  });
};

export { handler as GET, handler as POST };
