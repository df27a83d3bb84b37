/**
 * Starts the background jobs inside the app process, once, when RUN_WORKER allows it: retention
 * (server/worker) and the delivery of the message outbox (server/messaging/delivery). With the
 * embedded PGlite database this is the only worker there is; with PostgreSQL it is one more
 * beside any `npm run worker` processes.
 */
import { getDb, openAppDb } from "@/db/client";
import { env } from "@/server/env";
import {
  DELIVERY_CHANNEL,
  onWake,
  startDeliveryLoop,
  transportFromEnv,
  type DeliveryLoop,
} from "@/server/messaging/delivery";
import { startWorker, type Worker } from "./index";

const globalForWorker = globalThis as unknown as {
  __blastradiusWorker?: Worker;
  __blastradiusDelivery?: Promise<DeliveryLoop>;
};

/** The first look for due messages waits this long unless an update is sent sooner. */
const DELIVERY_FIRST_RUN_MS = 60_000;

function startDelivery(): Promise<DeliveryLoop> {
  globalForWorker.__blastradiusDelivery ??= openAppDb().then(async ({ db, driver, listen }) => {
    const loop = startDeliveryLoop({
      db,
      transport: transportFromEnv(db),
      // PGlite is one connection: more lanes would only queue behind each other.
      lanes: driver === "pglite" ? 1 : 2,
      unref: true,
      log: (m) => console.log(`[delivery] ${m}`),
    });
    onWake(loop.wake);
    // Updates sent by other app instances on the same PostgreSQL wake it too.
    if (driver === "postgres") await listen(DELIVERY_CHANNEL, loop.wake);
    return loop;
  });
  return globalForWorker.__blastradiusDelivery;
}

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
  // Delivery starts with the first update sent (wakeDelivery, which the send path calls once the
  // database is open), or a minute after start for messages left queued by a previous run.
  const unsubscribe = onWake(() => {
    unsubscribe();
    void startDelivery()
      .then((loop) => loop.wake())
      .catch((err) => console.error("delivery failed to start", err));
  });
  setTimeout(
    () => void startDelivery().catch((err) => console.error("delivery failed to start", err)),
    DELIVERY_FIRST_RUN_MS,
  ).unref();
}
