/**
 * Counting requests per key in a fixed window, in the rate_limit table that better-auth keeps
 * its own counters in (ours under keys with a prefix of their own, such as `slug-lookup:`), so
 * every app instance shares them and a restart forgets nothing.
 *
 * better-auth deletes rows whose last_request is older than its longest window (a minute)
 * whenever one of its own windows rolls over. So `last_request` holds the time our window
 * ends, not when it started: a window of ten minutes keeps its row until it is over.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/server/ingest/sql";

export interface WindowLimit {
  /** Requests per key per window. */
  max: number;
  windowSeconds: number;
}

/**
 * Counts one request for `key`; returns the seconds to wait when it is over the limit, else
 * null. The window starts at the first request after the previous window ended.
 */
export async function countInWindow(
  db: Db,
  key: string,
  limit: WindowLimit,
  now = Date.now(),
): Promise<number | null> {
  const windowMs = limit.windowSeconds * 1000;
  const [row] = await queryRows<{ count: number; ends: number }>(
    db,
    sql`
      insert into rate_limit (id, key, count, last_request)
      values (gen_random_uuid()::text, ${key}, 1, ${now + windowMs})
      on conflict (key) do update set
        count = case when rate_limit.last_request <= ${now} then 1
                     else rate_limit.count + 1 end,
        last_request = case when rate_limit.last_request <= ${now} then ${now + windowMs}
                            else rate_limit.last_request end
      returning count, last_request as ends`,
  );
  if (Number(row.count) <= limit.max) return null;
  return Math.max(1, Math.ceil((Number(row.ends) - now) / 1000));
}

/** "3 minutes", "1 minute": a wait in seconds, rounded up to whole minutes. */
export function minutesToWait(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
