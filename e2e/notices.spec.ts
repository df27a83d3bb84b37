/**
 * The customer's side: after a status update is sent, an admin sets up Settings → Messaging
 * (allowed origin, key, secret), the customer's own app — a page on another origin served by
 * this test — embeds widget.js with the customer's HMAC, and the customer sees the update as a
 * banner, dismisses it (it stays dismissed), and opens their notice page from it.
 */
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { checkoutErrors, inSegment, segmentedDirectory } from "./support/customers";

/** The customer's app: one page embedding the widget, on its own origin. */
async function customerApp(appOrigin: string) {
  let widgetTag = "";
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html>
<html><head><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tenant dashboard</title>
<style>p { color: rgb(255, 0, 0); font-size: 40px; } button { display: none; }</style></head>
<body><h1>Tenant dashboard</h1><p id="own">The customer's own page.</p>
${widgetTag}
</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    embed(attrs: { key: string; customer: string; hash: string }) {
      widgetTag = `<script src="${appOrigin}/widget.js" async data-key="${attrs.key}" data-customer="${attrs.customer}" data-hash="${attrs.hash}"></script>`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// The customer's browser calls the app from their own site, where an extra X-Forwarded-For
// (the per-test client address, e2e/fixtures.ts) would be a header the CORS preflight does
// not allow: this spec's browser sends none.
test.use({ extraHTTPHeaders: {} });

async function sendUpdate(page: Page, path: string, title: string, body: string) {
  await page.goto(path);
  await page.getByTestId("post-update").click();
  const composer = page.getByRole("dialog").filter({ hasText: "Post an update" });
  await composer.getByLabel("Title").fill(title);
  await composer.getByLabel("What customers should know").fill(body);
  await composer.getByTestId("review-update").click();
  await page.getByTestId("send-update").click();
  await expect(page.getByTestId("updates-card").getByTestId("update-1")).toContainText("Sent");
}

test("a customer sees the update as a banner in their app and on their notice page", async ({
  page,
  snap,
  workspace,
  restApi,
  baseURL,
}) => {
  // 30 failing customers: past the default threshold (25) that opens an incident by itself.
  const directory = segmentedDirectory(30);
  expect((await restApi.putCustomers(directory)).status()).toBe(200);
  const hit = directory.filter(inSegment);
  expect((await restApi.postEvents(checkoutErrors(hit, "n"))).status()).toBe(202);
  const title = "Card payments fail <b>on 5.2.0</b>";
  await sendUpdate(
    page,
    workspace.path("incidents/1"),
    title,
    "Payments from **app 5.2.0** time out. <img src=x onerror=alert(1)>",
  );

  const app = await customerApp(baseURL!);
  try {
    // Settings → Messaging: allow the customer's app, take the key and reveal the secret.
    await page.goto(workspace.path("settings/messaging"));
    await expect(page.getByRole("heading", { name: "Notice keys" })).toBeVisible();
    await page.getByLabel("Origins").fill(`${app.origin}\n`);
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    await page.getByLabel("Origins").fill("not a url");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "is not an origin" })).toBeVisible();
    await page.getByRole("button", { name: "Discard" }).click();
    const key = await page.getByTestId("notice-key").inputValue();
    await page.getByRole("button", { name: "Reveal secret" }).click();
    const secret = await page.getByTestId("notice-secret").inputValue();
    await snap("messaging-settings");

    // The customer's backend signs the signed-in customer's id; the page embeds the widget.
    const customer = hit[0].id;
    app.embed({ key, customer, hash: createHmac("sha256", secret).update(customer).digest("hex") });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(app.origin);
    const banner = page.locator("[data-blastradius-notices]").getByRole("status");
    await expect(banner).toHaveCount(1);
    // Text, not markup: the title's tags are shown as written, nothing of the body runs.
    await expect(banner).toContainText(title);
    await expect(banner).toContainText("Payments from app 5.2.0 time out.");
    await expect(banner.locator("b, img, script")).toHaveCount(0);
    // The host page's styles do not reach into the banner, nor does the banner touch the page.
    const bannerTitle = banner.locator(".title");
    expect(await bannerTitle.evaluate((el) => getComputedStyle(el).color)).not.toBe(
      "rgb(255, 0, 0)",
    );
    await expect(page.locator("#own")).toHaveCSS("color", "rgb(255, 0, 0)");
    await snap("banner-390");
    await page.emulateMedia({ colorScheme: "dark" });
    await snap("banner-390-dark");
    await page.emulateMedia({ colorScheme: "light" });

    const noticeHref = await banner
      .getByRole("link", { name: "Read all updates" })
      .getAttribute("href");
    expect(noticeHref).toMatch(new RegExp(`^${baseURL}/notice/`));

    await banner.getByRole("button", { name: /Dismiss notice/ }).click();
    await expect(page.locator("[data-blastradius-notices]")).toHaveCount(0);
    // Dismissed stays dismissed: the widget fetches again and shows nothing. (Listen before
    // reloading: the widget's call can be answered before the page is said to be loaded.)
    const refetched = page.waitForResponse((r) => r.url().includes("/api/v1/notices"));
    await page.reload();
    await expect(page.locator("#own")).toBeVisible();
    await refetched;
    await expect(page.locator("[data-blastradius-notices]")).toHaveCount(0);

    // Another customer's id with this customer's hash shows nothing.
    app.embed({
      key,
      customer: hit[1].id,
      hash: createHmac("sha256", secret).update(customer).digest("hex"),
    });
    await page.evaluate(() => localStorage.clear());
    const refused = page.waitForResponse((r) => r.url().includes("/api/v1/notices"));
    await page.reload();
    expect((await refused).status()).toBe(401);
    await expect(page.locator("[data-blastradius-notices]")).toHaveCount(0);

    // The notice page: the update, escaped, readable on a phone, light and dark.
    await page.goto(noticeHref!);
    await expect(page.getByRole("heading", { name: "Service notices" })).toBeVisible();
    await expect(page.getByText(title)).toBeVisible();
    await expect(page.getByText("INC-1")).toBeVisible();
    await expect(page.locator("main img")).toHaveCount(0);
    await snap("notice-page-390");
    await page.emulateMedia({ colorScheme: "dark" });
    await snap("notice-page-390-dark");

    // One character of the signature changed (the last one may hold only unused bits).
    await page.goto(
      noticeHref!.replace(/.(.{4})$/, (_, rest) => `${rest[0] === "A" ? "B" : "A"}${rest}`),
    );
    await expect(page.getByText("This link has expired or is not valid")).toBeVisible();
    await expect(page.getByText(title)).toHaveCount(0);
  } finally {
    await app.close();
  }
});
