/**
 * `npm run bench:pages` — how long an incident page takes until its title, its figures (the
 * header stats), its events chart and its "Affected segments" panel show, in Chromium, for the
 * demo's ongoing incident (INC-2 of `npm run demo`) and for an incident with 100,000 affected
 * customers (bench:incident-reads' data: 200,000 customers in a second workspace).
 *
 * Against a production build of its own (NEXT_DIST_DIR, default .next-bench-pages; built when
 * missing or older than the sources) started with the app's entry (scripts/server.ts) on a
 * fresh PGlite database in a temporary folder, signed in as the demo user through better-auth's
 * sign-in endpoint. Three kinds of load, each timed from inside the page (bench/pages/probe.ts):
 *
 *   - first after start: the first page load after the app started, in a browser context
 *     with nothing cached (the server's caches, its code and the database are cold too);
 *   - fresh browser: a new context with nothing cached, against the warm app;
 *   - warm: loads repeated in one context (the browser's cache holds the scripts), as when
 *     someone opens the page again.
 *
 * Also printed: how busy the machine was (the load average as it goes; before and after, the
 * sign-in page's first byte and DOMContentLoaded and a fixed loop on a page's main thread);
 * where the time of the median warm load and of the median first load after start went
 * (document, scripts, each tRPC request, when each part showed); the main thread's time per
 * script of one more warm load under Chromium's profiler (bench/pages/profile.ts); and the
 * server time of every tRPC procedure the page asked for, each timed on its own
 * (bench/pages/server-time.ts).
 *
 *   npm run bench:pages
 *   BENCH_WARM_LOADS=30 BENCH_FRESH_LOADS=5 BENCH_COLD_STARTS=3 BENCH_PORT=3601 npm run bench:pages
 *   BENCH_CUSTOMERS=20000 BENCH_AFFECTED=10000 npm run bench:pages   # a smaller second incident
 *   BENCH_PROFILE_DIR=/tmp/profiles npm run bench:pages   # keeps the profiles (below)
 *
 * The build folder stays for the next run (BENCH_CLEAN=1 deletes it); the data folder is
 * deleted at the end.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { chromium, type Browser, type BrowserContextOptions } from "@playwright/test";
import { percentile } from "./runs";
import { ensureBuild, seedApp, startApp, stopApp, type SeededApp } from "./pages/app";
import { addProbe, allShown, loadPage } from "./pages/probe";
import { profileLoad } from "./pages/profile";
import { breakdown, emptyLoads, report, stats, type Target } from "./pages/report";

const PORT = Number(process.env.BENCH_PORT ?? 3600);
const WARM_LOADS = Number(process.env.BENCH_WARM_LOADS ?? 20);
const FRESH_LOADS = Number(process.env.BENCH_FRESH_LOADS ?? 5);
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 3);
const DIST_DIR = process.env.NEXT_DIST_DIR ?? ".next-bench-pages";
/** Keeps the profiles of the profiled loads there, to open in DevTools. */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TARGET_MS = 1000;
const VIEWPORT = { width: 1440, height: 900 };
const base = `http://127.0.0.1:${PORT}`;

const startedAt = Date.now();
const say = (line: string) =>
  console.log(`[pages ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)}s] ${line}`);
const load1 = () => loadavg()[0].toFixed(2);

async function newContext(browser: Browser, storageState?: BrowserContextOptions["storageState"]) {
  const context = await browser.newContext({ viewport: VIEWPORT, storageState });
  await addProbe(context);
  return context;
}

/** Signs the demo user in through better-auth's endpoint, as the sign-in page does. */
async function signIn(browser: Browser, app: SeededApp) {
  const context = await browser.newContext();
  const res = await context.request.post(`${base}/api/auth/sign-in/email`, {
    data: { email: app.email, password: app.password },
    headers: { origin: base },
  });
  if (!res.ok()) throw new Error(`sign-in failed: HTTP ${res.status()} ${await res.text()}`);
  const state = await context.storageState();
  await context.close();
  return state;
}

/** A fixed piece of work on the page's main thread: slower when other work takes the cores. */
const CPU_PROBE = `(() => {
  const t = performance.now();
  let x = 0;
  for (let i = 0; i < 2e7; i++) x = (x + i * 7) % 1000003;
  return [performance.now() - t, x];
})()`;

/**
 * How busy the machine is: the load average, the sign-in page's first byte and
 * DOMContentLoaded, and a fixed loop on the page's main thread (medians of 5 in one context).
 */
async function baseline(browser: Browser) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const ttfb: number[] = [];
  const dcl: number[] = [];
  const loop: number[] = [];
  for (let i = 0; i <= 5; i++) {
    await page.goto(`${base}/sign-in`, { waitUntil: "load" });
    const t = (await page.evaluate(
      `(() => { const n = performance.getEntriesByType("navigation")[0]; return [n.responseStart, n.domContentLoadedEventEnd]; })()`,
    )) as [number, number];
    const [loopMs] = (await page.evaluate(CPU_PROBE)) as [number, number];
    if (i === 0) continue; // the first one only warms
    ttfb.push(t[0]);
    dcl.push(t[1]);
    loop.push(loopMs);
  }
  await context.close();
  const med = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    ).toFixed(0);
  return (
    `load average ${load1()}; /sign-in first byte ${med(ttfb)} ms, DOMContentLoaded ${med(dcl)} ms; ` +
    `a fixed loop in the page ${med(loop)} ms (medians of 5)`
  );
}

async function main() {
  await ensureBuild(DIST_DIR, say);
  const dataDir = mkdtempSync(path.join(tmpdir(), "blastradius-bench-pages-"));
  // Before anything reads the environment (server/env.ts caches it on first use).
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    APP_URL: base,
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
  });
  delete process.env.DATABASE_URL;
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_DIST_DIR: DIST_DIR,
    PORT: String(PORT),
    // Background jobs (a periodic ANALYZE of 200,000 customers on PGlite) would land at
    // random in the timings.
    RUN_WORKER: "false",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const log = createWriteStream(path.join(dataDir, "app.log"));
  let app: ChildProcess | null = null;
  let browser: Browser | null = null;
  try {
    const seeded = await seedApp(say);
    const targets: Target[] = [
      { name: "INC-2 of the demo", url: seeded.demoIncident, loads: emptyLoads() },
      {
        name: `${seeded.largeAffected.toLocaleString("en-US")} affected customers`,
        url: seeded.largeIncident,
        loads: emptyLoads(),
      },
    ];
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
    });

    app = await startApp(PORT, appEnv, log);
    const state = await signIn(browser, seeded);
    const cookie = state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    say(`Baseline before: ${await baseline(browser)}`);
    await stopApp(app);

    // First load after start: a new app process per load, the two pages taking turns.
    for (let i = 0; i < COLD_STARTS; i++) {
      for (const t of targets) {
        const started = Date.now();
        app = await startApp(PORT, appEnv, log);
        const context = await newContext(browser, state);
        const l = await loadPage(context, `${base}${t.url}`);
        await context.close();
        t.loads["first after start"].push(l);
        say(
          `${t.name}: first load after start (${((Date.now() - started) / 1000).toFixed(0)} s to start) ` +
            `${allShown(l).toFixed(0)} ms, load average ${load1()}`,
        );
        await stopApp(app);
      }
    }

    app = await startApp(PORT, appEnv, log);
    for (const t of targets) {
      const first = await newContext(browser, state);
      await loadPage(first, `${base}${t.url}`); // the app warms up
      await first.close();
      for (let i = 0; i < FRESH_LOADS; i++) {
        const context = await newContext(browser, state);
        t.loads["fresh browser"].push(await loadPage(context, `${base}${t.url}`));
        await context.close();
      }
      const context = await newContext(browser, state);
      await loadPage(context, `${base}${t.url}`); // fills the browser's cache
      for (let i = 0; i < WARM_LOADS; i++) {
        t.loads.warm.push(await loadPage(context, `${base}${t.url}`));
      }
      t.profile = await profileLoad(
        context,
        `${base}${t.url}`,
        DIST_DIR,
        PROFILE_DIR && path.join(PROFILE_DIR, `${t.url.split("/")[2]}.cpuprofile`),
      );
      await context.close();
      say(
        `${t.name}: ${FRESH_LOADS} fresh-browser and ${WARM_LOADS} warm loads done, load average ${load1()}`,
      );
    }
    say(`Baseline after: ${await baseline(browser)}`);

    for (const t of targets) report(t);
    for (const t of targets) await breakdown(t, cookie);

    const worst = Math.max(...targets.map((t) => stats(t.loads.warm.map(allShown)).p95));
    console.log(
      `\nTarget, everything above the fold shown in < ${TARGET_MS} ms on a warm load (p95): ` +
        (worst < TARGET_MS
          ? `met (${worst.toFixed(0)} ms at worst).`
          : `not met (${worst.toFixed(0)} ms at worst).`),
    );
  } catch (err) {
    console.error(`The app's log is in ${path.join(dataDir, "app.log")} (kept).`);
    throw err;
  } finally {
    await browser?.close();
    if (app) await stopApp(app);
  }
  log.end();
  rmSync(dataDir, { recursive: true, force: true });
  if (process.env.BENCH_CLEAN === "1") rmSync(DIST_DIR, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
