/**
 * The node:http layer of the app's entry point (scripts/server.ts): every request gets the
 * client's address stamped (server/http/client-address.ts) before `handle` — Next.js's
 * request handler in the app, a small handler in tests — sees it. A handler that throws gets
 * a 500 and the server goes on; a request Node cannot parse gets Node's own 400.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { env } from "@/server/env";
import {
  clientAddressHeader,
  installClientAddressHeader,
  stampClientAddress,
  type TrustedProxies,
} from "./client-address";

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export function createEntryServer(handle: NodeHandler, proxies: TrustedProxies): http.Server {
  // Before the first request: route handlers only believe the header once the name exists.
  installClientAddressHeader();
  return http.createServer(async (req, res) => {
    try {
      stampClientAddress(req, proxies);
      await handle(req, res);
    } catch (err) {
      console.error(`Failed to handle ${req.method} ${req.url}:`, err);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end("Internal Server Error");
      } else {
        res.destroy();
      }
    }
  });
}

/**
 * Run where the app starts (instrumentation.ts). Without the entry point (`next start`,
 * `next dev`) route handlers cannot know client addresses, so every client would share one
 * bucket of each per-address limit: a stranger's failed sign-ins or API keys would slow down
 * everyone. Production refuses to start that way; development says so once.
 */
export function requireEntryPoint() {
  if (clientAddressHeader()) return;
  const problem =
    "Blastradius was started without its entry point (scripts/server.ts), so it cannot see " +
    "client addresses: every client shares one bucket of each per-address limit.";
  if (env().NODE_ENV === "production") {
    throw new Error(`${problem} Start it with \`npm start\`, not \`next start\`.`);
  }
  console.warn(`${problem} Use \`npm run dev\` to test them.`);
}
