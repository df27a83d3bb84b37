/**
 * A link to the sign-in or sign-up page can say where to go afterwards (`?next=`). Someone
 * who sends a link whose `next` leads off the app (`/%09/evil.invalid`: the browser drops the
 * tab and reads `//evil.invalid`) must not get the person who signs in sent to their site.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signOut, signUp } from "./support/flows";

const HOSTILE_NEXT = "/%09/evil.invalid/phish";

/** Every request the page makes to `host`, collected as it goes. */
function requestsTo(page: Page, host: string): string[] {
  const seen: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).hostname === host) seen.push(r.url());
  });
  return seen;
}

test("signing in through a link whose next= leads off the app lands in the app", async ({
  page,
  snap,
  account,
  workspace,
  baseURL,
}) => {
  await signOut(page);
  const offsite = requestsTo(page, "evil.invalid");

  await page.goto(`/sign-in?next=${HOSTILE_NEXT}`);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await snap("sign-in-hostile-next");
  await page.getByRole("button", { name: "Sign in" }).click();

  // The unusable next= is dropped: home, which opens the person's workspace.
  await expect(page).toHaveURL(workspace.path("incidents"));
  await expect(page.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  expect(offsite).toEqual([]);
  await snap("signed-in-on-the-app");
});

test("signing up through such a link lands in onboarding", async ({ page, snap, account }) => {
  const offsite = requestsTo(page, "evil.invalid");
  await page.goto(`/sign-up?next=${HOSTILE_NEXT}`);
  await expect(page.getByRole("button", { name: "Create account" })).toBeEnabled();
  await page.getByLabel("Name", { exact: true }).fill(account.name);
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/onboarding$/);
  await expect(page.getByRole("heading", { name: /^Welcome/ })).toBeVisible();
  expect(offsite).toEqual([]);
  await snap("signed-up-on-the-app");
});

test("signed in, the sign-in and sign-up pages redirect only within the app, whatever next= holds", async ({
  page,
  snap,
  account,
  baseURL,
}) => {
  await signUp(page, snap, account);
  const origin = new URL(baseURL!).origin;
  const hostile = [
    "/%0a/x",
    "/%0d/x",
    "/%0d%0a/evil.invalid",
    "/%09/evil.invalid/phish",
    "//evil.invalid",
    "/%5C/evil.invalid",
    "/.//evil.invalid",
    "https:evil.invalid",
    "javascript:alert(1)",
    "/%00/x",
    `/${"%09".repeat(3000)}/evil.invalid`,
  ];
  for (const entry of ["/sign-in", "/sign-up"]) {
    for (const next of hostile) {
      const res = await page.request.get(`${entry}?next=${next}`, { maxRedirects: 0 });
      const what = `${entry}?next=${next.slice(0, 40)}`;
      expect(res.status(), what).toBe(307);
      const location = res.headers()["location"];
      expect(new URL(location, origin).origin, `${what} → ${location}`).toBe(origin);
    }
    // Two next= parameters: neither is followed.
    const twice = await page.request.get(`${entry}?next=/onboarding&next=//evil.invalid`, {
      maxRedirects: 0,
    });
    expect(twice.status()).toBe(307);
    expect(new URL(twice.headers()["location"], origin).origin).toBe(origin);
  }
  // A good next= is still followed.
  const good = await page.request.get("/sign-in?next=/onboarding", { maxRedirects: 0 });
  expect(good.headers()["location"]).toBe("/onboarding");

  // The workspace pages that redirect build their target from the address too.
  for (const path of ["/w/%0a", "/w/%0d%0a/settings"]) {
    const res = await page.request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBeLessThan(500);
  }
});

test("better-auth refuses a callbackURL that leads off the app", async ({
  request,
  account,
  baseURL,
}) => {
  // The app's forms never send one; this pins what better-auth does when a request does.
  const origin = new URL(baseURL!).origin;
  const headers = { origin };
  for (const callbackURL of [
    "/\t/evil.invalid/phish",
    "/\n/evil.invalid",
    "//evil.invalid",
    "/\\evil.invalid",
    "https://evil.invalid/",
    "javascript:alert(1)",
  ]) {
    const what = JSON.stringify(callbackURL);
    const signIn = await request.post("/api/auth/sign-in/email", {
      headers,
      data: { email: account.email, password: account.password, callbackURL },
    });
    expect(signIn.status(), `sign-in ${what}`).toBe(403);
    const signUpRes = await request.post("/api/auth/sign-up/email", {
      headers,
      data: { ...account, callbackURL },
    });
    expect(signUpRes.status(), `sign-up ${what}`).toBe(403);
  }
  const onTheApp = await request.post("/api/auth/sign-up/email", {
    headers,
    data: { ...account, callbackURL: "/onboarding" },
  });
  expect(onTheApp.status()).toBe(200);
});
