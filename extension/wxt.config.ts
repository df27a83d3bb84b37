/**
 * The extension's build: WXT (Vite) with React, Manifest V3.
 *   npm run ext:build   → extension/.output/chrome-mv3 (load it unpacked in Chromium)
 *   npm run ext:zip     → extension/.output/blastradius-<version>-{chrome,firefox}.zip
 * Firefox is built as Manifest V3 too (`--mv3`): the worker's badge, scripting and optional
 * host permissions are MV3 APIs.
 */
import { defineConfig } from "wxt";

/**
 * The public half of an RSA key: Chromium derives the extension's id from it, so every build
 * from this repository is `gllekmgbdpccibkiiiapkfelogafdfjm` (the server allow-lists that id
 * for the dashboard hand-off, docs/extension.md). The private half was never kept: the Chrome
 * Web Store signs with its own.
 */
const PUBLIC_KEY =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtpy/yrX0gSZ7h7fkaG5CLZ70JS2nUkHbDp9cDdDEiLsFUqFAuQWwDZltMwC7fA6f4ya7h8Enuv7qWVXaoNP+8nenPFUM72hlKyW8fYc39UJBya/yvpnDYARLKv1H6gwyQKAx8OfSpKRULtfnmBPaZRa+xOUkyKfIXLzCYvgtF/0kwel3LJJV1bFhshRZftKkj2u5S0dSIm6rB+0DeayreY4COgv5I/hyuEM83XaXw2AQk0ikRpSUgF5YzSZkM8c5rY/K/ryKa9kkOJELU2TuVcaiVFN5fgT0hcmh1sT6kOV3Yb4Rq/U3mr9XxGQjtFuneURsT9UuCGh1U6JK/brDwwIDAQAB";

const VERSION = "0.1.0";

export default defineConfig({
  modules: ["@wxt-dev/module-react"],
  // Explicit imports: the code type-checks under the repository's tsconfig without WXT's
  // generated declarations.
  imports: false,
  zip: {
    artifactTemplate: `blastradius-${VERSION}-{{browser}}.zip`,
    sourcesTemplate: `blastradius-${VERSION}-sources.zip`,
  },
  manifest: ({ browser }) => ({
    name: "Blastradius",
    description:
      "Flags tickets from customers an active incident affects, with the approved words one click away.",
    version: VERSION,
    ...(browser === "firefox"
      ? {
          browser_specific_settings: {
            gecko: {
              id: "extension@blastradius.dev",
              // Addresses and customer ids found on tickets go to the agent's own server.
              data_collection_permissions: { required: ["personallyIdentifyingInfo"] },
            },
          },
        }
      : { key: PUBLIC_KEY }),
    permissions: ["storage", "alarms", "scripting"],
    // The demo server on this machine works without a prompt; any other server is asked for
    // when the agent connects, and custom help-desk pages when the agent adds them.
    host_permissions: ["http://localhost/*", "http://127.0.0.1/*"],
    optional_host_permissions: ["https://*/*", "http://*/*"],
    action: { default_title: "Blastradius" },
    // The dashboard's hand-off redirects the tab here (chrome-extension://<id>/connected.html).
    web_accessible_resources: [{ resources: ["connected.html"], matches: ["<all_urls>"] }],
  }),
});
