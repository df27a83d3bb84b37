/**
 * `npm run worker`: the background jobs as their own process, for PostgreSQL deployments —
 * delivery of the message outbox (server/messaging/delivery: Resend when RESEND_API_KEY is set,
 * else the built-in mailbox) and retention. Run any number of them: they claim work with
 * FOR UPDATE SKIP LOCKED and share one rate limit. Each claim and send is logged (batch id,
 * emails, outcome, ms). SIGTERM or SIGINT stops it gracefully: the batches in hand are
 * finished first. `--once` runs retention once and exits (for cron). With the embedded PGlite
 * database the app runs these jobs itself: a second process must not open its data folder.
 */
import { openAppDb } from "@/db/client";
import { env } from "@/server/env";
import { DELIVERY_CHANNEL, startDeliveryLoop, transportFromEnv } from "@/server/messaging/delivery";
import { runRetention, startWorker } from "@/server/worker";

if (!env().DATABASE_URL) {
  console.error(
    "npm run worker needs DATABASE_URL (PostgreSQL). With the embedded database the app runs " +
      "background jobs itself (RUN_WORKER=true, the default).",
  );
  process.exit(2);
}

const open = await openAppDb();
const log = (m: string) => console.log(`[worker ${new Date().toISOString()}] ${m}`);

if (process.argv.includes("--once")) {
  const { deleted } = await runRetention(open.db);
  log(`retention: deleted ${deleted} raw events`);
  await open.close();
} else {
  const worker = startWorker({ getDb: async () => open.db, firstRunDelayMs: 0, log });
  const transport = transportFromEnv(open.db);
  const delivery = startDeliveryLoop({ db: open.db, transport, log });
  // Updates sent from any app instance wake this worker at their commit (NOTIFY).
  const unlisten = await open.listen(DELIVERY_CHANNEL, delivery.wake);
  const e = env();
  log(
    `started ${delivery.worker}: delivery through ${transport.name}` +
      (transport.rateLimited ? ` at ${e.MAIL_RATE_PER_SECOND} requests/s` : "") +
      ` in batches of up to ${e.MAIL_BATCH_SIZE}; retention every 10 minutes`,
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, async () => {
      log(`${signal}: finishing the batches in hand`);
      await unlisten().catch(() => {});
      await Promise.all([delivery.stop(), worker.stop()]);
      await open.close();
      log("stopped");
      process.exit(0);
    });
  }
}
