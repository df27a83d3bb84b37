/**
 * GET /api/v1/notices on a bare node:http server, for `npm run bench:notices` when there is no
 * production Next.js build to start. It runs the same handler as app/api/v1/notices/route.ts
 * (`getNotices(db, request)`, with real `Request` objects) on the database the environment
 * names (DATA_DIR or DATABASE_URL), in its own process like the app, behind the app's entry
 * point layer (server/http/entry-server.ts); only Next.js's routing layer is missing.
 * Prints "listening <port>" when ready; stops on SIGTERM.
 */
import { openAppDb } from "@/db/client";
import { env } from "@/server/env";
import { createEntryServer } from "@/server/http/entry-server";
import { getNotices } from "@/server/messaging/notices-api";

const open = await openAppDb();
const port = Number(process.env.PORT ?? 0);

const server = createEntryServer(async (req, res) => {
  if (req.method !== "GET" || !req.url?.startsWith("/api/v1/notices")) {
    res.writeHead(404).end();
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  const response = await getNotices(
    open.db,
    new Request(`http://127.0.0.1${req.url}`, { headers }),
  );
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}, env().TRUSTED_PROXIES);

server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : port}`);
});

process.once("SIGTERM", () => {
  server.close(async () => {
    await open.close();
    process.exit(0);
  });
  server.closeAllConnections();
});
