/**
 * `npm run demo`: everything a new user needs to see Blastradius working, in one command.
 *
 *   1. secrets    generated once, kept in DATA_DIR/secrets.json (0600)
 *   2. build      `next build`, when there is no production build yet (NEXT_DIST_DIR or
 *                 .next/BUILD_ID missing) or the sources changed after it — before
 *                 seeding, so that the seeded incident is still "ongoing" when the app
 *                 opens rather than minutes old
 *   3. database   the embedded PGlite in DATA_DIR (or DATABASE_URL), migrated and seeded
 *                 with the demo workspace once; closed again before the app opens it
 *   4. start      the app's entry point (scripts/server.ts, what `npm start` runs) on
 *                 $PORT, then print where to go and how to sign in
 *
 * Running it again reuses the data, the secrets and the build. The demo's password and API
 * key are kept in DATA_DIR/demo.json (0600) because an API key can only be shown once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

const root = process.cwd();
const dataDir = path.resolve(process.env.DATA_DIR || "./.data");
const port = Number(process.env.PORT || 3000);
const distDir = process.env.NEXT_DIST_DIR || ".next";
const appUrl = process.env.APP_URL || `http://localhost:${port}`;
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const serverScript = path.join(root, "scripts", "server.ts");

if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}".`);
  process.exit(2);
}

const startedAt = Date.now();
const say = (line: string) =>
  console.log(`[demo ${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)}s] ${line}`);

interface DemoCredentials {
  email: string;
  password: string;
  apiKey: string;
}

function writePrivateJson(file: string, value: unknown) {
  writeFileSync(file, JSON.stringify(value, null, 2) + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** BETTER_AUTH_SECRET from the environment, else the one generated on the first run. */
function loadSecrets(): { BETTER_AUTH_SECRET: string } {
  if (process.env.BETTER_AUTH_SECRET) return { BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET };
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  const secrets = { BETTER_AUTH_SECRET: randomBytes(32).toString("base64url") };
  writePrivateJson(file, secrets);
  say(`Generated secrets in ${file}`);
  return secrets;
}

/** Migrates and seeds the database in this process, and closes it for the app to open. */
async function prepareDatabase(): Promise<DemoCredentials> {
  const { openAppDb } = await import("@/db/client");
  const { createAuth } = await import("@/server/auth");
  const { seedDemo } = await import("@/db/seed");
  const credentialsFile = path.join(dataDir, "demo.json");

  say(
    process.env.DATABASE_URL
      ? "Migrating the PostgreSQL database from DATABASE_URL…"
      : `Migrating the embedded database in ${path.join(dataDir, "pglite")}…`,
  );
  databaseOpen = true;
  const open = await openAppDb();
  try {
    const auth = createAuth(open.db, { rateLimitStorage: "memory" });
    const seeded = await seedDemo(open.db, auth, { now: new Date(), log: say });
    if (seeded) {
      const credentials = { email: seeded.email, password: seeded.password, apiKey: seeded.apiKey };
      writePrivateJson(credentialsFile, credentials);
      return credentials;
    }
    if (!existsSync(credentialsFile)) {
      throw new Error(
        `The demo workspace exists but its credentials file ${credentialsFile} is missing ` +
          `(an interrupted first run?). Delete ${dataDir} to start the demo over.`,
      );
    }
    say("The demo workspace is already there: reusing it.");
    return JSON.parse(readFileSync(credentialsFile, "utf8")) as DemoCredentials;
  } finally {
    await open.close();
    databaseOpen = false;
  }
}

/** The child process that signals are forwarded to (the build, then the server). */
let child: ChildProcess | null = null;
/** True while this process has the database open: killing it then could damage the data. */
let databaseOpen = false;
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (child && child.exitCode === null) {
      stopping = true;
      child.kill(signal);
    } else if (databaseOpen && !stopping) {
      stopping = true;
      say("Stopping once the database is closed (press Ctrl-C again to force)…");
    } else {
      process.exit(130);
    }
  });
}

/** Runs `node <args>` as the child that signals go to. */
function run(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  child = spawn(process.execPath, args, { cwd: root, env, stdio: "inherit" });
  return child;
}

/** What the production build is made of: a change to any of these calls for a new build. */
const BUILD_INPUTS = [
  "app",
  "server",
  "db",
  "next.config.js",
  "instrumentation.ts",
  "package-lock.json",
];

/** The last time any build input changed (ms since the epoch). */
function newestBuildInput(): number {
  let newest = 0;
  for (const input of BUILD_INPUTS) {
    const full = path.join(root, input);
    if (!existsSync(full)) continue;
    const stat = statSync(full);
    const files = stat.isDirectory()
      ? readdirSync(full, { recursive: true, encoding: "utf8" }).map((f) => path.join(full, f))
      : [full];
    for (const f of files) newest = Math.max(newest, statSync(f).mtimeMs);
  }
  return newest;
}

async function build(env: NodeJS.ProcessEnv) {
  const buildId = path.join(root, distDir, "BUILD_ID");
  if (existsSync(buildId)) {
    if (statSync(buildId).mtimeMs >= newestBuildInput()) {
      say(`Using the production build in ${distDir}/ (the sources have not changed since).`);
      return;
    }
    say(`The sources changed since the build in ${distDir}/ — rebuilding…`);
  } else {
    say(`Building the app into ${distDir}/ — first run only, a few minutes on a small machine…`);
  }
  const ticker = setInterval(() => say("…still building"), 30_000);
  const code = await new Promise<number | null>((resolve) =>
    run([nextBin, "build"], env).on("exit", (c) => resolve(c)),
  );
  clearInterval(ticker);
  if (stopping) process.exit(130);
  if (code !== 0) {
    console.error(`next build failed (exit code ${code}).`);
    process.exit(1);
  }
  say("Build finished.");
}

/** Waits until the app answers, which also opens and migrates its database. */
async function waitUntilReady(server: ChildProcess): Promise<void> {
  const url = `http://127.0.0.1:${port}/api/auth/ok`;
  for (let attempt = 0; attempt < 240; attempt++) {
    if (server.exitCode !== null) throw new Error(`the app exited (code ${server.exitCode})`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the app did not answer on ${url} within 2 minutes`);
}

async function main() {
  mkdirSync(dataDir, { recursive: true });
  const secrets = loadSecrets();
  // Set before anything reads the environment (server/env.ts caches it on first use).
  process.env.DATA_DIR = dataDir;
  process.env.APP_URL = appUrl;
  process.env.BETTER_AUTH_SECRET = secrets.BETTER_AUTH_SECRET;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    APP_URL: appUrl,
    BETTER_AUTH_SECRET: secrets.BETTER_AUTH_SECRET,
    PORT: String(port),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  await build(env);
  if (stopping) process.exit(130);

  const credentials = await prepareDatabase();
  if (stopping) process.exit(130);
  say("Database ready.");

  say(`Starting the app on port ${port}…`);
  const server = run(["--import", "tsx", serverScript, "-p", String(port)], {
    ...env,
    NODE_ENV: "production",
  });
  let ready = false;
  server.on("exit", (code, signal) => {
    if (!ready && !stopping) {
      console.error(`The app did not start. Is port ${port} free? Try: PORT=3001 npm run demo`);
    } else if (!stopping) {
      console.error(`The app stopped (${signal ?? `exit code ${code}`}).`);
    }
    process.exit(code ?? (signal ? 130 : 1));
  });
  try {
    await waitUntilReady(server);
    ready = true;
  } catch (err) {
    if (server.exitCode !== null) return; // the exit handler explains
    console.error(`The app did not start: ${(err as Error).message}.`);
    stopping = true;
    server.kill("SIGTERM");
    return;
  }
  say(
    `Ready in ${((Date.now() - startedAt) / 1000).toFixed(0)}s. Ctrl-C stops the app; the data stays in ${dataDir}.`,
  );
  console.log("");
  console.log(`Open: http://localhost:${port}`);
  console.log(`Sign in: ${credentials.email} / ${credentials.password}`);
  console.log(`API key (ingest, read, notify): ${credentials.apiKey}`);
  console.log("");
  console.log(
    `Watch a new incident open live: npm run simulate -- --url http://localhost:${port} --key ${credentials.apiKey}`,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  if (child && child.exitCode === null) child.kill("SIGTERM");
  process.exit(1);
});
