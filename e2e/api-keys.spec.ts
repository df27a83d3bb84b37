/**
 * Settings → API keys: an admin creates the key a service sends errors with, sees it once,
 * and can tell keys apart, see which are used, and revoke one.
 */
import { expect, test } from "./fixtures";
import { createApiKey, dialogTitled } from "./support/flows";
import { checkoutErrors, segmentedDirectory } from "./support/customers";
import { RestApi } from "./support/rest-api";

test("a key with the ingest and read scopes is shown once, then listed by its prefix", async ({
  page,
  snap,
  apiKey,
  restApi,
}) => {
  // The fixture created the key through the dialog and read it from the page.
  const row = page.getByRole("row").filter({ hasText: "checkout-service production" });
  await expect(row).toContainText(`${apiKey.slice(0, 10)}…`);
  await expect(row).toContainText("ingest");
  await expect(row).toContainText("read");
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Never"); // last used
  // Once the dialog is closed, the full key is nowhere on the page.
  await expect(page.getByRole("textbox", { name: "API key" })).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(apiKey);
  await snap("api-key-listed");

  const sent = await restApi.postEvents(checkoutErrors(segmentedDirectory(1).slice(0, 1), "k"));
  expect(sent.status()).toBe(202);
  await page.reload();
  const headers = await page.getByRole("columnheader").allTextContents();
  const lastUsed = row.getByRole("cell").nth(headers.indexOf("Last used"));
  await expect(lastUsed).toHaveText("just now");
  await snap("api-key-used");
});

test("a key without the ingest scope is refused (403), and a revoked key is unknown (401)", async ({
  page,
  snap,
  request,
  workspace,
}) => {
  const name = "status-page reader";
  const key = await createApiKey(page, snap, workspace, { name, scopes: ["read"] });
  const reader = new RestApi(request, key);

  const refused = await reader.postEvents(checkoutErrors(segmentedDirectory(1).slice(0, 1), "r"));
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toEqual({
    error: { code: "forbidden", message: 'This API key does not have the "ingest" scope.' },
  });
  expect((await reader.listIncidents()).status()).toBe(200);

  const row = page.getByRole("row").filter({ hasText: name });
  await row.getByRole("button", { name: "Revoke" }).click();
  const confirm = dialogTitled(page, `Revoke “${name}”?`);
  await expect(confirm).toContainText(`${key.slice(0, 10)}…`);
  await snap("revoke-confirm");
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  await snap("revoked");

  const revoked = await reader.listIncidents();
  expect(revoked.status()).toBe(401);
  expect(await revoked.json()).toEqual({
    error: { code: "unauthorized", message: "Invalid or revoked API key." },
  });
});
