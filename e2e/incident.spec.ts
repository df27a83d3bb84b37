/**
 * The product's core story: a service reports errors for customers of one segment, an
 * incident opens by itself once enough distinct customers are hit, the commander watching
 * the incidents list sees it appear without reloading, and its page shows who is affected.
 */
import { expect, test } from "./fixtures";
import { checkoutErrors, inSegment, segmentedDirectory } from "./support/customers";

/** The workspace default (server/workspaces/settings.ts): 25 distinct customers open an incident. */
const CUSTOMER_THRESHOLD = 25;
const TITLE = "PaymentProviderTimeout in checkout-api";

test("errors from one segment open an incident live, and its page shows who is hit", async ({
  page,
  snap,
  workspace,
  restApi,
}) => {
  // The customer directory: 30 customers in each region × app_version cell.
  const directory = segmentedDirectory(30);
  const directoryPut = await restApi.putCustomers(directory);
  expect(directoryPut.status()).toBe(200);
  expect(await directoryPut.json()).toEqual({ created: 120, updated: 0 });

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Incidents" })
    .click();
  await expect(page).toHaveURL(workspace.path("incidents"));
  await expect(page.getByTestId("first-events")).toContainText("No incidents yet");
  // Survives only as long as the page is not reloaded or navigated away from.
  await page.evaluate(() => Object.assign(window, { __e2eSamePage: true }));
  await snap("incidents-empty");

  // Checkout fails for everyone on eu-west with app 5.2.0: first for a few customers fewer
  // than the threshold (so no incident yet), then for the rest of the segment.
  const hit = directory.filter(inSegment);
  expect(hit).toHaveLength(30);
  const early = hit.slice(0, CUSTOMER_THRESHOLD - 5);
  const late = hit.slice(early.length);
  const first = await restApi.postEvents(checkoutErrors(early, "a"));
  expect(first.status()).toBe(202);
  expect(await first.json()).toEqual({ accepted: early.length, duplicates: 0, rejected: [] });
  const none = await restApi.listIncidents("open");
  expect(none.status()).toBe(200);
  expect((await none.json()).data).toEqual([]);

  const second = await restApi.postEvents(checkoutErrors(late, "b"));
  expect(second.status()).toBe(202);
  expect(await second.json()).toEqual({ accepted: late.length, duplicates: 0, rejected: [] });

  // The list picks the new incident up by itself.
  const row = page.getByRole("row").filter({ hasText: TITLE });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("incident-affected-count")).toHaveText("30");
  await expect(row.getByTestId("incident-affected-last-hour")).toHaveText("+30 in last hour");
  await expect(row.getByTestId("incident-status")).toHaveText("Investigating");
  // Who is hurt and whether it is still happening, without opening the incident.
  await expect(row.getByTestId("incident-audience-size")).toHaveText("30 in audience");
  await expect(row.getByTestId("incident-customers-told")).toHaveText("none told yet");
  await expect(row.getByTestId("incident-last-error")).toContainText("Last error");
  await expect(row).toContainText("INC-1");
  await expect(page.getByRole("tab", { name: /Open/ })).toContainText("1");
  expect(await page.evaluate(() => "__e2eSamePage" in window)).toBe(true);
  await snap("incident-appeared");

  await row.getByRole("link", { name: TITLE }).click();
  await expect(page).toHaveURL(workspace.path("incidents/1"));
  await expect(page.getByTestId("incident-title")).toHaveText(TITLE);
  await expect(page.getByTestId("incident-ref")).toHaveText("INC-1");
  await expect(
    page.getByText("opened automatically when an error crossed a threshold"),
  ).toBeVisible();
  await expect(page.getByTestId("incident-glance")).toContainText("30 in audience");
  await expect(page.getByTestId("incident-last-error")).toContainText("Last error");
  const stats = page.getByTestId("incident-stats");
  await expect(stats.getByTestId("incident-affected-count")).toHaveText("30");
  await expect(stats.getByTestId("incident-affected-last-hour")).toHaveText("30");

  // Who is affected: each attribute's share among the affected next to its share of everyone;
  // the hit segment's values stand out.
  const breakdown = page.getByTestId("breakdown-panel");
  const region = breakdown.locator('[data-testid="breakdown-attribute"][data-attribute="region"]');
  const version = breakdown.locator(
    '[data-testid="breakdown-attribute"][data-attribute="app_version"]',
  );
  await expect(region).toContainText("eu-west is 2.0× its share of customers");
  await expect(region.locator("[data-hot]")).toHaveCount(1);
  await expect(region.locator("[data-hot]")).toContainText("eu-west");
  await expect(region.locator("[data-hot]")).toContainText("100% vs 50%");
  await expect(version).toContainText("5.2.0 is 2.0× its share of customers");
  await expect(version.locator("[data-hot]")).toContainText("100% vs 50%");
  await expect(
    page.getByText("Share of the 30 affected customers vs. all 120 customers"),
  ).toBeVisible();
  // Plan is spread like everyone else's, so it waits behind a button.
  await expect(breakdown.locator('[data-attribute="plan"]')).toHaveCount(0);
  await breakdown
    .getByRole("button", {
      name: /Show 1 more attribute where affected customers look like everyone else/,
    })
    .click();
  await expect(breakdown.locator('[data-attribute="plan"]')).toContainText("no value stands out");

  // The affected customers themselves: 30 of them, 25 to a page.
  const affected = page.getByTestId("affected-customers");
  await expect(page.getByRole("heading", { name: "Affected customers 30" })).toBeVisible();
  await expect(affected.getByRole("row")).toHaveCount(1 + 25);
  await expect(affected).toContainText("1–25 of 30");
  await expect(affected.getByRole("row").filter({ hasText: hit[29].name! })).toContainText(
    hit[29].id,
  );
  // Each row links to its customer's page.
  await expect(affected.getByRole("link", { name: hit[29].name! })).toHaveAttribute(
    "href",
    new RegExp(`^${workspace.path("customers")}/\\d+$`),
  );
  await snap("incident-page");

  await affected.getByRole("button", { name: "Next" }).click();
  await expect(affected.getByRole("row")).toHaveCount(1 + 5);
  await expect(affected).toContainText("26–30 of 30");

  // Clicking the hot value lists exactly its customers; nobody outside the segment is affected.
  await region.locator("[data-hot]").click();
  await expect(affected.getByTestId("filter-chip")).toHaveText(/^region =\s*eu-west$/);
  await expect(
    page.getByRole("heading", { name: "Affected customers 30 of 30 match" }),
  ).toBeVisible();
  await affected.getByLabel("Search affected customers").fill(hit[7].id);
  await expect(affected.getByRole("row")).toHaveCount(1 + 1);
  await expect(affected.getByRole("row").nth(1)).toContainText(hit[7].name!);
  await expect(
    page.getByRole("heading", { name: "Affected customers 1 of 30 match" }),
  ).toBeVisible();
  await snap("incident-filtered");
});
