/**
 * The help desks the content script knows: where each one shows a ticket's requester, the
 * ticket itself, the reply box, and where the banner goes. A page the agent added by a
 * custom pattern gets the generic description, which leans on the fallback.
 *
 * Selectors are lists, most specific first; the first that finds something wins. They are
 * modelled on each help desk's agent view (see lib/fixtures/ for the shapes the tests use).
 */
import { MatchPattern } from "wxt/utils/match-patterns";

export type HelpDeskId = "zendesk" | "intercom" | "front" | "helpscout" | "gmail" | "custom";

export interface HelpDesk {
  id: HelpDeskId;
  name: string;
  /** Match patterns the content script is declared for in the manifest. */
  matches: string[];
  /**
   * Whether a URL shows one ticket. The content script is declared on the whole agent app,
   * not only on ticket URLs, because the agent reaches a ticket by single-page navigation
   * from the inbox, and a content script is only injected on a full load.
   */
  isTicket: (url: URL) => boolean;
  /** What identifies the ticket in the URL: a change of it is a change of ticket. */
  ticketKey: (url: URL) => string;
  /** The requester (the customer who wrote in): name, email, ids. */
  requester: string[];
  /** The visible ticket, searched when no requester area is found. */
  ticket: string[];
  /** The box the agent writes the reply in. */
  replyBox: string[];
  /** Where the banner goes: the first spot found on the page (else it floats at the corner). */
  bannerAnchor: BannerSpot[];
}

/**
 * A place for the banner: as the first child of a block container, or before an element
 * whose parent is one. Never as a sibling inside a grid or flex row, where an extra child
 * would move the help desk's own columns.
 */
export interface BannerSpot {
  selector: string;
  append: "first" | "before";
}

const first = (selector: string): BannerSpot => ({ selector, append: "first" });

const byPath = (url: URL) => url.pathname;

export const HELP_DESKS: HelpDesk[] = [
  {
    id: "zendesk",
    name: "Zendesk",
    matches: ["https://*.zendesk.com/agent/*"],
    isTicket: (url) => /^\/agent\/tickets\/\d+/.test(url.pathname),
    ticketKey: (url) => url.pathname.match(/^\/agent\/tickets\/\d+/)?.[0] ?? url.pathname,
    requester: [
      '[data-test-id="ticket-system-field-requester-select"]',
      '[data-test-id="customer-context-user-info"]',
      '[data-test-id="ticket-header-requester"]',
    ],
    ticket: ['[data-test-id="ticket-conversation"]', '[data-test-id="ticket-workspace"]'],
    replyBox: [
      '[data-test-id="omnicomposer-rich-text-ckeditor"]',
      ".ck-editor__editable",
      'textarea[name="comment"]',
    ],
    bannerAnchor: [first('[data-test-id="ticket-conversation"]')],
  },
  {
    id: "intercom",
    name: "Intercom",
    matches: ["https://app.intercom.com/*"],
    isTicket: (url) => /\/(conversation|conversations|tickets?)\/\d+/.test(url.pathname),
    ticketKey: byPath,
    requester: [
      '[data-testid="conversation-user-details"]',
      "[data-test-user-email]",
      ".inbox2__user-details",
    ],
    ticket: ['[data-testid="conversation-stream"]', ".conversation__stream", '[role="main"]'],
    replyBox: ['[data-testid="composer"] [contenteditable="true"]', ".ProseMirror"],
    bannerAnchor: [first('[data-testid="conversation-stream"]'), first(".conversation__stream")],
  },
  {
    id: "front",
    name: "Front",
    matches: ["https://app.frontapp.com/*"],
    isTicket: (url) => /\/(open|inboxes|conversations?)\/.*[a-z]{3}_\w+/i.test(url.pathname),
    ticketKey: byPath,
    requester: ['[data-testid="contact-panel"]', '[data-testid="conversationRecipients"]'],
    ticket: ['[data-testid="conversation"]', '[role="main"]'],
    replyBox: ['[data-testid="composer"] [contenteditable="true"]', ".ProseMirror"],
    bannerAnchor: [first('[data-testid="conversation"]')],
  },
  {
    id: "helpscout",
    name: "Help Scout",
    matches: ["https://secure.helpscout.net/*"],
    isTicket: (url) => /^\/conversation\/\d+/.test(url.pathname),
    ticketKey: (url) => url.pathname.match(/^\/conversation\/\d+/)?.[0] ?? url.pathname,
    requester: ['[data-cy="CustomerProfile"]', ".c-customer-profile", "#customerProfile"],
    ticket: ["#conversation", ".c-conversation", '[role="main"]'],
    replyBox: [".redactor-editor", '[data-cy="ReplyEditor"] [contenteditable="true"]'],
    bannerAnchor: [first("#conversation"), first(".c-conversation")],
  },
  {
    id: "gmail",
    name: "Gmail",
    matches: ["https://mail.google.com/*"],
    // An open thread: #inbox/<thread id>, #label/x/<thread id>, #search/q/<thread id>…
    isTicket: (url) => /^#[^/]+(\/[^/]+)*\/[A-Za-z0-9]{16,}$/.test(url.hash),
    ticketKey: (url) => url.hash.split("/").pop() ?? url.hash,
    // Gmail names each sender in <span class="gD" email="…" name="…">.
    requester: ['[role="main"] .gD[email]', '[role="main"] [data-hovercard-id*="@"]'],
    ticket: ['[role="main"] [role="list"]', '[role="main"]'],
    replyBox: [
      '[role="main"] [contenteditable="true"][role="textbox"]',
      '[contenteditable="true"][g_editable="true"]',
    ],
    // Above the thread's messages, under its subject.
    bannerAnchor: [{ selector: '[role="main"] [role="list"]', append: "before" }],
  },
];

/** A page the agent added by a custom URL pattern: no known layout, so generic guesses. */
export const CUSTOM_DESK: HelpDesk = {
  id: "custom",
  name: "Custom",
  matches: [],
  isTicket: () => true,
  ticketKey: (url) => url.pathname + url.hash,
  requester: [
    "[data-requester-email]",
    '[data-testid*="requester" i]',
    '[class*="requester" i]',
    '[aria-label*="requester" i]',
  ],
  ticket: ["main", '[role="main"]'],
  replyBox: ["textarea", '[contenteditable="true"]'],
  bannerAnchor: [first("main"), first('[role="main"]')],
};

/** Every match pattern declared for the built-in help desks. */
export const DEFAULT_MATCHES = HELP_DESKS.flatMap((desk) => desk.matches);

/** The help desk a URL belongs to, or the custom description for any other page. */
export function helpDeskFor(url: string | URL): HelpDesk {
  const u = typeof url === "string" ? new URL(url) : url;
  return HELP_DESKS.find((desk) => matchesAny(desk.matches, u)) ?? CUSTOM_DESK;
}

/** Whether a URL falls under any of the match patterns (invalid patterns match nothing). */
export function matchesAny(patterns: readonly string[], url: string | URL): boolean {
  const href = typeof url === "string" ? url : url.href;
  return patterns.some((pattern) => {
    try {
      return new MatchPattern(pattern).includes(href);
    } catch {
      return false;
    }
  });
}
