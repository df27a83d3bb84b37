/**
 * Every page of the app, at desktop (1440×900) and phone (390×844) width, against WCAG 2 A and
 * AA as axe-core checks them: any violation of serious or critical impact fails, listed page by
 * page with the elements and axe's reason. On each page nothing may scroll sideways, and a
 * full-page screenshot goes to test-results/pages/<page>-<desktop|phone>.png for a person to look at.
 *
 * One workspace serves every page, seeded once the way the other specs do it: a directory with
 * one clearly hit segment, an incident opened by its errors, the segment adopted as the audience,
 * an update sent (so the mailbox, the notice page and the unsubscribe page exist), an invite, a
 * suppressed address and an extension token (so the settings tables have rows).
 */
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { expect, randomClientAddress, test } from "./fixtures";
import { overflowingElements, seriousViolations, settled } from "./support/a11y";
import { SEGMENT, checkoutErrors, inSegment, segmentedDirectory } from "./support/customers";
import { dialogTitled, type Workspace } from "./support/flows";
import type { DirectoryCustomer, RestApi } from "./support/rest-api";

const VIEWPORTS = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
type Viewport = keyof typeof VIEWPORTS;

const UPDATE_TITLE = "Card payments fail on app 5.2.0 in eu-west";

/** A customer with more attributes than a directory row shows, so the row says "+N". */
const WELL_DESCRIBED: DirectoryCustomer = {
  id: "cus_900",
  name: "Globex Corporation",
  attributes: {
    region: "us-east",
    app_version: "5.1.0",
    plan: "enterprise",
    seats: 250,
    country: "IE",
    industry: "manufacturing",
    sso: true,
    billing: "invoice",
    csm: "Dana",
  },
  contacts: [{ email: "it@globex.example" }, { email: "cto@globex.example" }],
};

interface PageCheck {
  name: string;
  /** Signed-out pages open in a browser without the account's session. */
  signedOut?: boolean;
  /** Opens the page and waits for what a person would see. */
  open: (page: Page) => Promise<void>;
}

/** What the seeded workspace offers to link to. */
interface Seeded {
  workspace: Workspace;
  customerPath: string;
  emailId: string;
  noticeUrl: string;
  unsubscribeUrl: string;
  inviteUrl: string;
}

function pages(s: Seeded): PageCheck[] {
  const w = s.workspace;
  const heading = (page: Page, name: string | RegExp) =>
    expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const settings = (tab: string, title: string): PageCheck => ({
    name: `settings-${tab}`,
    open: async (page) => {
      await page.goto(w.path(`settings/${tab}`));
      await expect(page.getByRole("heading", { name: title }).first()).toBeVisible();
    },
  });
  return [
    {
      name: "sign-in",
      signedOut: true,
      open: async (page) => {
        await page.goto("/sign-in");
        await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
      },
    },
    {
      name: "sign-up",
      signedOut: true,
      open: async (page) => {
        await page.goto("/sign-up");
        await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
      },
    },
    {
      name: "invite",
      signedOut: true,
      open: async (page) => {
        await page.goto(s.inviteUrl);
        await expect(page.getByText(w.name).first()).toBeVisible();
      },
    },
    {
      name: "onboarding",
      open: async (page) => {
        await page.goto("/onboarding");
        await expect(page.getByRole("heading", { name: "Create another workspace" })).toBeVisible();
      },
    },
    {
      name: "incidents",
      open: async (page) => {
        await page.goto(w.path("incidents"));
        await expect(page.getByTestId("incident-row")).toHaveCount(1);
      },
    },
    {
      name: "incident",
      open: async (page) => {
        await page.goto(w.path("incidents/1"));
        await expect(page.getByTestId("segment-row").first()).toBeVisible();
        await expect(page.getByTestId("updates-card").getByTestId("update-1")).toContainText(
          "Sent",
        );
        await expect(page.getByTestId("affected-customers").getByRole("row")).toHaveCount(1 + 25);
      },
    },
    {
      name: "incident-audience-members",
      open: async (page) => {
        await page.goto(w.path("incidents/1"));
        await page
          .getByTestId("audience-card")
          .getByRole("button", { name: "View members" })
          .click();
        await expect(page.getByTestId("audience-member")).toHaveCount(25);
      },
    },
    {
      name: "customers",
      open: async (page) => {
        await page.goto(w.path("customers"));
        await expect(page.getByTestId("customers-total")).toHaveText("121 customers");
      },
    },
    {
      name: "customer",
      open: async (page) => {
        await page.goto(s.customerPath);
        await expect(page.getByTestId("customer-message")).toHaveCount(1);
      },
    },
    {
      name: "customers-import",
      open: async (page) => {
        await page.goto(w.path("customers/import"));
        await heading(page, "Import customers");
      },
    },
    {
      name: "customers-import-mapping",
      open: async (page) => {
        await page.goto(w.path("customers/import"));
        await page.getByLabel("CSV file").setInputFiles({
          name: "customers.csv",
          mimeType: "text/csv",
          buffer: Buffer.from(
            "Customer ID,Account,Email,Region,Seats\nacc-1,Northwind,ops@northwind.example,eu-west,12\nacc-2,Contoso,not-an-email,,lots\n",
          ),
        });
        await expect(page.getByTestId("import-error-count")).toHaveText("1");
      },
    },
    {
      name: "mailbox",
      open: async (page) => {
        await page.goto(w.path("mailbox"));
        await expect(page.getByTestId("mailbox-row")).toHaveCount(30);
      },
    },
    {
      name: "mailbox-email",
      open: async (page) => {
        await page.goto(`${w.path("mailbox")}?email=${s.emailId}`);
        await expect(
          page.frameLocator('[data-testid="email-frame"]').locator("body"),
        ).toContainText(UPDATE_TITLE);
      },
    },
    settings("general", "Workspace"),
    settings("members", "Members"),
    settings("api-keys", "API keys"),
    settings("extension", "Support extension"),
    settings("messaging", "Notice keys"),
    settings("templates", "Message templates"),
    settings("suppressions", "Suppression list"),
    {
      name: "notice",
      signedOut: true,
      open: async (page) => {
        await page.goto(s.noticeUrl);
        await expect(page.getByRole("heading", { name: UPDATE_TITLE })).toBeVisible();
      },
    },
    {
      name: "unsubscribe",
      signedOut: true,
      open: async (page) => {
        await page.goto(s.unsubscribeUrl);
        await expect(page.getByRole("heading", { name: "Email preferences" })).toBeVisible();
      },
    },
    {
      name: "not-found",
      open: async (page) => {
        const response = await page.goto("/no-such-page");
        expect(response?.status()).toBe(404);
        await expect(page.getByText("This page does not exist")).toBeVisible();
      },
    },
  ];
}

/** The account's workspace, seeded through the REST API and the dashboard as people would. */
async function seed(page: Page, workspace: Workspace, restApi: RestApi): Promise<Seeded> {
  const directory = [...segmentedDirectory(30), WELL_DESCRIBED];
  expect((await restApi.putCustomers(directory)).status()).toBe(200);
  const hit = directory.filter(inSegment);
  expect((await restApi.postEvents(checkoutErrors(hit, "a11y"))).status()).toBe(202);

  // The leading segment becomes the audience; an update goes to all of it.
  await page.goto(workspace.path("incidents/1"));
  const first = page.locator('[data-testid="segment-row"][data-rank="1"]');
  await first.getByTestId("adopt-segment").click();
  const naming = dialogTitled(page, "Use as audience");
  await naming.getByRole("button", { name: "Use as audience" }).click();
  await expect(naming).toBeHidden();
  await page.getByTestId("post-update").click();
  const composer = page.getByRole("dialog").filter({ hasText: "Post an update" });
  await composer.getByLabel("Title").fill(UPDATE_TITLE);
  await composer
    .getByLabel("What customers should know")
    .fill(
      `Payments from **app ${SEGMENT.app_version}** time out.\n\n- Cards are not charged twice.`,
    );
  await composer.getByTestId("review-update").click();
  await page.getByTestId("send-update").click();
  await expect(page.getByTestId("updates-card").getByTestId("update-1")).toContainText("Sent");

  // The update's emails in the mailbox; one of them opened for its links.
  await page.goto(workspace.path("mailbox"));
  await expect(page.getByTestId("mailbox-row")).toHaveCount(hit.length, { timeout: 30_000 });
  await page.getByTestId("mailbox-row").first().click();
  await expect(page).toHaveURL(/[?&]email=/);
  const emailId = new URL(page.url()).searchParams.get("email")!;
  const frame = page.frameLocator('[data-testid="email-frame"]');
  const noticeUrl = await frame
    .getByRole("link", { name: "See the status of this issue" })
    .getAttribute("href");
  const unsubscribeUrl = await frame
    .locator('a[href*="/unsubscribe/"]:not([href*="/api/"])')
    .first()
    .getAttribute("href");
  const customerPath = await page.getByTestId("email-customer-link").getAttribute("href");

  // An open invitation, a suppressed address and an extension token, so those settings show rows.
  await page.goto(workspace.path("settings/members"));
  await page.getByLabel("Email", { exact: true }).fill("teammate@acme.example");
  await page.getByLabel("Role").selectOption("responder");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const inviteUrl = await page.getByTestId("invite-link").inputValue();
  await page.goto(workspace.path("settings/suppressions"));
  await page.getByTestId("add-suppression").click();
  const add = dialogTitled(page, "Add an address to the suppression list");
  await add.getByLabel("Email address").fill("legal.hold@tenant.example");
  await add.getByLabel("Note (optional)").fill("Asked not to be contacted");
  await add.getByTestId("confirm-add-suppression").click();
  await expect(add).toBeHidden();
  await page.goto(workspace.path("settings/extension"));
  await page.getByRole("button", { name: "Create token" }).click();
  const create = dialogTitled(page, "Create extension token");
  await create.getByLabel("Name").fill("Chromium at the support desk");
  await create.getByRole("button", { name: "Create token" }).click();
  const shown = dialogTitled(page, "Paste this token into the extension");
  await shown.getByRole("button", { name: "I have pasted the token" }).click();
  await expect(shown).toBeHidden();

  return {
    workspace,
    customerPath: customerPath!,
    emailId,
    noticeUrl: noticeUrl!,
    unsubscribeUrl: unsubscribeUrl!,
    inviteUrl,
  };
}

async function signedOutPage(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({
    baseURL,
    extraHTTPHeaders: { "X-Forwarded-For": randomClientAddress() },
  });
  return { page: await context.newPage(), close: () => context.close() };
}

test("every page passes axe's WCAG A/AA checks and fits a phone without sideways scrolling", async ({
  page,
  workspace,
  restApi,
  browser,
  baseURL,
}, testInfo) => {
  // ~22 pages × 2 widths, each opened, screenshotted and checked, after the seeding.
  test.setTimeout(6 * 60_000);
  const seeded = await seed(page, workspace, restApi);
  const anonymous = await signedOutPage(browser, baseURL);
  const failures: string[] = [];
  const record = (label: string, findings: string[]) => {
    if (findings.length > 0) failures.push(`${label}:\n  ${findings.join("\n  ")}`);
  };
  try {
    for (const check of pages(seeded)) {
      for (const viewport of Object.keys(VIEWPORTS) as Viewport[]) {
        const label = `${check.name}-${viewport}`;
        await test.step(label, async () => {
          const p = check.signedOut ? anonymous.page : page;
          await p.setViewportSize(VIEWPORTS[viewport]);
          await check.open(p);
          await settled(p);
          await p.screenshot({
            path: path.join(testInfo.project.outputDir, "pages", `${label}.png`),
            fullPage: true,
            animations: "disabled",
          });

          const sideways = await overflowingElements(p);
          record(label, sideways ? [sideways] : []);
          record(label, await seriousViolations(p));
        });
      }
    }
  } finally {
    await anonymous.close();
  }
  expect(failures, `\n${failures.join("\n\n")}\n`).toEqual([]);
});
