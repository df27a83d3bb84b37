/**
 * The segment engine in the commander's hands: errors arrive for most customers of one
 * segment, the incident page names that segment first with the figures that prove it, and
 * adopting it (named, as a saved segment) makes it the audience — including the segment's
 * customers who have not hit the error yet, the ones to warn before they notice.
 */
import { expect, test } from "./fixtures";
import { checkoutErrors, inSegment, segmentedDirectory } from "./support/customers";
import { dialogTitled } from "./support/flows";

test("the affected segment is named first, and adopting it sets the audience", async ({
  page,
  snap,
  workspace,
  restApi,
}) => {
  // 120 customers, 30 in each region × app_version cell; 25 of the 30 on eu-west with
  // app 5.2.0 fail (the workspace default opens an incident at 25 customers).
  const directory = segmentedDirectory(30);
  expect((await restApi.putCustomers(directory)).status()).toBe(200);
  const hit = directory.filter(inSegment).slice(0, 25);
  const posted = await restApi.postEvents(checkoutErrors(hit, "seg"));
  expect(await posted.json()).toEqual({ accepted: 25, duplicates: 0, rejected: [] });

  await page.goto(workspace.path("incidents/1"));
  const panel = page.getByTestId("segments-panel");
  const first = panel.locator('[data-testid="segment-row"][data-rank="1"]');
  await expect(first.getByTestId("segment-predicate")).toHaveText([
    "app_version = 5.2.0",
    "region = eu-west",
  ]);
  await expect(first.getByTestId("segment-support")).toHaveText("100%");
  await expect(first.getByTestId("segment-rate")).toHaveText("83.3%");
  // Nobody outside the segment fails, so there is no ratio to show.
  await expect(first.getByTestId("segment-risk")).toHaveText("only here");
  await expect(first).toContainText("nobody outside it is affected");
  await expect(first).toContainText("25 affected of 30 customers in the segment");
  await expect(page.getByTestId("segments-baseline")).toContainText(
    "25 affected customers compared with all 120 customers in the directory",
  );

  // Before: no rule, so only the 25 failing customers would be told.
  const audience = page.getByTestId("audience-card");
  await expect(audience).toContainText("No segment rule yet");
  await expect(audience.getByTestId("audience-total")).toHaveText("25");
  await snap("segments-before-adopting");

  // Adopting saves the rule as a workspace segment, so it asks for the name first (the
  // predicates, unless changed).
  await first.getByTestId("adopt-segment").click();
  const naming = dialogTitled(page, "Use as audience");
  await expect(naming.getByLabel("Segment name")).toHaveValue(
    "app_version = 5.2.0 · region = eu-west",
  );
  await naming.getByRole("button", { name: "Use as audience" }).click();
  await expect(naming).toBeHidden();
  await expect(first).toContainText("Audience");
  await expect(audience.getByTestId("audience-segment-name")).toHaveText(
    "app_version = 5.2.0 · region = eu-west",
  );
  await expect(audience.getByTestId("audience-in-segment")).toHaveText("30");
  await expect(audience).toContainText("of which 25 already failing");
  await expect(audience.getByTestId("audience-failing-outside")).toHaveText("0");
  await expect(audience.getByTestId("audience-added")).toHaveText("0");
  await expect(audience.getByTestId("audience-excluded")).toHaveText("0");
  await expect(audience.getByTestId("audience-total")).toHaveText("30");
  await expect(page.getByTestId("activity-timeline")).toContainText(
    "set the audience to segment app_version = 5.2.0 · region = eu-west",
  );
  await snap("segments-adopted");

  // The rule behind it, with its live preview; narrowing it to pro customers previews 15.
  await page.getByRole("button", { name: "Edit rule" }).click();
  const editor = page.getByTestId("rule-editor");
  await expect(editor.getByTestId("rule-condition")).toHaveCount(2);
  await expect(editor.getByTestId("rule-preview-count")).toHaveText("30");
  await editor.getByRole("button", { name: "Add condition" }).click();
  const added = editor.getByTestId("rule-condition").nth(2);
  await added.getByLabel("Attribute").fill("plan");
  await added.getByLabel("Value").fill("pro");
  await expect(editor.getByTestId("rule-preview-count")).toHaveText("15");
  await snap("segments-rule-editor");
  await page.getByTestId("rule-save").click();
  await expect(editor).toBeHidden();
  await expect(audience.getByTestId("audience-in-segment")).toHaveText("15");
  // 12 of the 25 failing customers are on pro; the other 13 stay in the audience as failing
  // outside the segment, whatever the rule says.
  await expect(audience).toContainText("of which 12 already failing");
  await expect(audience.getByTestId("audience-failing-outside")).toHaveText("13");
  await expect(audience.getByTestId("audience-total")).toHaveText("28");

  // Taking one customer out by hand: the list says why each one is in, and the counts follow.
  await audience.getByRole("button", { name: "View members" }).click();
  const members = page.getByTestId("audience-members");
  await expect(members.getByTestId("audience-member")).toHaveCount(25);
  const firstMember = members.getByTestId("audience-member").first();
  await expect(firstMember).toContainText("cus_001");
  await expect(firstMember).toContainText("failing");
  await expect(firstMember).toContainText("owner-001@tenant.example");
  await snap("segments-members");
  await firstMember.getByRole("button", { name: "Exclude" }).click();
  await expect(audience.getByTestId("audience-excluded")).toHaveText("−1");
  await expect(audience.getByTestId("audience-total")).toHaveText("27");
  await members.getByRole("tab", { name: "Excluded by hand" }).click();
  await expect(members.getByTestId("audience-member")).toHaveCount(1);
  await expect(members.getByTestId("audience-member")).toContainText("cus_001");
});
