/**
 * The e2e suite's fixtures. A spec asks for what its story starts from and gets it made the
 * way a person would make it, through the browser against the real app and database:
 *
 * - `snap(name)`: a full-page screenshot of the current page into e2e/.artifacts/
 * - `account`: a new person's name, email and password (not signed up yet)
 * - `workspace`: `account` signed up and through onboarding; the page is inside the workspace
 * - `apiKey`: a key with the ingest and read scopes, created in Settings → API keys
 * - `restApi`: the REST API called with `apiKey`, as the customer's services would
 * - `clientAddress`: the address this test's browser and requests come from. The app runs
 *   behind a trusted proxy on loopback (TRUSTED_PROXIES=127.0.0.1,::1 in playwright.config.ts), which
 *   passes it on in X-Forwarded-For: each test is its own visitor to the per-address limits
 *   (20 sign-ups a minute), as separate people would be, instead of the whole suite counting
 *   as one address.
 *
 * Playwright's `use` callback is named `provide` here, so the React hooks lint rule does not
 * take it for React's `use`.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { test as base } from "@playwright/test";
import {
  createApiKey,
  createWorkspace,
  signUp,
  type Account,
  type Snap,
  type Workspace,
} from "./support/flows";
import { RestApi } from "./support/rest-api";
import { uniqueSuffix } from "./support/unique";

interface Fixtures {
  clientAddress: string;
  snap: Snap;
  account: Account;
  workspace: Workspace;
  apiKey: string;
  restApi: RestApi;
}

const fileSafe = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);

/** A random address in 198.18.0.0/15, the block set aside for testing (RFC 2544). */
export function randomClientAddress(): string {
  const [a, b, c] = randomBytes(3);
  return `198.${18 + (a & 1)}.${b}.${c}`;
}

export const test = base.extend<Fixtures>({
  // Playwright reads a fixture's dependencies from its first parameter: this one has none.
  clientAddress: async ({}, provide) => {
    await provide(randomClientAddress());
  },
  extraHTTPHeaders: async ({ clientAddress }, provide) => {
    await provide({ "X-Forwarded-For": clientAddress });
  },

  snap: async ({ page }, provide, testInfo) => {
    const spec = path.basename(testInfo.file).replace(/\.spec\.ts$/, "");
    const dir = path.join(testInfo.project.testDir, ".artifacts");
    let n = 0;
    await provide(async (name) => {
      n += 1;
      const file = `${spec}--${fileSafe(testInfo.title)}--${String(n).padStart(2, "0")}-${fileSafe(name)}.png`;
      await page.screenshot({ path: path.join(dir, file), fullPage: true, animations: "disabled" });
    });
  },

  // Playwright reads a fixture's dependencies from its first parameter: this one has none.
  account: async ({}, provide) => {
    const id = uniqueSuffix();
    await provide({
      name: `Ada Commander ${id}`,
      email: `ada.${id}@e2e.example`,
      password: `correct-horse-${id}`,
    });
  },

  workspace: async ({ page, snap, account }, provide) => {
    await signUp(page, snap, account);
    await provide(await createWorkspace(page, snap, account, `Acme ${uniqueSuffix()}`));
  },

  apiKey: async ({ page, snap, workspace }, provide) => {
    await provide(
      await createApiKey(page, snap, workspace, {
        name: "checkout-service production",
        scopes: ["ingest", "read"],
      }),
    );
  },

  restApi: async ({ request, apiKey }, provide) => {
    await provide(new RestApi(request, apiKey));
  },
});

export { expect } from "@playwright/test";
