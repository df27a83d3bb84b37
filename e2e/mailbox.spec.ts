/**
 * What the customers were told, from the dashboard: an update sent to an incident's audience
 * arrives in the built-in Mailbox (no RESEND_API_KEY here), where an email opens as its
 * recipient sees it; the customer's page lists the message with a link to that copy; and the
 * admin puts an address on the suppression list by hand and takes it off again.
 */
import { expect, test } from "./fixtures";
import { dialogTitled } from "./support/flows";
import { checkoutErrors, inSegment, segmentedDirectory } from "./support/customers";

const TITLE = "Card payments fail on app 5.2.0 in eu-west";

test("an update's emails are read in the Mailbox and on the customer's page; the admin manages suppressions", async ({
  page,
  snap,
  workspace,
  restApi,
}) => {
  // 25 failing customers: the default threshold at which an incident opens.
  const directory = segmentedDirectory(25);
  expect((await restApi.putCustomers(directory)).status()).toBe(200);
  const hit = directory.filter(inSegment);
  expect((await restApi.postEvents(checkoutErrors(hit, "mb"))).status()).toBe(202);

  // Nothing sent yet: the Mailbox explains where mail goes.
  await page.getByRole("link", { name: "Mailbox" }).click();
  await expect(page).toHaveURL(workspace.path("mailbox"));
  await expect(page.getByText("No email yet")).toBeVisible();
  await expect(page.getByText("stays empty")).toBeVisible();
  await snap("mailbox-empty");

  // Send an update to the incident's audience.
  await page.goto(workspace.path("incidents/1"));
  await page.getByTestId("post-update").click();
  const composer = page.getByRole("dialog").filter({ hasText: "Post an update" });
  await composer.getByLabel("Title").fill(TITLE);
  await composer
    .getByLabel("What customers should know")
    .fill("Payments from **app 5.2.0** time out.");
  await composer.getByTestId("review-update").click();
  await expect(page.getByTestId("update-review").getByTestId("review-recipients")).toHaveText(
    String(hit.length),
  );
  await page.getByTestId("send-update").click();
  await expect(page.getByTestId("updates-card").getByTestId("update-1")).toContainText("Sent");

  // The emails arrive in the Mailbox (it refreshes by itself).
  await page.getByRole("link", { name: "Mailbox" }).click();
  const rows = page.getByTestId("mailbox-row");
  await expect(rows).toHaveCount(hit.length, { timeout: 30_000 });
  await expect(page.getByText(`${hit.length} emails as their recipients got them`)).toBeVisible();
  await expect(page.getByText("Select an email")).toBeVisible();
  await snap("mailbox-list");

  const first = hit[0].contacts![0].email;
  await page.getByLabel("Search the mailbox").fill(first.slice(0, 9));
  await expect(rows).toHaveCount(1);
  await rows.first().click();
  const view = page.getByTestId("email-view");
  await expect(view.getByTestId("email-to")).toHaveText(first);
  await expect(view.getByTestId("email-headers")).toContainText(
    /List-Unsubscribe: <http.+\/unsubscribe\//,
  );
  await expect(view.getByTestId("email-headers")).toContainText(
    "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
  );
  // The body's first match is the hidden preheader: read the frame's body as a whole.
  const frame = page.frameLocator('[data-testid="email-frame"]');
  await expect(frame.locator("body")).toContainText(TITLE);
  await expect(view.getByTestId("email-incident-link")).toContainText("INC-1");
  await snap("mailbox-email");
  await page.getByRole("tab", { name: "Plain text" }).click();
  await expect(page.getByTestId("email-text")).toContainText(TITLE);

  // The customer's page lists the message, with a link back to the mailbox copy.
  await view.getByTestId("email-customer-link").click();
  await expect(page.getByTestId("customer-title")).toHaveText(hit[0].name!);
  const message = page.getByTestId("customer-message");
  await expect(message).toHaveCount(1);
  await expect(message).toContainText(TITLE);
  await expect(message).toContainText("INC-1");
  await expect(message).toContainText(`to ${first}`);
  await expect(message).toContainText("Sent");
  await message.scrollIntoViewIfNeeded();
  await snap("customer-messages");
  await message.getByTestId("message-mailbox-link").click();
  await expect(page.getByTestId("email-to")).toHaveText(first);

  // A customer outside the audience was sent nothing.
  const untouched = directory.find((c) => !inSegment(c))!;
  await page.goto(workspace.path("customers"));
  await page.getByLabel("Search customers").fill(untouched.id);
  await page.getByText(untouched.name!, { exact: true }).click();
  await expect(page.getByTestId("customer-title")).toHaveText(untouched.name!);
  await expect(page.getByText("No messages yet")).toBeVisible();
  await snap("customer-no-messages");

  // Settings → Suppressions: empty, then an address added and removed by the admin.
  await page.goto(workspace.path("settings/suppressions"));
  await expect(page.getByText("No suppressed addresses")).toBeVisible();
  await snap("suppressions-empty");
  await page.getByTestId("add-suppression").click();
  const add = dialogTitled(page, "Add an address to the suppression list");
  await add.getByLabel("Email address").fill("not-an-address");
  await add.getByTestId("confirm-add-suppression").click();
  await expect(add.getByText("Enter a valid email address")).toBeVisible();
  await add.getByLabel("Email address").fill("Legal.Hold@Tenant.example");
  await add.getByLabel("Note (optional)").fill("Asked not to be contacted");
  await snap("suppressions-add");
  await add.getByTestId("confirm-add-suppression").click();
  await expect(add).toBeHidden();
  const row = page.getByTestId("suppression-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("legal.hold@tenant.example");
  await expect(row).toContainText("Added by hand");
  await expect(row).toContainText("Asked not to be contacted");
  await expect(row).toContainText("by Ada Commander");
  await snap("suppressions-list");

  await row.getByRole("button", { name: "Remove legal.hold@tenant.example" }).click();
  const confirm = dialogTitled(page, "Remove legal.hold@tenant.example from the suppression list?");
  await expect(confirm).toContainText("later updates may write to");
  await snap("suppressions-remove");
  await confirm.getByRole("button", { name: "Remove" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText("No suppressed addresses")).toBeVisible();
});
