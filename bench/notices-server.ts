/**
 * GET /api/v1/notices on a bare node:http server, for `npm run bench:notices` when there is no
 * production Next.js build to start: the app's entry layer (server/http/entry-server.ts) and
 * the same direct path `npm start` takes for this endpoint (server/http/notices-direct.ts), on
 * the database the environment names (DATA_DIR or DATABASE_URL), in its own process like the
 * app. Prints "listening <port>" when ready; stops on SIGTERM.
 */
import { openAppDb } from "@/db/client";
import { env } from "@/server/env";
import { createEntryServer } from "@/server/http/entry-server";
import { serveNoticesDirect } from "@/server/http/notices-direct";

const open = await openAppDb();
const port = Number(process.env.PORT ?? 0);

const server = createEntryServer(async (req, res) => {
  if (!(await serveNoticesDirect(req, res))) res.writeHead(404).end();
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
