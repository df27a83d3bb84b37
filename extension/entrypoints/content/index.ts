/**
 * The content script on help-desk pages: the five built-in help desks from the manifest, and
 * the agent's custom pages registered at runtime by the background worker (same file).
 */
import { defineContentScript } from "wxt/utils/define-content-script";
import { DEFAULT_MATCHES } from "../../lib/helpdesks";
import { timed } from "./timing";
import { watchPage } from "./watch";

export default defineContentScript({
  matches: DEFAULT_MATCHES,
  runAt: "document_idle",
  main(ctx) {
    try {
      timed("init", () => watchPage(ctx));
    } catch (error) {
      console.debug("Blastradius:", error);
    }
  },
});
