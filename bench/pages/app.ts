/**
 * The app that `npm run bench:pages` loads pages from: a production build of its own
 * (NEXT_DIST_DIR), a PGlite database in a temporary folder seeded with the demo workspace and a
 * second workspace holding an incident with 100,000 affected customers, and the app's own entry
 * (scripts/server.ts, what `npm start` runs), started and stopped as often as the cold loads
 * need.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = process.cwd();

/** What the production build is made of (as scripts/demo.ts decides when to rebuild). */
const BUILD_INPUTS = [
  "app",
  "server",
  "db",
  "next.config.js",
  "instrumentation.ts",
  "package-lock.json",
];

function newestBuildInput(): number {
  let newest = 0;
  for (const input of BUILD_INPUTS) {
    const full = path.join(root, input);
    if (!existsSync(full)) continue;
    const files = statSync(full).isDirectory()
      ? readdirSync(full, { recursive: true, encoding: "utf8" }).map((f) => path.join(full, f))
      : [full];
    for (const f of files) newest = Math.max(newest, statSync(f).mtimeMs);
  }
  return newest;
}

/**
 * Builds into `distDir` unless a build there is newer than every source. `next build` rewrites
 * tsconfig.json to include its folder's types; it is put back as it was.
 */
export async function ensureBuild(distDir: string, log: (line: string) => void) {
  const buildId = path.join(root, distDir, "BUILD_ID");
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestBuildInput()) {
    log(`Using the production build in ${distDir}/ (no source changed since).`);
    return;
  }
  log(`Building into ${distDir}/ (a few minutes)…`);
  const tsconfig = readFileSync(path.join(root, "tsconfig.json"), "utf8");
  const code = await new Promise<number | null>((resolve) =>
    spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
      cwd: root,
      env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    }).on("exit", resolve),
  );
  if (readFileSync(path.join(root, "tsconfig.json"), "utf8") !== tsconfig) {
    writeFileSync(path.join(root, "tsconfig.json"), tsconfig);
  }
  if (code !== 0) throw new Error(`next build failed (exit code ${code})`);
}

export interface SeededApp {
  email: string;
  password: string;
  /** Page paths of the two incidents. */
  demoIncident: string;
  largeIncident: string;
  largeAffected: number;
}

/**
 * Seeds DATA_DIR's database in this process and closes it again (PGlite admits one process):
 * the demo workspace exactly as `npm run demo` makes it, and a workspace of the demo user's
 * with bench:incident-reads' 200,000 customers and 100,000-customer incident (its INC-1).
 * process.env must already name DATA_DIR, APP_URL and BETTER_AUTH_SECRET.
 */
export async function seedApp(log: (line: string) => void): Promise<SeededApp> {
  const { openAppDb } = await import("@/db/client");
  const { createAuth } = await import("@/server/auth");
  const { seedDemo } = await import("@/db/seed");
  const { seedIncidentAtScale, AFFECTED } = await import("../incident-reads");
  const open = await openAppDb();
  try {
    const auth = createAuth(open.db, { rateLimitStorage: "memory" });
    const demo = await seedDemo(open.db, auth, { now: new Date(), log });
    if (!demo) throw new Error("the data folder already holds a demo workspace");
    const signedIn = await auth.api.signInEmail({
      body: { email: demo.email, password: demo.password },
      returnHeaders: true,
    });
    const cookie = signedIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const slug = "scale";
    const org = await auth.api.createOrganization({
      body: { name: "At scale", slug },
      headers: new Headers({ cookie }),
    });
    if (!org) throw new Error("the second workspace was not created");
    log(`Seeding ${AFFECTED.toLocaleString("en-US")} affected customers in /w/${slug}…`);
    const { seedSeconds } = await seedIncidentAtScale(open, org.id, signedIn.response.user.id);
    log(`Seeded in ${seedSeconds.toFixed(0)} s.`);
    return {
      email: demo.email,
      password: demo.password,
      demoIncident: `/w/${demo.slug}/incidents/2`,
      largeIncident: `/w/${slug}/incidents/1`,
      largeAffected: AFFECTED,
    };
  } finally {
    await open.close();
  }
}

/** Starts the app and waits until it answers (which also opens its database). */
export async function startApp(
  port: number,
  env: NodeJS.ProcessEnv,
  logFile: NodeJS.WritableStream,
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(root, "scripts/server.ts"),
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
    ],
    { cwd: root, env: { ...env, NODE_ENV: "production" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout!.pipe(logFile, { end: false });
  child.stderr!.pipe(logFile, { end: false });
  for (let i = 0; i < 720; i++) {
    if (child.exitCode !== null) throw new Error(`the app exited (code ${child.exitCode})`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/auth/ok`);
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill("SIGTERM");
  throw new Error("the app did not answer within 3 minutes");
}

export async function stopApp(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) {
    child.kill("SIGKILL");
    await exited;
  }
}
