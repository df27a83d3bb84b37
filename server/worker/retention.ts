/**
 * Retention: raw events older than the workspace's `event_retention_days` (default
 * EVENT_RETENTION_DAYS, 14) are deleted; every aggregate (issue and incident customers,
 * per-minute counts, counters) stays. Age is counted from when Blastradius received the
 * event. Deletes go in chunks so no statement holds many locks or runs long.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { env } from "@/server/env";
import { queryRows } from "@/server/ingest/sql";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionResult {
  deleted: number;
}

export async function runRetention(
  db: Db,
  now: Date = new Date(),
  opts: { chunk?: number; defaultDays?: number } = {},
): Promise<RetentionResult> {
  const chunk = opts.chunk ?? 5_000;
  const defaultDays = opts.defaultDays ?? env().EVENT_RETENTION_DAYS;
  // Nothing younger than the shortest window anywhere can go: this bound lets the
  // received_at index do the work.
  const [{ days }] = await queryRows<{ days: number }>(
    db,
    sql`select least(${defaultDays}::int, min(event_retention_days))::int as days from workspace_settings`,
  );
  const shortest = Number(days ?? defaultDays);
  const bound = new Date(now.getTime() - shortest * DAY_MS).toISOString();
  const nowIso = now.toISOString();
  let deleted = 0;
  for (;;) {
    const rows = await queryRows<{ n: number }>(
      db,
      sql`with doomed as (
            select e.id from event e
            left join workspace_settings s on s.workspace_id = e.workspace_id
            where e.received_at < ${bound}::timestamptz
              and e.received_at < ${nowIso}::timestamptz
                  - make_interval(days => coalesce(s.event_retention_days, ${defaultDays}::int))
            limit ${chunk}
          ), gone as (delete from event where id in (select id from doomed) returning 1)
          select count(*)::int as n from gone`,
    );
    const n = Number(rows[0].n);
    deleted += n;
    if (n < chunk) return { deleted };
  }
}
