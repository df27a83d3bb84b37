/**
 * Background jobs, every 10 minutes: retention, and on PGlite fresh planner statistics.
 * With PGlite they run inside the app process (instrumentation.ts); with PostgreSQL any app
 * instance started with RUN_WORKER=true and any `npm run worker` process run them — the jobs
 * are safe to run in several places.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { runRetention } from "./retention";

/**
 * The tables the pages query. PGlite has no autovacuum, so without this its planner never
 * learns their sizes and picks plans that are 10× slower at 200,000 customers.
 */
export async function refreshPlannerStatistics(db: Db): Promise<void> {
  await db.execute(
    sql`analyze customer, contact, incident, incident_customer, incident_minute, issue, issue_customer`,
  );
}

export { runRetention } from "./retention";

export const WORKER_INTERVAL_MS = 10 * 60 * 1000;

export interface WorkerOptions {
  getDb: () => Promise<Db>;
  intervalMs?: number;
  /** Delay before the first run (default: one interval). */
  firstRunDelayMs?: number;
  /** Let the process exit while the worker waits (true inside the app). */
  unref?: boolean;
  clock?: () => Date;
  log?: (message: string) => void;
  /** Also refresh planner statistics (PGlite, which has no autovacuum). */
  analyze?: boolean;
}

export interface Worker {
  /** Runs the jobs now (joins the run in progress, if any). */
  runOnce(): Promise<void>;
  /** Stops scheduling and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

export function startWorker(opts: WorkerOptions): Worker {
  const interval = opts.intervalMs ?? WORKER_INTERVAL_MS;
  const clock = opts.clock ?? (() => new Date());
  const log = opts.log ?? (() => {});
  let running: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  async function jobs() {
    const started = Date.now();
    try {
      const { deleted } = await runRetention(await opts.getDb(), clock());
      if (deleted > 0)
        log(`retention: deleted ${deleted} raw events in ${Date.now() - started} ms`);
    } catch (err) {
      console.error("worker: retention failed", err);
    }
    if (!opts.analyze) return;
    try {
      await refreshPlannerStatistics(await opts.getDb());
    } catch (err) {
      console.error("worker: analyze failed", err);
    }
  }

  function runOnce() {
    running ??= jobs().finally(() => (running = null));
    return running;
  }

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      void runOnce().then(() => schedule(interval));
    }, delay);
    if (opts.unref) timer.unref();
  }

  schedule(opts.firstRunDelayMs ?? interval);
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
