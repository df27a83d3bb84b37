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
 * - `credentialHandler(credential)`: the same for another kind of credential (the extension's
 *   agent tokens, server/extension/handler.ts).
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

/**
 * What a door checks its callers by: an API key (/api/v1) or an agent token
 * (/api/extension/v1, server/extension/handler.ts).
 */
export interface Credential<Need, Caller> {
  /** How answers name it: "API key", "agent token". */
  name: string;
  /** The check itself (401/403), given what the route needs: a scope, a role. */
  authenticate(db: Db, req: Request, need: Need): Promise<Caller>;
  /** What the per-credential rate limit counts by. */
  limitKey(caller: Caller): string;
  rateLimiter(): RateLimiter;
}

export interface HandlerContext<Caller> {
  db: Db;
  req: Request;
  caller: Caller;
}

export type ApiContext = HandlerContext<ApiCaller>;

export interface ApiHandlerOptions {
  rateLimiter?: RateLimiter;
  failedAuthLimiter?: RateLimiter;
}

/**
 * A handler factory for routes behind `credential`: refuses an address that sent too many
 * missing or invalid credentials (429), checks the credential, applies its rate limit (429 +
 * Retry-After), runs `fn` and maps anything it throws with `errorResponse`.
 */
export function credentialHandler<Need, Caller>(credential: Credential<Need, Caller>) {
  return function handler<Args extends unknown[]>(
    need: Need,
    fn: (ctx: HandlerContext<Caller>, ...args: Args) => Promise<Response>,
    opts: ApiHandlerOptions = {},
  ): (db: Db, req: Request, ...args: Args) => Promise<Response> {
    return async (db, req, ...args) => {
      try {
        const caller = await authenticateLimited(credential, db, req, need, opts);
        const limit = (opts.rateLimiter ?? credential.rateLimiter()).consume(
          credential.limitKey(caller),
        );
        if (!limit.ok) {
          throw rateLimited(
            limit.retryAfter,
            `Rate limit exceeded for this ${credential.name}; retry in ${limit.retryAfter} s.`,
          );
        }
        return await fn({ db, req, caller }, ...args);
      } catch (err) {
        return errorResponse(err);
      }
    };
  };
}

/** `authenticate`, answering 429 to an address that sent too many missing or invalid ones. */
async function authenticateLimited<Need, Caller>(
  credential: Credential<Need, Caller>,
  db: Db,
  req: Request,
  need: Need,
  opts: ApiHandlerOptions,
): Promise<Caller> {
  const limiter = opts.failedAuthLimiter ?? failedAuthLimiter();
  // The address the entry point saw (never a header the client chose); one shared bucket
  // when the app runs without it.
  const address = addressBucket(clientAddress(req));
  const blocked = limiter.blockedFor(address);
  if (blocked !== null) {
    throw rateLimited(
      blocked,
      `Too many requests without a valid ${credential.name} from this address; retry in ${blocked} s.`,
    );
  }
  try {
    return await credential.authenticate(db, req, need);
  } catch (err) {
    if (err instanceof DomainError && err.code === "unauthorized") limiter.consume(address);
    throw err;
  }
}

/** Routes of /api/v1, behind an API key with one of the scopes `scope` names. */
export const apiHandler = credentialHandler<ApiKeyScope | readonly ApiKeyScope[], ApiCaller>({
  name: "API key",
  authenticate,
  limitKey: (caller) => caller.keyId,
  rateLimiter: apiRateLimiter,
});
