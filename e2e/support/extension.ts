/**
 * The support extension as an agent has it: the build from `extension/.output/chrome-mv3`
 * (e2e/global-setup.ts makes it) loaded into Debian's Chromium, in a profile of its own, with
 * the Zendesk- and Gmail-shaped test pages served at the help desks' real addresses so that
 * the manifest's content script runs on them (extension/README.md, "Testing it end to end").
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page, type Worker } from "@playwright/test";

/** Fixed by the manifest's key (extension/wxt.config.ts); the server allow-lists it. */
export const EXTENSION_ID = "gllekmgbdpccibkiiiapkfelogafdfjm";
const BUILD = path.resolve("extension/.output/chrome-mv3");
const TEST_PAGES = path.resolve("extension/test-pages");

export type HelpDesk = "zendesk" | "gmail";

export interface Extension {
  context: BrowserContext;
  /** The extension's background service worker. */
  worker: Worker;
  /** Opens one of the extension's pages (`options.html`, `popup.html`) in a new tab. */
  open(file: "options.html" | "popup.html"): Promise<Page>;
  /** The toolbar badge's text. */
  badge(): Promise<string>;
  /** A ticket whose requesters are `r1` (this ticket) and `r2` (the next one), as "Name <email>". */
  openTicket(desk: HelpDesk, people: { r1: string; r2: string }): Promise<Page>;
  /** A full-page screenshot into test-results/extension/<name>.png. */
  shot(page: Page, name: string): Promise<void>;
}

const TICKET_URL: Record<HelpDesk, (query: string) => string> = {
  zendesk: (q) => `https://acme.zendesk.com/agent/tickets/1042?${q}`,
  gmail: (q) => `https://mail.google.com/mail/u/0/?${q}#inbox/FMfcgzQXJGmTLZkWbcDcvJrVxqrFzSxl`,
};

type Chrome = { action: { getBadgeText(details: object): Promise<string> } };

export async function launchExtension(opts: {
  baseURL: string;
  clientAddress: string;
  shotsDir: string;
}): Promise<Extension & { close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), "br-e2e-ext-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    baseURL: opts.baseURL,
    // The same visitor to the app's per-address limits as the rest of this test.
    extraHTTPHeaders: { "X-Forwarded-For": opts.clientAddress },
    viewport: { width: 1280, height: 820 },
    args: [
      `--disable-extensions-except=${BUILD}`,
      `--load-extension=${BUILD}`,
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  for (const [desk, pattern] of [
    ["zendesk", "https://acme.zendesk.com/**"],
    ["gmail", "https://mail.google.com/**"],
  ] as const) {
    const body = readFileSync(path.join(TEST_PAGES, `${desk}.html`), "utf8");
    await context.route(pattern, (route) => route.fulfill({ contentType: "text/html", body }));
  }
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  if (new URL(worker.url()).host !== EXTENSION_ID) {
    throw new Error(`The built extension has the id ${new URL(worker.url()).host}`);
  }

  return {
    context,
    worker,
    async open(file) {
      const page = await context.newPage();
      if (file === "popup.html") await page.setViewportSize({ width: 380, height: 600 });
      await page.goto(`chrome-extension://${EXTENSION_ID}/${file}`);
      return page;
    },
    badge: () =>
      worker.evaluate(() =>
        (globalThis as unknown as { chrome: Chrome }).chrome.action.getBadgeText({}),
      ),
    async openTicket(desk, people) {
      const page = await context.newPage();
      await page.goto(TICKET_URL[desk](new URLSearchParams(people).toString()));
      return page;
    },
    async shot(page, name) {
      await page.screenshot({
        path: path.join(opts.shotsDir, `${name}.png`),
        fullPage: true,
        animations: "disabled",
      });
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
