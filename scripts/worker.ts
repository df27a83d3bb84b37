/**
 * `npm run worker`: the background jobs (retention) as their own process, for PostgreSQL
 * deployments where app instances run with RUN_WORKER=false. `--once` runs them once and
 * exits (for cron). With the embedded PGlite database the app runs the jobs itself: a second
 * process must not open its data folder.
 */
import { openAppDb } from "@/db/client";
import { env } from "@/server/env";
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
  log("started: retention every 10 minutes");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, async () => {
      await worker.stop();
      await open.close();
      log("stopped");
      process.exit(0);
    });
  }
}
