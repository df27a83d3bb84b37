/**
 * REST plumbing shared by every /api/v1 route. A route handler is a few lines:
 *
 *   // server/<domain>/api.ts
 *   export const getIncident = apiHandler("read", async ({ db, caller }, params: { id: string }) =>
 *     jsonResponse(200, await incidentDetail(db, caller.workspaceId, params.id)),
 *   );
 *   // app/api/v1/incidents/[id]/route.ts
 *   export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
 *     return getIncident(await getDb(), req, await ctx.params);
 *   }
 *
 * Exports:
 * - `apiHandler(scope, fn, opts?)` → `(db, req, ...args) => Promise<Response>`: authenticates
 *   the key (401/403; `scope` may be a list of which the key needs any one), applies the per-key rate limit (429 + Retry-After), runs `fn` and maps
 *   anything it throws with `errorResponse` (`{"error":{"code","message"}}`, unknown errors 500).
 *   `fn` gets `{ db, req, caller }` where `caller` is `{ keyId, workspaceId, scopes }`; every
 *   query it makes must filter by `caller.workspaceId`. `opts.rateLimiter` swaps the limiter.
 * - `authenticate(db, req, scope)` → `ApiCaller`: the key check alone (also bumps
 *   api_key.last_used_at, at most once a minute per key).
 * - `readJsonBody(req, maxBytes = MAX_BODY_BYTES)`: the body as JSON; 413 past the limit
 *   (1 MiB), 400 "Malformed JSON: …" or "Request body is empty…".
 * - `parseBody(schema, value)`: zod validation → 400 "Invalid request body: path: problem; …".
 * - `jsonResponse(status, body, headers?)`, `errorResponse(err)`: re-exported from server/errors.
 * - `FixedWindowRateLimiter`, `apiRateLimiter()`: the limiter (in-process, see rate-limit.ts).
 */
import type { Db } from "@/db/client";
import type { ApiKeyScope } from "@/db/schema";
import { DomainError, errorResponse, jsonResponse, rateLimited } from "@/server/errors";
import { addressBucket, clientAddress } from "@/server/http/client-address";
import { authenticate, type ApiCaller } from "./auth";
import { apiRateLimiter, failedAuthLimiter, type RateLimiter } from "./rate-limit";

export { authenticate, type ApiCaller } from "./auth";
export { MAX_BODY_BYTES, parseBody, readBodyText, readJsonBody } from "./body";
export {
  apiRateLimiter,
  FixedWindowRateLimiter,
  type RateLimiter,
  type RateLimitResult,
} from "./rate-limit";
export { errorResponse, jsonResponse };

export interface ApiContext {
  db: Db;
  req: Request;
  caller: ApiCaller;
}

export interface ApiHandlerOptions {
  rateLimiter?: RateLimiter;
  failedAuthLimiter?: RateLimiter;
}

export function apiHandler<Args extends unknown[]>(
  scope: ApiKeyScope | readonly ApiKeyScope[],
  fn: (ctx: ApiContext, ...args: Args) => Promise<Response>,
  opts: ApiHandlerOptions = {},
): (db: Db, req: Request, ...args: Args) => Promise<Response> {
  return async (db, req, ...args) => {
    try {
      const caller = await authenticateLimited(db, req, scope, opts);
      const limit = (opts.rateLimiter ?? apiRateLimiter()).consume(caller.keyId);
      if (!limit.ok) {
        throw rateLimited(
          limit.retryAfter,
          `Rate limit exceeded for this API key; retry in ${limit.retryAfter} s.`,
        );
      }
      return await fn({ db, req, caller }, ...args);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** `authenticate`, answering 429 to an address that sent too many missing or invalid keys. */
async function authenticateLimited(
  db: Db,
  req: Request,
  scope: ApiKeyScope | readonly ApiKeyScope[],
  opts: ApiHandlerOptions,
): Promise<ApiCaller> {
  const limiter = opts.failedAuthLimiter ?? failedAuthLimiter();
  // The address the entry point saw (never a header the client chose); one shared bucket
  // when the app runs without it.
  const address = addressBucket(clientAddress(req));
  const blocked = limiter.blockedFor(address);
  if (blocked !== null) {
    throw rateLimited(
      blocked,
      `Too many requests without a valid API key from this address; retry in ${blocked} s.`,
    );
  }
  try {
    return await authenticate(db, req, scope);
  } catch (err) {
    if (err instanceof DomainError && err.code === "unauthorized") limiter.consume(address);
    throw err;
  }
}
