/**
 * The whole story of a large update, as two people live it: the workspace's approval threshold
 * is lowered to 10, a commander writes an update to an incident's 30 affected customers and
 * may not send it alone; a second commander, invited by link, approves it; its 30 emails
 * arrive in the built-in mailbox, each as its customer reads it, and the link in one opens that
 * customer's notice page with the update. (The banner in the customer's own app: notices.spec.)
 */
import { expect, randomClientAddress, test } from "./fixtures";
import { checkoutErrors, inSegment, segmentedDirectory } from "./support/customers";
import { signUp } from "./support/flows";
import { uniqueSuffix } from "./support/unique";

test("a large update waits for a second commander, then reaches every inbox and notice page", async ({
  page,
  snap,
  workspace,
  restApi,
  browser,
  baseURL,
}) => {
  const directory = segmentedDirectory(30);
  expect((await restApi.putCustomers(directory)).status()).toBe(200);
  const hit = directory.filter(inSegment);
  expect((await restApi.postEvents(checkoutErrors(hit, "a"))).status()).toBe(202);

  // The admin lowers the approval threshold to 10 customers.
  await page.goto(workspace.path("settings/messaging"));
  await page.getByLabel("Approval threshold").fill("10");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  // …and invites a second commander.
  const second = {
    name: `Bea Second ${uniqueSuffix()}`,
    email: `bea.${uniqueSuffix()}@e2e.example`,
    password: `battery-staple-${uniqueSuffix()}`,
  };
  await page.goto(workspace.path("settings/members"));
  await page.getByLabel("Email", { exact: true }).fill(second.email);
  await page.getByLabel("Role").selectOption("commander");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const inviteLink = await page.getByTestId("invite-link").inputValue();

  // The first commander writes the update: over the threshold, it asks for approval.
  const title = "Checkout fails for app 5.2.0 in eu-west";
  await page.goto(workspace.path("incidents/1"));
  await page.getByTestId("post-update").click();
  const composer = page.getByRole("dialog").filter({ hasText: "Post an update" });
  await composer.getByLabel("Title").fill(title);
  await composer
    .getByLabel("What customers should know")
    .fill("Payments from **app 5.2.0** fail. We are on it and will write again within the hour.");
  await composer.getByTestId("review-update").click();
  const review = page.getByTestId("update-review");
  await expect(review.getByTestId("review-recipients")).toHaveText("30");
  await expect(review).toContainText("a commander other than you must approve it");
  await snap("review-needs-approval");
  await expect(page.getByTestId("send-update")).toHaveText(/Request approval/);
  await page.getByTestId("send-update").click();
  await expect(page.getByRole("dialog")).toBeHidden();

  const row = page.getByTestId("updates-card").getByTestId("update-1");
  await expect(row).toContainText("Awaiting approval");
  await expect(row.getByTestId("approve-update")).toBeDisabled();
  await expect(row).toContainText("You wrote it, so another commander must approve it.");
  await expect(page.getByTestId("activity-timeline")).toContainText(
    "asked for approval to send update #1 investigating to 30 recipients",
  );
  await snap("awaiting-approval");

  // The second commander joins through the link and approves.
  // Another person, on another machine: their own client address (see e2e/fixtures.ts).
  const context = await browser.newContext({
    baseURL,
    extraHTTPHeaders: { "X-Forwarded-For": randomClientAddress() },
  });
  const other = await context.newPage();
  const otherSnap = async (name: string) => {
    await other.screenshot({
      path: test.info().outputPath(`${name}.png`),
      fullPage: true,
    });
  };
  await signUp(other, otherSnap, second);
  await other.goto(inviteLink);
  await other.getByRole("button", { name: /Accept and join/ }).click();
  await expect(other).toHaveURL(new RegExp(`/w/${workspace.slug}/`));
  await other.goto(workspace.path("incidents/1"));
  const theirRow = other.getByTestId("updates-card").getByTestId("update-1");
  await expect(theirRow.getByTestId("approve-update")).toBeEnabled();
  await theirRow.getByTestId("approve-update").click();
  await expect(theirRow).toContainText("Sent");
  await expect(theirRow.getByTestId("update-recipients")).toHaveText("30 recipients");
  await expect(other.getByTestId("activity-timeline")).toContainText(
    "approved update #1 investigating to 30 recipients",
  );
  await context.close();

  // Delivered to the built-in mailbox: 30 emails, one per contact.
  await page.reload();
  await expect(row.getByTestId("delivery-sent")).toContainText("30", { timeout: 30_000 });
  await snap("sent");

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Mailbox" })
    .click();
  await expect(page).toHaveURL(workspace.path("mailbox"));
  const list = page.getByTestId("mailbox-list");
  await expect(list.getByRole("listitem")).toHaveCount(30);
  await list.getByTestId("mailbox-row").first().click();
  await expect(page.getByTestId("email-headers")).toContainText("List-Unsubscribe=One-Click");
  const email = page.frameLocator('[data-testid="email-frame"]');
  await expect(email.locator("body")).toContainText(title);
  await snap("mailbox");

  // The email's link opens that customer's notice page, with the update.
  const notice = await email
    .getByRole("link", { name: "See the status of this issue" })
    .getAttribute("href");
  expect(notice).toMatch(/\/notice\//);
  await page.goto(notice!);
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await snap("notice-page");
});
