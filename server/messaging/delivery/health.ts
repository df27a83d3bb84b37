/**
 * What GET /api/health reports, without auth and without any workspace's data: whether the
 * database answers (`select 1` within a short time-out), each delivery worker's last heartbeat,
 * and how long the oldest due message has waited.
 *
 *   down      the database does not answer                                    (HTTP 503)
 *   degraded  a due message has waited over DEGRADED_AFTER_S, or messages wait and no
 *             worker has beaten within STALE_WORKER_S                          (HTTP 200)
 *   ok        otherwise                                                         (HTTP 200)
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/server/ingest/sql";

export const DEGRADED_AFTER_S = 300;
export const STALE_WORKER_S = 30;

export interface Health {
  status: "ok" | "degraded" | "down";
  database: { reachable: boolean; ms: number | null; error?: string };
  workers: { worker: string; startedAt: string; lastBeatSecondsAgo: number }[];
  queue: { due: number; oldestDueSeconds: number | null } | null;
  problems: string[];
}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    work,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function checkHealth(getDb: () => Promise<Db>, timeoutMs = 2_000): Promise<Health> {
  const started = Date.now();
  let db: Db;
  try {
    db = await within(timeoutMs, getDb());
    await within(timeoutMs, db.execute(sql`select 1`));
  } catch (err) {
    return {
      status: "down",
      database: {
        reachable: false,
        ms: null,
        error:
          err instanceof Error && err.message.startsWith("no answer") ? err.message : "unreachable",
      },
      workers: [],
      queue: null,
      problems: ["the database does not answer"],
    };
  }
  const ms = Date.now() - started;
  const [workers, [queue]] = await within(
    timeoutMs,
    Promise.all([
      queryRows<{ worker: string; started_at: string | Date; age: number }>(
        db,
        sql`select worker, started_at, extract(epoch from now() - beat_at)::float8 as age
            from worker_heartbeat where beat_at > now() - interval '1 day'
            order by beat_at desc limit 50`,
      ),
      queryRows<{ due: number; oldest: number | null }>(
        db,
        sql`select count(*)::int as due,
                   extract(epoch from now() - min(next_attempt_at))::float8 as oldest
            from message where state = 'queued' and next_attempt_at <= now()`,
      ),
    ]),
  );
  const oldest = queue.oldest === null ? null : Math.max(0, Math.round(Number(queue.oldest)));
  const live = workers.filter((w) => Number(w.age) <= STALE_WORKER_S);
  const problems: string[] = [];
  if (oldest !== null && oldest > DEGRADED_AFTER_S)
    problems.push(`a message has waited ${oldest} s to be sent`);
  if (oldest !== null && oldest > STALE_WORKER_S && live.length === 0)
    problems.push(
      `messages wait and no delivery worker has beaten in the last ${STALE_WORKER_S} s`,
    );
  return {
    status: problems.length ? "degraded" : "ok",
    database: { reachable: true, ms },
    workers: workers.map((w) => ({
      worker: w.worker,
      startedAt: new Date(w.started_at).toISOString(),
      lastBeatSecondsAgo: Math.round(Number(w.age)),
    })),
    queue: { due: Number(queue.due), oldestDueSeconds: oldest },
    problems,
  };
}
