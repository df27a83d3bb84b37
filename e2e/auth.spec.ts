/** Getting in: a new person signs up and creates a workspace; a returning one signs in. */
import { expect, test } from "./fixtures";
import { createWorkspace, signIn, signOut, signUp } from "./support/flows";

test("a new person signs up, creates a workspace and lands in it", async ({
  page,
  snap,
  account,
}) => {
  await page.goto("/");
  // Signed out, the app starts at the sign-in page, which links to sign-up.
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("link", { name: "Create an account" })).toBeVisible();
  await snap("home-signed-out");

  await signUp(page, snap, account);
  const workspace = await createWorkspace(page, snap, account, `Globex Field Ops ${Date.now()}`);

  expect(workspace.slug).toMatch(/^globex-field-ops-\d+$/);
  // A brand-new workspace: no incidents yet, and the person is its admin.
  await expect(page.getByTestId("first-events")).toContainText("No incidents yet");
  await expect(page.getByRole("button", { name: "Switch workspace" })).toContainText("admin");
  await expect(page.getByRole("complementary")).toContainText(account.email);
  await snap("workspace-incidents");
});

test("a wrong password is refused with a message; the right one signs back in", async ({
  page,
  snap,
  account,
  workspace,
}) => {
  await signOut(page);
  await snap("signed-out");

  await signIn(page, snap, account.email, `${account.password}-typo`);
  // (Next.js keeps an empty role="alert" route announcer on every page, hence the filter.)
  await expect(
    page.getByRole("alert").filter({ hasText: "Wrong email or password." }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
  await snap("wrong-password");

  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(workspace.path("incidents"));
  await expect(page.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible();
  await snap("signed-in-again");
});

test("signing up with an email that has an account is refused", async ({
  page,
  snap,
  account,
  workspace,
}) => {
  await signOut(page);
  await page.goto("/sign-up");
  await expect(page.getByRole("button", { name: "Create account" })).toBeEnabled();
  await page.getByLabel("Name", { exact: true }).fill("Someone Else");
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill("another-password-123");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: "An account with this email already exists. Sign in instead." }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up$/);
  await snap("email-taken");
  // The workspace stays out of reach without signing in.
  await page.goto(workspace.path("incidents"));
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await snap("sign-in-required");
});

test("pressing Enter before the sign-in page's script runs never puts the password in the address", async ({
  page,
  account,
  workspace,
}) => {
  await signOut(page);
  const addresses: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) addresses.push(frame.url());
  });
  // A slow connection: the page's HTML is there, its JavaScript a moment later.
  await page.route("**/_next/static/chunks/**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.goto("/sign-in", { waitUntil: "commit" });
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  // Before the script runs the button is disabled, so Enter does not submit the form the
  // browser's way (a GET with the password in the query).
  await page.getByLabel("Password", { exact: true }).press("Enter");
  const signInButton = page.getByRole("button", { name: "Sign in" });
  await expect(signInButton).toBeEnabled();
  await page.unrouteAll({ behavior: "ignoreErrors" });

  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await signInButton.click();
  await expect(page).toHaveURL(workspace.path("incidents"));
  expect(addresses.filter((a) => a.includes("password"))).toEqual([]);
});
