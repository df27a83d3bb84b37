/**
 * The support extension against the real app: the built extension in Chromium (its own
 * profile, e2e/support/extension.ts) is the agent's browser; the test's `page` is the
 * commander's dashboard in another. The agent connects through the dashboard hand-off or with a
 * pasted token, sees the incident beside a Zendesk or Gmail ticket from an affected customer,
 * inserts the approved update, reports customers; the commander sees those reports on the
 * incident and the incidents list, and a token revoked in Settings → Extension stops at once.
 */
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test as base } from "./fixtures";
import { checkoutErrors, inSegment, segmentedDirectory } from "./support/customers";
import { EXTENSION_ID, launchExtension, type Extension } from "./support/extension";
import { dialogTitled, openSettingsTab, type Workspace } from "./support/flows";
import type { RestApi } from "./support/rest-api";

const test = base.extend<{ extension: Extension }>({
  extension: async ({ baseURL, clientAddress }, provide, testInfo) => {
    const extension = await launchExtension({
      baseURL: baseURL!,
      clientAddress,
      shotsDir: path.join(testInfo.project.outputDir, "extension"),
    });
    await provide(extension);
    await extension.close();
  },
});

const ADA = "Ada Lovelace <owner-001@tenant.example>"; // Tenant 001: eu-west, app 5.2.0
const GRACE = "Grace Hopper <owner-061@tenant.example>"; // Tenant 061: us-east, app 5.2.0
const UPDATE_TITLE = "Card payments fail in the EU";
const UPDATE_BODY =
  "Card payments from app 5.2.0 time out. We are rolling back the payment gateway; no card is charged twice.";

/**
 * 120 customers (Tenant 001 and 061 with named contacts). Checkout errors from the 30 in
 * eu-west on app 5.2.0 open INC-1; webhook errors from the 30 in us-east on 5.1.0 open INC-2.
 * Tenant 061 is in neither.
 */
async function twoIncidents(restApi: RestApi) {
  const named: Record<string, string> = { cus_001: "Ada Lovelace", cus_061: "Grace Hopper" };
  const directory = segmentedDirectory(30).map((c) =>
    named[c.id] ? { ...c, contacts: [{ email: c.contacts![0].email, name: named[c.id] }] } : c,
  );
  expect((await restApi.putCustomers(directory)).status()).toBe(200);
  expect(
    (await restApi.postEvents(checkoutErrors(directory.filter(inSegment), "x1"))).status(),
  ).toBe(202);
  const webhookErrors = checkoutErrors(directory.slice(90), "x2").map((e) => ({
    ...e,
    service: "webhook-dispatcher",
    error: { type: "WebhookDeliveryTimeout", message: "Endpoint did not answer in 10s" },
  }));
  expect((await restApi.postEvents(webhookErrors)).status()).toBe(202);
}

/** The commander tells INC-1's customers, through the incident page's composer. */
async function sendUpdate(page: Page, workspace: Workspace) {
  await page.goto(workspace.path("incidents/1"));
  await page.getByTestId("post-update").click();
  const composer = page.getByRole("dialog").filter({ hasText: "Post an update" });
  await composer.getByLabel("Title").fill(UPDATE_TITLE);
  await composer.getByLabel("What customers should know").fill(UPDATE_BODY);
  await composer.getByTestId("review-update").click();
  await expect(page.getByTestId("review-recipients")).toHaveText("30");
  await page.getByTestId("send-update").click();
  await expect(page.getByTestId("updates-card").getByTestId("update-1")).toContainText("Sent");
}

/** Settings → Extension, where the extension's options page sends the agent. */
async function openExtensionSettings(page: Page, workspace: Workspace) {
  await page.goto(workspace.path("incidents"));
  await openSettingsTab(page, workspace, "Extension", "extension");
  await expect(page.getByRole("heading", { name: "Support extension" })).toBeVisible();
}

test("an agent connects through the dashboard, sees the incident beside tickets, inserts the update and reports customers", async ({
  page,
  baseURL,
  account,
  workspace,
  restApi,
  extension,
}) => {
  await twoIncidents(restApi);
  await sendUpdate(page, workspace);

  // --- Connect: options → the dashboard's /extension/connect → connected.html -----------
  const options = await extension.open("options.html");
  await expect(options.getByText("Connect to your server")).toBeVisible();
  await extension.shot(options, "options-disconnected");
  await options.getByLabel("Server address").fill(baseURL!);
  const [tab] = await Promise.all([
    extension.context.waitForEvent("page"),
    options.getByRole("button", { name: "Connect through the dashboard" }).click(),
  ]);
  // This browser is not signed in to the dashboard: sign in, and come back to connect.
  await expect(tab).toHaveURL(/\/sign-in\?next=%2Fextension%2Fconnect/);
  // Enabled once the page's script has taken the form over (typing before that is lost).
  await expect(tab.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await tab.getByLabel("Email", { exact: true }).fill(account.email);
  await tab.getByLabel("Password", { exact: true }).fill(account.password);
  await tab.getByRole("button", { name: "Sign in" }).click();
  await expect(
    tab.getByRole("heading", { name: "Connect the Blastradius extension" }),
  ).toBeVisible();
  await expect(tab).toHaveURL(new RegExp(`extension_id=${EXTENSION_ID}`));
  await expect(tab.getByLabel("Workspace")).toHaveValue(workspace.slug);
  await tab.getByLabel("This browser").fill("Chromium at the support desk");
  await extension.shot(tab, "dashboard-connect");
  const visited: string[] = [];
  tab.on("framenavigated", (frame) => {
    if (frame === tab.mainFrame()) visited.push(frame.url());
  });
  await Promise.all([
    tab.waitForEvent("close"), // connected.html hands the token over, and the worker closes it
    tab.getByRole("button", { name: "Connect", exact: true }).click(),
  ]);
  expect(
    visited.some((u) => u.startsWith(`chrome-extension://${EXTENSION_ID}/connected.html`)),
  ).toBe(true);

  await expect(options.getByTestId("options-connected")).toBeVisible();
  await expect(options.getByTestId("options-user")).toHaveText(
    `${account.name} (${account.email})`,
  );
  await expect(options.getByTestId("options-workspace")).toHaveText(`${workspace.name} · admin`);
  await extension.shot(options, "options-connected");

  // --- The toolbar badge and the popup ----------------------------------------------------
  await expect.poll(() => extension.badge()).toBe("2");
  const popup = await extension.open("popup.html");
  await expect(popup.getByTestId("popup-workspace")).toHaveText(workspace.name);
  await expect(popup.getByTestId("popup-incident")).toHaveCount(2);
  const inc1 = popup.getByTestId("popup-incident").filter({ hasText: "INC-1" });
  await expect(inc1).toContainText("Investigating");
  await expect(inc1).toContainText("SEV3");
  await expect(inc1.getByTestId("popup-affected")).toHaveText("30");
  await expect(inc1.getByTestId("popup-update")).toHaveText(UPDATE_BODY);
  await expect(inc1).toContainText("Update #1");
  await expect(inc1.getByRole("button", { name: "Copy" })).toBeVisible();
  const inc2 = popup.getByTestId("popup-incident").filter({ hasText: "INC-2" });
  await expect(inc2.getByTestId("popup-affected")).toHaveText("30");
  await expect(inc2).toContainText("No update sent to customers yet.");
  await expect(popup.getByText("2 active incidents")).toBeVisible();
  await extension.shot(popup, "popup");

  // --- Zendesk: Ada's ticket has the banner; Insert reply; Report affected -----------------
  const zendesk = await extension.openTicket("zendesk", { r1: ADA, r2: GRACE });
  const banner = zendesk.getByTestId("br-banner");
  await expect(banner).toBeVisible();
  await expect(banner.getByTestId("br-incident")).toHaveCount(1);
  await expect(banner.getByTestId("br-incident")).toHaveAttribute("data-incident", "INC-1");
  await expect(banner.getByTestId("br-incident")).toContainText("This customer is seen failing.");
  await expect(banner.getByTestId("br-incident-status")).toHaveText("Investigating");
  await expect(banner.getByTestId("br-update")).toHaveText(UPDATE_BODY);
  await extension.shot(zendesk, "banner-zendesk");

  await banner.getByTestId("br-insert").click();
  await expect(banner.getByTestId("br-status")).toHaveText("Inserted into the reply.");
  const reply = zendesk.getByRole("textbox", { name: "Public reply composer" });
  // The greeting, a blank line, the update (the editor keeps lines as blocks: compare words).
  await expect(reply).toHaveText(`Hi Ada,\n\n${UPDATE_BODY}`, { useInnerText: true });
  await extension.shot(zendesk, "banner-zendesk-inserted");

  // Ada's webhooks fail too: add her to INC-2, whose audience she is not in.
  await banner.getByTestId("br-report-open").click();
  await expect(banner.getByTestId("br-report-incident")).toHaveValue("INC-2");
  await banner.getByTestId("br-report-note").fill("Their order webhooks stopped arriving too");
  await extension.shot(zendesk, "banner-zendesk-report");
  await banner.getByTestId("br-report-submit").click();
  await expect(banner.getByTestId("br-status")).toHaveText(
    "Reported: Ada Lovelace added to INC-2.",
  );
  // And something no incident covers yet.
  await banner.getByTestId("br-report-open").click();
  await banner.getByLabel("By a problem we do not know of yet").check();
  await banner.getByTestId("br-report-note").fill("Invoice PDFs download empty");
  await banner.getByTestId("br-report-submit").click();
  await expect(banner.getByTestId("br-status")).toHaveText("Reported as a suspected new problem.");

  // The next ticket, without a reload, is Grace's: in no incident, so no banner; back to Ada's.
  await zendesk.getByTestId("next-ticket").click();
  await expect(zendesk).toHaveURL(/\/agent\/tickets\/1043/);
  await expect(banner).toHaveCount(0);
  await zendesk.getByTestId("next-ticket").click();
  await expect(zendesk).toHaveURL(/\/agent\/tickets\/1042/);
  await expect(banner).toBeVisible();

  // --- Gmail: a new look at Ada names both incidents now ----------------------------------
  const gmail = await extension.openTicket("gmail", { r1: ADA, r2: GRACE });
  const gmailBanner = gmail.getByTestId("br-banner");
  await expect(gmailBanner.getByTestId("br-incident")).toHaveCount(2);
  await expect(gmailBanner.locator('[data-incident="INC-2"]')).toContainText(
    "This customer is added by hand.",
  );
  await gmailBanner.locator('[data-incident="INC-1"]').getByTestId("br-insert").click();
  await expect(gmail.getByRole("textbox", { name: "Message Body" })).toContainText("Hi Ada,");
  await extension.shot(gmail, "banner-gmail");

  // --- The commander sees what the agent did ---------------------------------------------
  await page.goto(workspace.path("incidents/2"));
  const added = page
    .getByTestId("affected-customers")
    .getByRole("row")
    .filter({ hasText: "Tenant 001" });
  await expect(added).toContainText(`added by ${account.name}`);
  const timeline = page.getByTestId("activity-timeline");
  const reported = timeline.locator("li").filter({ hasText: "as affected from a ticket" });
  await expect(reported).toContainText(
    `${account.name} reported Tenant 001 as affected from a ticket`,
  );
  await expect(reported.getByTestId("activity-note")).toHaveText(
    "Their order webhooks stopped arriving too",
  );

  await page.goto(workspace.path("incidents/1"));
  await expect(page.getByTestId("activity-timeline")).toContainText(
    `${account.name} inserted update #1 into a reply to Tenant 001`,
  );

  await page.goto(workspace.path("incidents"));
  const groups = page.getByTestId("report-groups");
  await expect(page.getByRole("heading", { name: "Reported from support" })).toBeVisible();
  const group = groups.locator(":scope > li").filter({ hasText: "Invoice PDFs download empty" });
  await expect(group).toContainText("1 customer · first just now");
  const report = group.locator("li").filter({ hasText: "Tenant 001" });
  await expect(report).toContainText("Tenant 001: “Invoice PDFs download empty”");
  await expect(report).toContainText(`— ${account.name}, just now`);
  await expect(report.getByRole("link", { name: "ticket" })).toHaveAttribute(
    "href",
    /^https:\/\/acme\.zendesk\.com\/agent\/tickets\/1042\?/,
  );

  await openExtensionSettings(page, workspace);
  const token = page.getByRole("row").filter({ hasText: "Chromium at the support desk" });
  await expect(token).toContainText("Connected");
  await expect(token).toContainText("Active");
});

test("a pasted token connects the extension, and revoking it in Settings signs the extension out at once", async ({
  page,
  workspace,
  restApi,
  extension,
}) => {
  await twoIncidents(restApi);

  await openExtensionSettings(page, workspace);
  await expect(page.getByText("No extension connected yet")).toBeVisible();
  await page.getByRole("button", { name: "Create token" }).click();
  const form = dialogTitled(page, "Create extension token");
  await form.getByLabel("Name").fill("Pasted into Chromium");
  await form.getByRole("button", { name: "Create token" }).click();
  const shown = dialogTitled(page, "Paste this token into the extension");
  const secret = await shown.getByTestId("extension-token-secret").inputValue();
  expect(secret).toMatch(/^brx_/);
  const server = await shown.getByRole("textbox", { name: "Server address" }).inputValue();
  await shown.getByRole("button", { name: "I have pasted the token" }).click();

  const options = await extension.open("options.html");
  await options.getByLabel("Server address").fill(server);
  await options.getByText("Paste a token instead").click();
  await expect(
    options.getByText("Create one in the dashboard under Settings → Extension."),
  ).toBeVisible();
  await options.getByLabel("Extension token").fill(secret);
  await options.getByRole("button", { name: "Connect with this token" }).click();
  await expect(options.getByTestId("options-workspace")).toHaveText(`${workspace.name} · admin`);
  await expect.poll(() => extension.badge()).toBe("2");
  const zendesk = await extension.openTicket("zendesk", { r1: ADA, r2: GRACE });
  await expect(zendesk.getByTestId("br-banner")).toBeVisible();

  const row = page.getByRole("row").filter({ hasText: "Pasted into Chromium" });
  await expect(row).toContainText("Pasted");
  await row.getByRole("button", { name: "Revoke Pasted into Chromium" }).click();
  const confirm = dialogTitled(page, "Revoke “Pasted into Chromium”?");
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Revoked");

  // The ticket's next lookup is refused: the banner goes, and the extension asks to reconnect.
  await zendesk.reload();
  await expect.poll(() => extension.badge()).toBe("!");
  await expect(zendesk.getByTestId("br-banner")).toHaveCount(0);
  const popup = await extension.open("popup.html");
  await expect(popup.getByTestId("popup-reconnect")).toContainText("Reconnect needed");
  await extension.shot(popup, "popup-reconnect");
  await expect(options.getByTestId("options-reconnect")).toBeVisible();
  await extension.shot(options, "options-reconnect");
});
