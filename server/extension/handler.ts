/**
 * REST plumbing of /api/extension/v1, the counterpart of server/api's `apiHandler` for agent
 * tokens instead of API keys. A route handler is one line:
 *
 *   // app/api/extension/v1/lookup/route.ts
 *   export async function POST(req: Request) { return lookupApi(await getDb(), req); }
 *
 * `extensionHandler(minRole, fn)` is server/api's `credentialHandler` for agent tokens: it
 * checks the token and its member's role (auth.ts; 401/403), refuses a client address that
 * sent too many bad tokens or keys (the same per-address limiter as /api/v1), applies the
 * per-token limit (429 + Retry-After), runs `fn`, and maps whatever it throws with
 * `errorResponse` into `{"error":{"code","message","details"}}`.
 * Answers to an allow-listed extension's own origin carry CORS headers, so the background
 * worker may call without host permissions as well as with them.
 */
import type { Db } from "@/db/client";
import { credentialHandler, readJsonBody, type HandlerContext } from "@/server/api";
import { FixedWindowRateLimiter, type RateLimiter } from "@/server/api/rate-limit";
import type { Role } from "@/server/auth/roles";
import { unsupportedMediaType } from "@/server/errors";
import { processWide } from "@/server/process-wide";
import { authenticateToken, type ExtensionCaller } from "./auth";
import { allowedExtensionOrigin } from "./connect";

/** Requests per minute per agent token (docs/extension.md). */
export const EXTENSION_REQUESTS_PER_MINUTE = 600;

/** The largest body an extension call sends: 50 identifiers, or a report with its note. */
export const MAX_EXTENSION_BODY_BYTES = 64 * 1024;

export function extensionRateLimiter(): RateLimiter {
  return processWide(
    "extensionRateLimiter",
    () => new FixedWindowRateLimiter(EXTENSION_REQUESTS_PER_MINUTE),
  );
}

export type ExtensionContext = HandlerContext<ExtensionCaller>;

export interface ExtensionHandlerOptions {
  rateLimiter?: RateLimiter;
  failedAuthLimiter?: RateLimiter;
}

const tokenHandler = credentialHandler<Role, ExtensionCaller>({
  name: "agent token",
  authenticate: authenticateToken,
  limitKey: (caller) => caller.tokenId,
  rateLimiter: extensionRateLimiter,
});

export function extensionHandler<Args extends unknown[]>(
  minRole: Role,
  fn: (ctx: ExtensionContext, ...args: Args) => Promise<Response>,
  opts: ExtensionHandlerOptions = {},
): (db: Db, req: Request, ...args: Args) => Promise<Response> {
  const handle = tokenHandler(minRole, fn, opts);
  return async (db, req, ...args) => withCors(req, await handle(db, req, ...args));
}

/** The body as JSON: 415 unless it is declared JSON, 413 past the limit, 400 when malformed. */
export async function readExtensionJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type.trim())) {
    throw unsupportedMediaType("Send the body as JSON, with `Content-Type: application/json`.");
  }
  return readJsonBody(req, MAX_EXTENSION_BODY_BYTES);
}

const CORS_ALLOW = {
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type",
  "access-control-max-age": "600",
};

function withCors(req: Request, res: Response): Response {
  const origin = allowedExtensionOrigin(req.headers.get("origin"));
  res.headers.append("vary", "Origin");
  if (origin) {
    res.headers.set("access-control-allow-origin", origin);
    res.headers.set("access-control-expose-headers", "retry-after");
  }
  return res;
}

/** OPTIONS: the preflight of an allow-listed extension's call; anyone else gets no grant. */
export function extensionPreflight(req: Request): Response {
  const origin = allowedExtensionOrigin(req.headers.get("origin"));
  return new Response(null, {
    status: 204,
    headers: origin
      ? { ...CORS_ALLOW, "access-control-allow-origin": origin, vary: "Origin" }
      : { vary: "Origin" },
  });
}
