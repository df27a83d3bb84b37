/**
 * Sign-in attempts per account, on top of better-auth's per-IP limit. The IP comes from
 * X-Forwarded-For, which a client that reaches the app without a proxy can choose; counting
 * attempts per email as well caps password guessing against one account whatever the IP.
 * Counters live in the same rate_limit table as better-auth's (under their own `account:`
 * keys), so every app instance shares them.
 */
import { sql } from "drizzle-orm";
import { APIError, createAuthMiddleware } from "better-auth/api";
import type { Db } from "@/db/client";
import { queryRows } from "@/server/ingest/sql";

export interface AccountLimit {
  /** Attempts per account per window. */
  max: number;
  windowSeconds: number;
}

export const DEFAULT_ACCOUNT_LIMIT: AccountLimit = { max: 30, windowSeconds: 15 * 60 };

/**
 * Counts one attempt for the account; returns the seconds to wait when it is over the limit,
 * else null. The window starts at the first attempt after the previous window ended.
 */
export async function countSignInAttempt(
  db: Db,
  email: string,
  limit: AccountLimit,
  now = Date.now(),
): Promise<number | null> {
  const windowMs = limit.windowSeconds * 1000;
  const [row] = await queryRows<{ count: number; started: number }>(
    db,
    sql`
      insert into rate_limit (id, key, count, last_request)
      values (gen_random_uuid()::text, ${`account:${email.trim().toLowerCase()}`}, 1, ${now})
      on conflict (key) do update set
        count = case when rate_limit.last_request <= ${now - windowMs} then 1
                     else rate_limit.count + 1 end,
        last_request = case when rate_limit.last_request <= ${now - windowMs} then ${now}
                            else rate_limit.last_request end
      returning count, last_request as started`,
  );
  if (Number(row.count) <= limit.max) return null;
  return Math.max(1, Math.ceil((Number(row.started) + windowMs - now) / 1000));
}

/** A better-auth before-hook that answers 429 once an account is over its limit. */
export function accountSignInLimit(db: Db, limit: AccountLimit = DEFAULT_ACCOUNT_LIMIT) {
  return createAuthMiddleware(async (ctx) => {
    if (ctx.path !== "/sign-in/email") return;
    const email = (ctx.body as { email?: unknown } | undefined)?.email;
    if (typeof email !== "string" || email.length === 0 || email.length > 320) return;
    const wait = await countSignInAttempt(db, email, limit);
    if (wait === null) return;
    const minutes = Math.ceil(wait / 60);
    throw new APIError(
      "TOO_MANY_REQUESTS",
      {
        message: `Too many sign-in attempts for this account. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      },
      { "X-Retry-After": String(wait) },
    );
  });
}
