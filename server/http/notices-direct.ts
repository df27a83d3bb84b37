/**
 * GET and OPTIONS /api/v1/notices answered by the app's own entry (scripts/server.ts) before
 * Next.js routes the request. The endpoint is called on every page view of every customer's
 * app, and Next.js's routing costs about a millisecond of CPU per request before the handler
 * runs (measured in bench:notices), more than the answer itself. The handler is the same one
 * app/api/v1/notices/route.ts runs (server/messaging/notices-api.ts), so `next dev` and any
 * other way of serving the app answer exactly alike.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { getDb } from "@/db/client";
import { getNotices, noticesPreflight } from "@/server/messaging/notices-api";

export const NOTICES_PATH = "/api/v1/notices";

/** Answers the request if it is for the notices endpoint; false leaves it to Next.js. */
export async function serveNoticesDirect(
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const url = req.url ?? "";
  const q = url.indexOf("?");
  if ((q === -1 ? url : url.slice(0, q)) !== NOTICES_PATH) return false;
  if (req.method !== "GET" && req.method !== "OPTIONS") return false;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  const request = new Request(`http://${req.headers.host ?? "localhost"}${url}`, { headers });
  const db = await getDb();
  const response =
    req.method === "GET" ? await getNotices(db, request) : await noticesPreflight(db, request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
  return true;
}
