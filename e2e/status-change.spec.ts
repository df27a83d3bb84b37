/**
 * A status change carries words: a step of the stepper opens the change with a note for the
 * timeline; telling customers is optional. Steps the incident never went through show as
 * skipped, not ticked.
 */
import { expect, test } from "./fixtures";
import { checkoutErrors, inSegment, segmentedDirectory } from "./support/customers";
import { dialogTitled } from "./support/flows";

test("moving an incident asks for a note, can tell customers, and shows skipped steps", async ({
  page,
  snap,
  workspace,
  restApi,
}) => {
  const directory = segmentedDirectory(30);
  expect((await restApi.putCustomers(directory)).status()).toBe(200);
  const hit = directory.filter(inSegment);
  expect((await restApi.postEvents(checkoutErrors(hit, "s"))).status()).toBe(202);

  await page.goto(workspace.path("incidents/1"));
  await expect(page.getByTestId("incident-ref")).toHaveText("INC-1");
  const stepper = page.getByTestId("status-stepper");
  const step = (name: string) => stepper.locator("li").filter({ hasText: name });

  // Straight to Resolved, telling nobody: the note is required, the rest optional.
  await step("Resolved").getByRole("button").click();
  const resolve = dialogTitled(page, "Move INC-1 to Resolved");
  await expect(resolve).toBeVisible();
  await expect(resolve.getByTestId("tell-customers")).not.toBeChecked();
  const confirm = resolve.getByTestId("confirm-status");
  await expect(confirm).toHaveText("Move to Resolved");
  await expect(confirm).toBeDisabled();
  await resolve.getByLabel("What changed").fill("False alarm: the payment provider's sandbox.");
  await snap("resolve-dialog");
  await confirm.click();
  await expect(resolve).toBeHidden();

  await expect(step("Investigating")).toHaveAttribute("data-state", "done");
  await expect(step("Identified")).toHaveAttribute("data-state", "skipped");
  await expect(step("Monitoring")).toHaveAttribute("data-state", "skipped");
  await expect(step("Monitoring")).toContainText("Skipped");
  await expect(step("Resolved")).toHaveAttribute("data-state", "active");
  const timeline = page.getByTestId("activity-timeline");
  await expect(timeline.locator("li").first()).toContainText(
    "changed status from Investigating to Resolved",
  );
  await expect(timeline.getByTestId("activity-note").first()).toHaveText(
    "False alarm: the payment provider's sandbox.",
  );
  await snap("resolved-skipped-steps");

  // Reopened as Identified, and this time customers hear of it in the same step.
  await step("Identified").getByRole("button").click();
  const identify = dialogTitled(page, "Move INC-1 to Identified");
  await identify.getByLabel("What changed").fill("Not a false alarm: live EU cards time out too.");
  await identify.getByTestId("tell-customers").check();
  await identify.getByLabel("Title", { exact: true }).fill("Card payments fail in the EU");
  await identify
    .getByLabel("What customers should know")
    .fill("We know card payments fail for you and are fixing it.");
  await identify.getByTestId("review-update").click();
  const review = dialogTitled(page, "Review before sending");
  await expect(review.getByTestId("review-recipients")).toHaveText("30");
  await expect(review.getByTestId("send-update")).toHaveText(
    "Move to Identified and send to 30 contacts",
  );
  await review.getByTestId("send-update").click();
  await expect(review).toBeHidden();

  await expect(step("Identified")).toHaveAttribute("data-state", "active");
  await expect(page.getByTestId("updates-list")).toContainText("Card payments fail in the EU");
  await expect(timeline.getByTestId("activity-note").first()).toHaveText(
    "Not a false alarm: live EU cards time out too.",
  );
  await expect(timeline).toContainText("sent update #1 identified to 30 recipients");
  await snap("identified-and-told");
});
