/** Starts the background jobs inside the app process, once, when RUN_WORKER allows it. */
import { getDb } from "@/db/client";
import { env } from "@/server/env";
import { startWorker, type Worker } from "./index";

const globalForWorker = globalThis as unknown as { __blastradiusWorker?: Worker };

export function startInProcessWorker(): void {
  if (!env().RUN_WORKER || globalForWorker.__blastradiusWorker) return;
  // The first run waits a minute: the database is opened lazily by the first request or
  // by this job, never while the server starts.
  globalForWorker.__blastradiusWorker = startWorker({
    getDb,
    analyze: !env().DATABASE_URL,
    firstRunDelayMs: 60_000,
    unref: true,
    log: (m) => console.log(`[worker] ${m}`),
  });
}
