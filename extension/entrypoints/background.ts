/**
 * The background service worker: wires the browser's events to lib/background, where the
 * behaviour lives (and is tested with WXT's fake browser).
 */
import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { createBackground, type BrowserApi } from "../lib/background";

export default defineBackground(() => {
  const background = createBackground({
    browser: browser as unknown as BrowserApi,
    fetch: (...args) => fetch(...args),
    // The worker runs at chrome-extension://<id>/background.js: its origin is ours.
    extensionOrigin: location.origin,
  });

  // Chrome's runtime.onMessage does not take a returned promise: answer through
  // sendResponse and return true to keep the channel open.
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    background.handle(message, sender).then(sendResponse, (error: unknown) => {
      console.error("Blastradius background:", error);
      sendResponse({ ok: false, error: { kind: "server", message: "The extension failed." } });
    });
    return true;
  });
  browser.alarms.onAlarm.addListener((alarm) => void background.onAlarm(alarm.name));
  browser.runtime.onStartup.addListener(() => void background.start());
  browser.runtime.onInstalled.addListener(() => void background.start());
});
