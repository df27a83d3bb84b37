/**
 * Smoke test of the built extension in Debian's Chromium, against a stand-in server that
 * answers as docs/extension.md says (so it needs no app, no database):
 *
 *   npm run ext:build && npx tsx extension/scripts/smoke.ts   → screenshots in /tmp/ext-shots
 *
 * It connects through the options page with a pasted token, opens the popup, then the
 * Zendesk- and Gmail-shaped test pages at their real help-desk URLs (served by Playwright
 * routes), checks the banner, Insert reply, Report affected, the single-page switch to a
 * customer in no incident, the badge, and a revoked token; it prints the content script's
 * main-thread time on each help-desk page. Exits non-zero at the first failed check.
 */
import { chromium, type BrowserContext, type Page, type Worker } from "@playwright/test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.join(import.meta.dirname, "..");
const BUILD = path.join(ROOT, ".output", "chrome-mv3");
const SHOTS = process.env.SHOTS_DIR ?? "/tmp/ext-shots";
const EXPECTED_ID = "gllekmgbdpccibkiiiapkfelogafdfjm";
const TOKEN = "brx_smoke_0123456789abcdef";

// --- A stand-in server ------------------------------------------------------------------

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const UPDATE = {
  id: "5b0c6a1e-1d2f-4c1b-9a55-2f0c7d1e0a02",
  number: 2,
  status: "identified",
  title: "Checkout failing in the EU",
  body_markdown: "We found the cause.",
  body_text:
    "Card payments at checkout fail for customers in our EU region since 09:12. We found the cause (a faulty payment-gateway deploy) and are rolling it back; payments should work again within 30 minutes. No card was charged twice.",
  sent_at: minutesAgo(12),
};
const INCIDENTS = [
  {
    id: "7d3a1c2e-0000-4000-8000-000000000002",
    ref: "INC-2",
    title: "Checkout fails for EU customers",
    status: "identified",
    severity: "SEV2",
    started_at: minutesAgo(190),
    affected_customers: 1204,
    url: "http://127.0.0.1/w/acme/incidents/INC-2",
    latest_update: UPDATE,
  },
  {
    id: "7d3a1c2e-0000-4000-8000-000000000003",
    ref: "INC-3",
    title: "Webhook deliveries delayed",
    status: "monitoring",
    severity: "SEV3",
    started_at: minutesAgo(45),
    affected_customers: 87,
    url: "http://127.0.0.1/w/acme/incidents/INC-3",
    latest_update: null,
  },
];

function startServer() {
  const requests: {
    method: string;
    path: string;
    body: unknown;
    auth: string | undefined;
    cookie: string | undefined;
  }[] = [];
  let revoked = false;
  const json = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const server = createServer(async (req: IncomingMessage, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = raw ? JSON.parse(raw) : undefined;
    const url = new URL(req.url ?? "/", "http://x");
    requests.push({
      method: req.method ?? "GET",
      path: url.pathname,
      body,
      auth: req.headers.authorization,
      cookie: req.headers.cookie,
    });
    if (revoked || req.headers.authorization !== `Bearer ${TOKEN}`) {
      return json(res, 401, {
        error: { code: "unauthorized", message: "Token revoked", details: null },
      });
    }
    switch (`${req.method} ${url.pathname}`) {
      case "GET /api/extension/v1/me":
        return json(res, 200, {
          user: { name: "Sam Okafor", email: "sam.okafor@acmecloud.example" },
          workspace: { slug: "acme", name: "Acme Cloud" },
          role: "responder",
          token: { id: "tok_1", name: "Chrome on sam-laptop", created_at: minutesAgo(60 * 24 * 3) },
        });
      case "GET /api/extension/v1/incidents":
        return json(res, 200, { data: INCIDENTS });
      case "POST /api/extension/v1/lookup": {
        const matches = [];
        for (const identifier of body.identifiers as { kind: string; value: string }[]) {
          if (identifier.value === "ada@analytical.example") {
            const { latest_update, id, ref, title, status, severity, url } = INCIDENTS[0];
            matches.push({
              identifier,
              customer: { id: 42, external_id: "tenant-042", name: "Analytical Engines Ltd" },
              contact_name: "Ada Lovelace",
              incidents: [
                {
                  id,
                  ref,
                  title,
                  status,
                  severity,
                  since: minutesAgo(170),
                  reason: "segment",
                  latest_update,
                  url,
                },
              ],
            });
          } else if (identifier.value === "grace@cobol.example") {
            matches.push({
              identifier,
              customer: { id: 43, external_id: "tenant-043", name: "Compiler Works" },
              contact_name: "Grace Hopper",
              incidents: [],
            });
          }
        }
        return json(res, 200, { matches });
      }
      case "POST /api/extension/v1/reports":
        return json(res, 201, {
          report_id: "r1",
          group_id: body.kind === "suspected" ? "g1" : null,
          customers_in_group: body.kind === "suspected" ? 3 : null,
        });
      case "POST /api/extension/v1/activity":
        return json(res, 204);
      default:
        return json(res, 404, {
          error: { code: "not_found", message: "Not found", details: null },
        });
    }
  });
  return new Promise<{
    origin: string;
    requests: typeof requests;
    revoke: () => void;
    close: () => void;
  }>((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        requests,
        revoke: () => (revoked = true),
        close: () => server.close(),
      });
    }),
  );
}

// --- Checks -----------------------------------------------------------------------------

type Chrome = {
  action: { getBadgeText(details: object): Promise<string> };
  tabs: {
    query(q: { active: boolean; lastFocusedWindow: boolean }): Promise<{ id: number }[]>;
    sendMessage(tabId: number, message: unknown): Promise<unknown>;
  };
};
const badgeText = (worker: Worker) =>
  worker.evaluate(() =>
    (globalThis as unknown as { chrome: Chrome }).chrome.action.getBadgeText({}),
  );

let failures = 0;
function check(ok: boolean, what: string) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
}

async function shot(page: Page, name: string) {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`     screenshot ${file}`);
}

/** The content script's measures (blastradius:*) on a page, added up, in ms. */
async function contentScriptTime(page: Page) {
  return page.evaluate(() =>
    performance
      .getEntriesByType("measure")
      .filter((m) => m.name.startsWith("blastradius:"))
      .map((m) => ({ name: m.name, ms: m.duration })),
  );
}

/** Script time the renderer spent on a page load, from the DevTools protocol. */
async function scriptDuration(context: BrowserContext, url: string) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(url);
  await page.waitForTimeout(1500); // let the content script's first look and lookup finish
  const { metrics } = await cdp.send("Performance.getMetrics");
  await page.close();
  return (metrics.find((m) => m.name === "ScriptDuration")?.value ?? 0) * 1000;
}

/** What the popup's "This ticket" gets from the content script of the tab in front. */
const pageCustomer = (worker: Worker) =>
  worker.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: Chrome };
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return chrome.tabs.sendMessage(tab.id, { type: "page/customer" });
  }) as Promise<{ customers: { person: string; incidentIds: string[] }[] } | null>;

async function helpDesk(
  context: BrowserContext,
  worker: Worker,
  name: string,
  url: string,
  server: Awaited<ReturnType<typeof startServer>>,
) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 820 });
  await page.goto(url);
  const banner = page.getByTestId("br-banner");
  await banner.waitFor({ timeout: 10_000 });
  check(await banner.getByText("INC-2").isVisible(), `${name}: banner names INC-2 for Ada`);
  check(
    (await banner.getByTestId("br-incident-status").textContent())?.includes("Identified") ?? false,
    `${name}: banner shows the status`,
  );
  check(
    await banner.getByTestId("br-update").isVisible(),
    `${name}: banner shows the latest update`,
  );
  const lookups = server.requests.filter((r) => r.path.endsWith("/lookup"));
  const sent = JSON.stringify(lookups.at(-1)?.body);
  check(
    sent === JSON.stringify({ identifiers: [{ kind: "email", value: "ada@analytical.example" }] }),
    `${name}: lookup sent only the identifier (${sent})`,
  );
  check(
    lookups.every((r) => r.cookie === undefined && r.auth === `Bearer ${TOKEN}`),
    `${name}: lookup with the bearer token and no cookie`,
  );
  await shot(page, `banner-${name}`);

  const activities = () => server.requests.filter((r) => r.path.endsWith("/activity"));
  const activitiesBefore = activities().length;
  await banner.getByTestId("br-insert").click();
  const editor = page.locator('[contenteditable="true"]').first();
  await page.waitForFunction(() =>
    document.querySelector('[contenteditable="true"]')?.textContent?.includes("Hi Ada,"),
  );
  const text = (await editor.innerText()).trim();
  check(
    text.startsWith("Hi Ada,") && text.includes("Card payments at checkout fail"),
    `${name}: Insert reply put "Hi Ada," and the update in the reply box`,
  );
  // The background records the insertion after the reply is in: wait for its request.
  const waitingSince = Date.now();
  while (activities().length === activitiesBefore && Date.now() - waitingSince < 3_000)
    await page.waitForTimeout(50);
  const activity = activities().at(-1);
  check(
    JSON.stringify(activity?.body) ===
      JSON.stringify({
        kind: "reply_inserted",
        incident_id: "INC-2",
        update_id: UPDATE.id,
        customer: { kind: "email", value: "ada@analytical.example" },
      }),
    `${name}: POST /activity reply_inserted`,
  );
  await shot(page, `banner-${name}-inserted`);

  await banner.getByTestId("br-report-open").click();
  await banner.getByText("By a problem we do not know of yet").click();
  await banner.getByTestId("br-report-note").fill("Checkout button does nothing");
  await shot(page, `banner-${name}-report`);
  await banner.getByTestId("br-report-submit").click();
  await page.getByTestId("br-status").getByText("Reported").waitFor();
  const report = server.requests.filter((r) => r.path.endsWith("/reports")).at(-1)?.body as
    Record<string, unknown> | undefined;
  check(
    report?.kind === "suspected" &&
      report.note === "Checkout button does nothing" &&
      report.ticket_url === page.url(),
    `${name}: POST /reports suspected with the note and the ticket URL`,
  );

  const measures = await contentScriptTime(page);
  const total = measures.reduce((s, m) => s + m.ms, 0);

  await page.getByTestId("next-ticket").click();
  await banner.waitFor({ state: "detached", timeout: 5_000 }).then(
    () => check(true, `${name}: switching to Grace's ticket (no incident) removes the banner`),
    () => check(false, `${name}: switching to Grace's ticket (no incident) removes the banner`),
  );
  await page.bringToFront();
  // The page's own re-render took the banner away; the content script's next look (debounced)
  // finds Grace. Ask until it has.
  let grace = await pageCustomer(worker);
  for (let i = 0; i < 20 && grace?.customers[0]?.person !== "Grace Hopper"; i++) {
    await page.waitForTimeout(100);
    grace = await pageCustomer(worker);
  }
  check(
    grace?.customers[0]?.person === "Grace Hopper" && grace.customers[0].incidentIds.length === 0,
    `${name}: the popup can report Grace (in no incident, so no banner): ${JSON.stringify(grace)}`,
  );
  await page.goBack();
  await banner.waitFor({ timeout: 5_000 }).then(
    () => check(true, `${name}: back to Ada's ticket brings the banner back`),
    () => check(false, `${name}: back to Ada's ticket brings the banner back`),
  );
  await page.close();
  return { measures, total };
}

async function main() {
  mkdirSync(SHOTS, { recursive: true });
  const server = await startServer();
  const userDataDir = mkdtempSync(path.join(tmpdir(), "br-ext-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      `--disable-extensions-except=${BUILD}`,
      `--load-extension=${BUILD}`,
      "--no-sandbox",
      "--disable-gpu",
    ],
    viewport: { width: 1100, height: 800 },
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
    const id = new URL(worker.url()).host;
    check(id === EXPECTED_ID, `extension id is ${id}`);
    for (const desk of ["zendesk", "gmail"]) {
      const html = readFileSync(path.join(ROOT, "test-pages", `${desk}.html`), "utf8");
      const host =
        desk === "zendesk" ? "https://acme.zendesk.com/**" : "https://mail.google.com/**";
      await context.route(host, (route) => route.fulfill({ contentType: "text/html", body: html }));
    }
    // The same page where no content script runs, to compare the renderer's script time.
    await context.route("https://plain.example/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: readFileSync(path.join(ROOT, "test-pages", "zendesk.html"), "utf8"),
      }),
    );

    // Options: not connected, then connected with a pasted token.
    const options = await context.newPage();
    await options.goto(`chrome-extension://${id}/options.html`);
    await options.getByText("Connect to your server").waitFor();
    await shot(options, "options-disconnected");
    await options.getByLabel("Server address").fill(server.origin);
    await options.getByText("Paste a token instead").click();
    await options.getByLabel("Extension token").fill(TOKEN);
    await options.getByRole("button", { name: "Connect with this token" }).click();
    await options.getByTestId("options-connected").waitFor();
    check(
      (await options.getByTestId("options-workspace").textContent())?.includes("Acme Cloud") ??
        false,
      "options shows the workspace from GET /me",
    );
    await shot(options, "options-connected");

    const badge = await badgeText(worker);
    check(badge === "2", `badge shows 2 active incidents (got "${badge}")`);

    const popup = await context.newPage();
    await popup.setViewportSize({ width: 380, height: 600 });
    await popup.goto(`chrome-extension://${id}/popup.html`);
    await popup.getByTestId("popup-incidents").waitFor();
    check(
      (await popup.getByTestId("popup-incident").count()) === 2,
      "popup lists the 2 active incidents",
    );
    check(
      (await popup.getByTestId("popup-affected").first().textContent()) === "1,204",
      "popup shows 1,204 affected",
    );
    await shot(popup, "popup");

    const zendesk = await helpDesk(
      context,
      worker,
      "zendesk",
      "https://acme.zendesk.com/agent/tickets/1042",
      server,
    );
    const gmail = await helpDesk(
      context,
      worker,
      "gmail",
      "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJGmTLZkWbcDcvJrVxqrFzSxl",
      server,
    );
    for (const [name, t] of [
      ["zendesk", zendesk],
      ["gmail", gmail],
    ] as const) {
      const parts = t.measures
        .map((m) => `${m.name.replace("blastradius:", "")} ${m.ms.toFixed(2)}`)
        .join(", ");
      console.log(
        `     ${name}: content script measured ${t.total.toFixed(2)} ms of main-thread work (${parts})`,
      );
      check(t.total < 20, `${name}: content script under 20 ms`);
    }
    const withScript = await scriptDuration(context, "https://acme.zendesk.com/agent/tickets/1042");
    const without = await scriptDuration(context, "https://plain.example/agent/tickets/1042");
    console.log(
      `     renderer script time on the Zendesk page: ${withScript.toFixed(1)} ms with the extension's content script, ${without.toFixed(1)} ms without (difference ${(withScript - without).toFixed(1)} ms, parse and compile included)`,
    );

    // Revoked: the next call gets 401, and the popup says Reconnect.
    server.revoke();
    await popup.reload();
    await popup.getByRole("button", { name: "Refresh" }).click();
    await popup.getByTestId("popup-reconnect").waitFor();
    check(true, "popup shows Reconnect after the token is revoked");
    check((await badgeText(worker)) === "!", "badge shows ! after the token is revoked");
    await shot(popup, "popup-reconnect");
    await options.reload();
    await options.getByTestId("options-reconnect").waitFor();
    await shot(options, "options-reconnect");
  } finally {
    await context.close();
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  console.log(failures ? `${failures} check(s) failed` : "all checks passed");
  process.exit(failures ? 1 : 0);
}

await main();
