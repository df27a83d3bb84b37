/**
 * What a person does in the dashboard, one step at a time: sign up, create a workspace,
 * create an API key, sign in and out. Fixtures compose these; specs call them to tell a story.
 * Every step waits for what the person would see next, and screenshots each page it visits.
 */
import { expect, type Page } from "@playwright/test";

export type Snap = (name: string) => Promise<void>;

export interface Account {
  name: string;
  email: string;
  password: string;
}

export interface Workspace {
  name: string;
  slug: string;
  /** The workspace's address for a path inside it: `path("customers")` → `/w/<slug>/customers`. */
  path: (sub: string) => string;
}

export type ApiKeyScope = "ingest" | "read";

export async function signUp(page: Page, snap: Snap, account: Account) {
  await page.goto("/sign-up");
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  // Enabled once the page's script has taken the form over (typing before that is lost).
  await expect(page.getByRole("button", { name: "Create account" })).toBeEnabled();
  await page.getByLabel("Name", { exact: true }).fill(account.name);
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await snap("sign-up");
  await page.getByRole("button", { name: "Create account" }).click();
  // A new account has no workspace yet, so the home page sends it to onboarding.
  await expect(page).toHaveURL(/\/onboarding$/);
}

/** Onboarding: name the workspace, wait for its URL to be confirmed free, create it. */
export async function createWorkspace(
  page: Page,
  snap: Snap,
  account: Account,
  name: string,
): Promise<Workspace> {
  const firstName = account.name.split(" ")[0];
  await expect(page.getByRole("heading", { name: `Welcome, ${firstName}` })).toBeVisible();
  await page.getByLabel("Workspace name").fill(name);
  await expect(page.getByText("Available")).toBeVisible();
  const slug = await page.getByLabel("URL").inputValue();
  await snap("onboarding");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(`/w/${slug}/incidents`);
  await expect(page.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Switch workspace" })).toContainText(name);
  return { name, slug, path: (sub) => `/w/${slug}/${sub}` };
}

export async function signIn(page: Page, snap: Snap, email: string, password: string) {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await snap("sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

/** The modal dialog showing `title`. */
export const dialogTitled = (page: Page, title: string) =>
  page.getByRole("dialog").filter({ has: page.getByRole("heading", { name: title }) });

/** Settings in the main navigation, then one of its tabs, by the links a person clicks. */
export async function openSettingsTab(page: Page, workspace: Workspace, tab: string, path: string) {
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Settings" })
    .click();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: tab }).click();
  await expect(page).toHaveURL(workspace.path(`settings/${path}`));
}

/**
 * Settings → API keys → Create API key, with exactly `scopes` ticked. Returns the key as the
 * page shows it (once), after closing the dialog that shows it.
 */
export async function createApiKey(
  page: Page,
  snap: Snap,
  workspace: Workspace,
  opts: { name: string; scopes: ApiKeyScope[] },
): Promise<string> {
  await openSettingsTab(page, workspace, "API keys", "api-keys");
  await expect(page.getByRole("heading", { name: "API keys", exact: true })).toBeVisible();
  await snap("api-keys");

  await page.getByRole("button", { name: "Create API key" }).click();
  const form = dialogTitled(page, "Create API key");
  await form.getByLabel("Name").fill(opts.name);
  for (const scope of ["ingest", "read"] as const) {
    await form
      .getByRole("checkbox", { name: new RegExp(`^${scope}\\b`) })
      .setChecked(opts.scopes.includes(scope));
  }
  await snap("api-key-form");
  await form.getByRole("button", { name: "Create key" }).click();

  const shown = dialogTitled(page, "Copy your API key now");
  await expect(shown).toContainText("This is the only time the key is shown");
  const key = await shown.getByRole("textbox", { name: "API key" }).inputValue();
  expect(key).toMatch(/^br_[0-9A-Za-z]{40}$/);
  await snap("api-key-shown");
  await shown.getByRole("button", { name: "I have copied the key" }).click();
  await expect(shown).toBeHidden();
  return key;
}
