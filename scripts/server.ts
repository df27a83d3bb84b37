/**
 * The app's HTTP entry point: `npm start` (a production build) and `npm run dev` (`--dev`).
 * A Next.js custom server, for one reason: `next start` does not tell route handlers the
 * address a request came from, and fills X-Forwarded-For from the socket only when the client
 * sent none, so a client could pick the address every per-address limit counts it under.
 * Here each request first gets its client address worked out from the socket and
 * TRUSTED_PROXIES and stamped on it (server/http/entry-server.ts); then Next.js handles it.
 *
 *   tsx scripts/server.ts [--dev] [-p|--port <port>] [-H|--hostname <host>]
 *
 * As with `next start`: the port is -p, else PORT, else 3000; without -H it listens on every
 * interface; `.env` files are loaded; SIGINT/SIGTERM stop it after the requests in flight.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";

// @next/env is CommonJS whose exports Node cannot name from ESM.
const { loadEnvConfig } = createRequire(import.meta.url)("@next/env") as typeof import("@next/env");

const { values: args } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    port: { type: "string", short: "p" },
    hostname: { type: "string", short: "H" },
  },
});
const dev = args.dev;
const dir = path.resolve(import.meta.dirname, "..");

// Before Next.js and React load: they pick their development or production builds from it.
// (Object.assign: Next.js's types make NODE_ENV read-only.)
if (!process.env.NODE_ENV)
  Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });
// Before server/env.ts reads (and caches) the environment, as Next.js would load them.
loadEnvConfig(dir, dev);

const { env } = await import("@/server/env");
const { createEntryServer } = await import("@/server/http/entry-server");
const { default: next } = await import("next");

const port = args.port === undefined ? env().PORT : Number(args.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`--port must be a port number, got "${args.port}".`);
  process.exit(2);
}
const hostname = args.hostname;

const { serveNoticesDirect } = await import("@/server/http/notices-direct");
// The notices endpoint (every page view of every customer's app) skips Next.js's routing.
const server = createEntryServer(async (req, res) => {
  if (!(await serveNoticesDirect(req, res))) await handle(req, res);
}, env().TRUSTED_PROXIES);
// httpServer: Next.js attaches its WebSocket upgrades (development's hot reload) to it.
const app = next({ dev, dir, hostname, port, httpServer: server });
const handle = app.getRequestHandler();
await app.prepare();

server.on("error", (err) => {
  console.error("The server failed:", err);
  process.exit(1);
});
server.listen(port, hostname, () => {
  const trusted = env().TRUSTED_PROXIES.length;
  console.log(
    `> Blastradius (${dev ? "development" : "production"}) on http://${hostname ?? "localhost"}:${port}` +
      ` — client addresses from ${trusted ? `X-Forwarded-For behind ${trusted} trusted prox${trusted === 1 ? "y" : "ies"}` : "the connection"}`,
  );
});

let stopping = false;
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // Stop accepting, let requests in flight finish (10 s at most), then close Next.js.
    setTimeout(() => process.exit(code), 10_000).unref();
    server.close(() => void app.close().finally(() => process.exit(code)));
    server.closeIdleConnections();
    if (dev) server.closeAllConnections();
  });
}
