/**
 * Telling the affected customers: from the incident page a commander writes a status update,
 * reviews exactly who receives it and the email they will read, sends it, and watches its
 * delivery counts. (The mail arriving in the built-in mailbox, the notice page and the banner
 * are added to this story once delivery and the customer's side land.)
 */
import { expect, test } from "./fixtures";
import { checkoutErrors, inSegment, segmentedDirectory } from "./support/customers";

test("a status update is composed, reviewed and sent to the incident's audience", async ({
  page,
  snap,
  workspace,
  restApi,
}) => {
  const directory = segmentedDirectory(30);
  expect((await restApi.putCustomers(directory)).status()).toBe(200);
  const hit = directory.filter(inSegment);
  expect((await restApi.postEvents(checkoutErrors(hit, "m"))).status()).toBe(202);

  await page.goto(workspace.path("incidents/1"));
  const card = page.getByTestId("updates-card");
  await expect(
    card.getByText("No updates yet — tell the 30 affected customers what is going on"),
  ).toBeVisible();
  await snap("no-updates");

  await page.getByTestId("post-update").click();
  const composer = page.getByRole("dialog").filter({ hasText: "Post an update" });
  await expect(composer.getByLabel("Status")).toHaveValue("investigating");
  await composer.getByLabel("Title").fill("Card payments fail on app 5.2.0 in eu-west");
  await composer
    .getByLabel("What customers should know")
    .fill("Payments from **app 5.2.0** time out.\n\n- Your cards are not charged twice.");
  await expect(composer.getByText("Default: Everyone in the chosen audience.")).toBeVisible();
  await snap("composer");
  await composer.getByTestId("review-update").click();

  const review = page.getByTestId("update-review");
  await expect(review.getByTestId("review-recipients")).toHaveText("30");
  await expect(review.getByTestId("review-customers")).toHaveText("30");
  await expect(review.getByTestId("review-excluded")).toHaveText("0");
  await expect(review.getByTestId("review-no-contact")).toHaveText("0");
  await expect(review.getByTestId("review-sample").getByRole("listitem")).toHaveCount(10);
  await expect(review.getByTestId("review-sample")).toContainText("observed failing");
  const email = page.frameLocator('[data-testid="review-email"]');
  await expect(email.locator("body")).toContainText("Card payments fail on app 5.2.0 in eu-west");
  await review.getByRole("tab", { name: "Plain text" }).click();
  await expect(review.getByText("Your cards are not charged twice.")).toBeVisible();
  await snap("review");

  await page.getByTestId("send-update").click();
  await expect(page.getByRole("dialog")).toBeHidden();
  const row = card.getByTestId("update-1");
  await expect(row).toContainText("Sent");
  await expect(row.getByTestId("update-recipients")).toHaveText("30 recipients");
  await expect(row.getByTestId("update-delivery")).toBeVisible();
  await expect(page.getByTestId("activity-timeline")).toContainText(
    "sent update #1 investigating to 30 recipients",
  );
  await snap("sent");

  // The next update is a follow-up by default and starts from the next status.
  await page.getByTestId("post-update").click();
  await expect(composer.getByLabel("Status")).toHaveValue("identified");
  await expect(
    composer.getByText(
      "Default: Everyone told before, plus customers in the audience not told yet.",
    ),
  ).toBeVisible();
});
