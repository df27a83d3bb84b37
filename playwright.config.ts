import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests drive Debian's Chromium against a production build of the app on a fresh
 * embedded database (its own build folder and data folder, so a dev server can run beside it).
 */
const PORT = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${PORT}`;
// Separate folders let two e2e runs (or a dev server) work side by side.
const DIST_DIR = process.env.E2E_DIST_DIR ?? ".next-e2e";
const DATA_DIR = process.env.E2E_DATA_DIR ?? ".test-data/e2e";

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  // Builds the support extension that e2e/extension.spec.ts loads.
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    // The app's own entry point (`npm start`), which works out client addresses.
    command: `rm -rf ${DATA_DIR} && npx next build && npx tsx scripts/server.ts -p ${PORT}`,
    url: `${baseURL}/sign-in`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NEXT_DIST_DIR: DIST_DIR,
      DATA_DIR,
      APP_URL: baseURL,
      PORT: String(PORT),
      BETTER_AUTH_SECRET: "e2e-only-secret-0123456789abcdef0123456789",
      // As behind a reverse proxy on the same machine: the tests name their client address
      // in X-Forwarded-For (e2e/fixtures.ts), one per test.
      TRUSTED_PROXIES: "127.0.0.1,::1",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
