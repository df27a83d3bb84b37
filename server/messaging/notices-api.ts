/**
 * GET /api/v1/notices?customer=<external id> — a customer's active notices, for the
 * customer's own app (widget.js or their code). Called on every page view of every customer,
 * so: no API key lookup, one statement, a cache of the workspace by key, ETag + short caching.
 *
 * Authorisation, as Intercom's identity verification does it:
 *   - the workspace's publishable key: `X-Blastradius-Key: pk_…` or `?key=`
 *   - `hash` = hex HMAC-SHA256(noticeSecret, external customer id), made by the customer's
 *     backend: `X-Blastradius-Hash` or `?hash=`, compared in constant time.
 * A bad key, a bad hash and an unknown customer all answer the same 401, so nobody can find
 * out which customer ids exist. Wrong keys count against the client address
 * (failedAuthLimiter) like /api/v1's; each key may make NOTICES_PER_KEY_PER_MINUTE calls.
 *
 * CORS: `Access-Control-Allow-Origin` only for an origin the workspace allows (exact match),
 * always `Vary: Origin`. OPTIONS answers the preflight of a call that sends the headers.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "@/db/client";
import { FixedWindowRateLimiter, failedAuthLimiter } from "@/server/api/rate-limit";
import { CUSTOMER_LIMITS, isStorableText } from "@/server/customers/schema";
import { errorResponse, invalid, rateLimited, unauthorized } from "@/server/errors";
import { addressBucket, clientAddress } from "@/server/http/client-address";
import { noticeUrl } from "./links";
import { activeNotices, type ActiveNotice } from "./notices";
import { noticeSettingsByKey, type NoticeSettings } from "./settings";

/** Per publishable key, per process: 2,000 calls a second, sustained over a minute. */
export const NOTICES_PER_KEY_PER_MINUTE = 120_000;
export const NOTICES_MAX_AGE_SECONDS = 30;

const ALLOWED_HEADERS = "X-Blastradius-Key, X-Blastradius-Hash, If-None-Match";
const UNAUTHORIZED_MESSAGE =
  "Invalid key, customer or hash: send the workspace's publishable key and the HMAC-SHA256 of the customer id made with its notice secret.";

let perKey: FixedWindowRateLimiter | undefined;
const keyLimiter = () => (perKey ??= new FixedWindowRateLimiter(NOTICES_PER_KEY_PER_MINUTE));

export interface NoticesResponse {
  customer: string;
  notices: (ActiveNotice & { url: string })[];
}

/** hex HMAC-SHA256(secret, customer id): what the customer's backend computes. */
export function customerHash(secret: string, externalId: string): string {
  return createHmac("sha256", secret).update(externalId, "utf8").digest("hex");
}

function hashMatches(secret: string, externalId: string, given: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(given)) return false;
  const expected = createHmac("sha256", secret).update(externalId, "utf8").digest();
  return timingSafeEqual(expected, Buffer.from(given, "hex"));
}

function corsHeaders(req: Request, settings: NoticeSettings | null): Record<string, string> {
  const origin = req.headers.get("origin");
  const headers: Record<string, string> = { Vary: "Origin" };
  if (origin && settings?.allowedOrigins.includes(origin)) {
    headers["Access-Control-Allow-Origin"] = origin;
    headers["Access-Control-Expose-Headers"] = "ETag";
  }
  return headers;
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 says for GET). */
function noneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === bare);
}

export async function getNotices(db: Db, req: Request, now = new Date()): Promise<Response> {
  let settings: NoticeSettings | null = null;
  try {
    const url = new URL(req.url);
    const key = req.headers.get("x-blastradius-key") ?? url.searchParams.get("key");
    const hash = req.headers.get("x-blastradius-hash") ?? url.searchParams.get("hash");
    const customer = url.searchParams.get("customer");
    // Missing credentials are a 401, as a missing API key is everywhere in /api/v1.
    const missing = [
      !key && "key (X-Blastradius-Key header or ?key=)",
      !hash && "hash (X-Blastradius-Hash header or ?hash=)",
    ].filter(Boolean);
    if (missing.length) throw unauthorized(`Missing ${missing.join(" and ")}.`);
    if (!customer) throw invalid("Missing customer (?customer=<your customer id>).");
    if (customer!.length > CUSTOMER_LIMITS.externalId || !isStorableText(customer!)) {
      throw invalid(
        `customer must be a customer id of at most ${CUSTOMER_LIMITS.externalId} characters.`,
      );
    }

    const address = addressBucket(clientAddress(req));
    const blocked = failedAuthLimiter().blockedFor(address);
    if (blocked !== null) {
      throw rateLimited(
        blocked,
        `Too many requests with an invalid key or hash from this address; retry in ${blocked} s.`,
      );
    }
    settings = await noticeSettingsByKey(db, key!);
    if (!settings || !hashMatches(settings.noticeSecret, customer!, hash!)) {
      failedAuthLimiter().consume(address);
      throw unauthorized(UNAUTHORIZED_MESSAGE);
    }
    const limit = keyLimiter().consume(key!);
    if (!limit.ok) {
      throw rateLimited(
        limit.retryAfter,
        `Rate limit exceeded for this key; retry in ${limit.retryAfter} s.`,
      );
    }

    const found = await activeNotices(db, settings.workspaceId, customer!, now);
    // A valid hash for a customer the workspace does not have: the same answer as a bad hash.
    if (!found) throw unauthorized(UNAUTHORIZED_MESSAGE);
    const page = found.latestSentAt
      ? noticeUrl(settings.workspaceId, found.customerId, found.latestSentAt)
      : null;
    const payload: NoticesResponse = {
      customer: customer!,
      notices: found.notices.map((n) => ({ ...n, url: page! })),
    };
    const body = JSON.stringify(payload);
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
    const headers: Record<string, string> = {
      ...corsHeaders(req, settings),
      ETag: etag,
      "Cache-Control": `private, max-age=${NOTICES_MAX_AGE_SECONDS}`,
    };
    if (noneMatch(req.headers.get("if-none-match"), etag)) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(body, {
      status: 200,
      headers: { ...headers, "Content-Type": "application/json; charset=utf-8" },
    });
  } catch (err) {
    const res = errorResponse(err);
    // Errors are readable by an allowed origin's page too, so the widget can tell what is wrong.
    return withHeaders(res, { ...corsHeaders(req, settings), "Cache-Control": "no-store" });
  }
}

/**
 * The CORS preflight of a call that sends X-Blastradius-Key/-Hash. A preflight carries no
 * header values, so the workspace is the one `?key=` names; without it, no origin is allowed.
 */
export async function noticesPreflight(db: Db, req: Request): Promise<Response> {
  try {
    const key = new URL(req.url).searchParams.get("key");
    const settings = key ? await noticeSettingsByKey(db, key) : null;
    const headers = corsHeaders(req, settings);
    if (headers["Access-Control-Allow-Origin"]) {
      headers["Access-Control-Allow-Methods"] = "GET, OPTIONS";
      headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS;
      headers["Access-Control-Max-Age"] = "600";
    }
    return new Response(null, { status: 204, headers });
  } catch (err) {
    return errorResponse(err);
  }
}
