/**
 * The content script's loop on a help-desk page:
 *
 * 1. Watch: the help desk changes ticket without reloading, so any DOM change, history
 *    step or URL change schedules a look (debounced; at most one per second while a busy page
 *    keeps changing).
 * 2. Look: on a ticket, find the customer's identifiers (lib/identifiers). The ticket and its
 *    identifiers make a key; an unchanged key ends the look, so a quiet page costs one
 *    querySelectorAll pass per change.
 * 3. Ask: a new key removes the old banner (another customer) and asks the background worker
 *    in one lookup with those identifiers — nothing else from the page is sent.
 * 4. Show: customers in an active incident get the banner; a customer in none gets nothing.
 *
 * Nothing here may break the help desk: every step runs in try/catch, the banner lives in a
 * shadow root, and all timers and listeners stop when the extension is reloaded.
 */
import { browser } from "wxt/browser";
import type { ContentScriptContext } from "wxt/utils/content-script-context";
import {
  createShadowRootUi,
  type ShadowRootContentScriptUi,
} from "wxt/utils/content-script-ui/shadow-root";
import type { Identifier, LookupMatch } from "../../lib/contract";
import { helpDeskFor } from "../../lib/helpdesks";
import { BANNER_TAG, findIdentifiers } from "../../lib/identifiers";
import { messenger, PAGE_CUSTOMER, type PageConfig, type PageCustomer } from "../../lib/messages";
import { compileIdPatterns } from "../../lib/patterns";
import { composeReply, findReplyBox, insertReply } from "../../lib/reply";
import { customerLabel, renderBanner } from "./banner";
import css from "./banner.css?inline";
import { timed } from "./timing";

const QUIET_MS = 200;
const MAX_WAIT_MS = 1000;
/** A lookup's answer is reused when the agent flips back to a ticket within this time. */
const LOOKUP_TTL_MS = 60_000;

const send = messenger((message) => browser.runtime.sendMessage(message));

export function watchPage(ctx: ContentScriptContext) {
  const desk = helpDeskFor(location.href);
  let config: PageConfig | null = null;
  let idPatterns: RegExp[] = [];
  let lastKey = "";
  let banner: { key: string; ui: ShadowRootContentScriptUi<void> } | null = null;
  let dismissed = new Set<string>();
  /** Who this ticket is from, for the popup's "Report affected". */
  let current: PageCustomer | null = null;
  const answers = new Map<string, { at: number; matches: LookupMatch[] }>();

  // --- 1. Watch -------------------------------------------------------------------------

  let timer: number | undefined;
  let firstPending = 0;
  function schedule() {
    const now = performance.now();
    if (timer === undefined) firstPending = now;
    else if (now - firstPending < MAX_WAIT_MS) clearTimeout(timer);
    else return; // a look is due: a busy page does not postpone it forever
    timer = ctx.setTimeout(() => {
      timer = undefined;
      void look();
    }, QUIET_MS);
  }

  const observer = new MutationObserver(schedule);
  ctx.onInvalidated(() => observer.disconnect());
  ctx.addEventListener(window, "wxt:locationchange", schedule);
  ctx.addEventListener(window, "popstate", schedule);
  ctx.addEventListener(window, "hashchange", schedule);

  // The agent connects, disconnects or edits id patterns in another tab: look again.
  const onStorage = (changes: Record<string, unknown>) => {
    if (!("auth" in changes) && !("settings" in changes)) return;
    config = null;
    lastKey = "";
    schedule();
  };
  browser.storage.onChanged.addListener(onStorage);
  ctx.onInvalidated(() => browser.storage.onChanged.removeListener(onStorage));

  const onMessage = (message: unknown, _sender: unknown, sendResponse: (r: unknown) => void) => {
    if ((message as { type?: string } | null)?.type !== PAGE_CUSTOMER) return;
    sendResponse(current);
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

  // --- 2. Look --------------------------------------------------------------------------

  async function look() {
    try {
      if (!config) {
        config = await send("page/config", {});
        idPatterns = compileIdPatterns(config.idPatterns);
      }
      if (config.connection === "disconnected") return removeBanner();
      const found = timed("scan", () => {
        const url = new URL(location.href);
        if (!desk.isTicket(url)) return null;
        const { identifiers } = findIdentifiers(document, desk, {
          idPatterns,
          ignoreEmails: config?.agentEmail ? [config.agentEmail] : [],
        });
        return { identifiers, key: `${desk.ticketKey(url)}|${keyOf(identifiers)}` };
      });
      if (!found || found.identifiers.length === 0) {
        lastKey = found?.key ?? "";
        current = null;
        return removeBanner();
      }
      // Same ticket, same customer: keep what is shown (put it back if the help desk
      // re-rendered the ticket and took the banner with it).
      if (found.key === lastKey && (!banner || banner.ui.shadowHost.isConnected)) return;
      const changed = found.key !== lastKey;
      lastKey = found.key;
      if (changed) {
        removeBanner();
        current = null;
      }
      await ask(found.key, found.identifiers);
    } catch (error) {
      // Never the help desk's problem: an error here stays here.
      console.debug("Blastradius:", error);
    }
  }

  // --- 3. Ask ---------------------------------------------------------------------------

  async function ask(key: string, identifiers: Identifier[]) {
    const idKey = keyOf(identifiers);
    const cached = answers.get(idKey);
    let matches: LookupMatch[];
    if (cached && performance.now() - cached.at < LOOKUP_TTL_MS) {
      matches = cached.matches;
    } else {
      const result = await send("customers/lookup", { identifiers });
      if (!result.ok) {
        if (result.error.kind === "reconnect") config = null;
        return;
      }
      matches = result.data;
      answers.set(idKey, { at: performance.now(), matches });
    }
    if (key !== lastKey) return; // the agent moved on while we asked
    current = {
      ticketUrl: location.href,
      customers: matches.map((m) => ({
        identifier: m.identifier,
        ...customerLabel(m),
        incidentIds: m.incidents.map((i) => i.id),
      })),
    };
    const affected = matches.filter((m) => m.incidents.length > 0);
    if (affected.length === 0 || dismissed.has(key)) return removeBanner();
    await show(key, affected);
  }

  // --- 4. Show --------------------------------------------------------------------------

  async function show(key: string, matches: LookupMatch[]) {
    removeBanner();
    let anchor: Element | null = null;
    let append: "first" | "before" | "last" = "last";
    for (const spot of desk.bannerAnchor) {
      const el = document.querySelector(spot.selector);
      if (el && !el.closest("[hidden]")) {
        anchor = el;
        append = spot.append;
        break;
      }
    }
    const ui = await createShadowRootUi<void>(ctx, {
      name: BANNER_TAG,
      css,
      position: "inline",
      anchor: anchor ?? document.body,
      append,
      // Typing a note must not trigger the help desk's keyboard shortcuts.
      isolateEvents: true,
      onMount: (container) =>
        timed("render", () => {
          renderBanner(container, matches, {
            insertReply: (match, incident) => insert(match, incident),
            copy: (text) => navigator.clipboard.writeText(text),
            activeIncidents: async () => {
              const list = await send("incidents/list", {});
              return list.ok ? list.data.incidents : [];
            },
            report: (request) => send("reports/create", request),
            dismiss: () => {
              dismissed.add(key);
              removeBanner();
            },
          });
          if (!anchor) container.querySelector(".banner")?.classList.add("floating");
        }),
    });
    if (key !== lastKey) return;
    ui.mount();
    banner = { key, ui };
  }

  function removeBanner() {
    banner?.ui.remove();
    banner = null;
  }

  async function insert(match: LookupMatch, incident: LookupMatch["incidents"][number]) {
    const update = incident.latest_update;
    if (!update) return "No approved update to insert.";
    const text = composeReply(match.contact_name, update.body_text);
    const box = findReplyBox(document, desk.replyBox);
    if (!box) {
      await navigator.clipboard.writeText(text).catch(() => undefined);
      return "No reply box is open: the reply is copied, paste it in.";
    }
    insertReply(box, text);
    void send("activity/record", {
      kind: "reply_inserted",
      incident_id: incident.ref,
      update_id: update.id,
      customer: match.identifier,
    }).catch(() => undefined);
    return "Inserted into the reply.";
  }

  // --- Start ----------------------------------------------------------------------------

  observer.observe(document.body, { childList: true, subtree: true });
  ctx.onInvalidated(() => {
    removeBanner();
    dismissed = new Set();
  });
  void look();
}

function keyOf(identifiers: Identifier[]) {
  return identifiers.map((i) => `${i.kind}:${i.value}`).join(",");
}
