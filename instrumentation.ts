/**
 * Next.js calls register() once per server process. The Node.js server checks that it was
 * started through the app's entry point (scripts/server.ts), and starts the background jobs
 * (server/worker) when RUN_WORKER is on; nothing here opens the database, and nothing runs
 * while `next build` loads the app.
 */
export async function register() {
  if (
    process.env.NEXT_RUNTIME === "nodejs" &&
    process.env.NEXT_PHASE !== "phase-production-build"
  ) {
    const { requireEntryPoint } = await import("./server/http/entry-server");
    requireEntryPoint();
    const { startInProcessWorker } = await import("./server/worker/in-process");
    startInProcessWorker();
  }
}
