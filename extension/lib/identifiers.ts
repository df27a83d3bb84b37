/**
 * Finds who a ticket is from: the email addresses and configured customer ids shown in the
 * ticket's requester area. These identifiers are all the extension ever sends from a page.
 *
 * How: first the help desk's requester selectors (the requester field, the customer panel,
 * a Gmail sender); only where none of them shows an identifier, the visible ticket, first
 * by the attributes help desks put addresses in (mailto links, `email=`), then by its text.
 * Hidden parts of the page (a background ticket tab, a collapsed panel) and the agent's own
 * address are skipped. Pure over a DOM: no messaging, no storage, no timers.
 */
import type { Identifier } from "./contract";
import { MAX_LOOKUP_IDENTIFIERS } from "./limits";
import type { HelpDesk } from "./helpdesks";

export interface FindOptions {
  /** Customer id patterns, compiled with the `g` flag (see compileIdPatterns). */
  idPatterns?: readonly RegExp[];
  /** Addresses never reported as the customer's (the agent's own). */
  ignoreEmails?: readonly string[];
}

export interface Found {
  identifiers: Identifier[];
  /** Where they were found: the requester area, the ticket (fallback), or nowhere. */
  source: "requester" | "ticket" | "none";
}

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;
/** Attributes in which help desks keep an address or an id beside the visible text. */
const ATTRIBUTES = ["email", "data-email", "data-hovercard-id", "href", "title", "value"];
const ADDRESS_CARRIERS = 'a[href^="mailto:" i], [email], [data-email], [data-hovercard-id]';
const HIDDEN = '[hidden], [aria-hidden="true"], [style*="display: none"], [style*="display:none"]';
/** The banner's own host element: never read our own words back. */
export const BANNER_TAG = "blastradius-banner";
/** Never read as the customer's text: hidden parts, scripts, and what the agent is writing. */
const SKIP_TEXT = `${HIDDEN}, ${BANNER_TAG}, script, style, template, [contenteditable="true"], textarea`;
/** Enough of a ticket's text for its header and first messages, not a year of history. */
const MAX_TEXT = 50_000;

class Collector {
  readonly identifiers: Identifier[] = [];
  private readonly seen = new Set<string>();
  private readonly ignored: Set<string>;

  constructor(ignoreEmails: readonly string[]) {
    this.ignored = new Set(ignoreEmails.map((e) => e.toLowerCase()));
  }

  get full() {
    return this.identifiers.length >= MAX_LOOKUP_IDENTIFIERS;
  }

  add(kind: Identifier["kind"], raw: string) {
    const value = kind === "email" ? raw.toLowerCase().replace(/\.+$/, "") : raw.trim();
    if (!value || value.length > 320 || this.full) return;
    if (kind === "email" && this.ignored.has(value)) return;
    const key = `${kind}:${value}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.identifiers.push({ kind, value });
  }

  scanText(text: string, idPatterns: readonly RegExp[]) {
    const t = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
    for (const m of t.matchAll(EMAIL)) this.add("email", m[0]);
    for (const re of idPatterns) {
      re.lastIndex = 0;
      for (const m of t.matchAll(re)) {
        const id = m[1] ?? m[0];
        // An id pattern that also matches the local part of an address is not an id there.
        if (id && !t.slice(m.index + m[0].length).startsWith("@")) this.add("external_id", id);
      }
    }
  }

  scanAttributes(el: Element) {
    for (const name of ATTRIBUTES) {
      const v = el.getAttribute(name);
      if (v && v.includes("@")) {
        for (const m of v.replace(/^mailto:/i, "").matchAll(EMAIL)) this.add("email", m[0]);
      }
    }
  }
}

function isVisible(el: Element): boolean {
  return !el.closest(HIDDEN) && !el.closest(BANNER_TAG);
}

function visibleMatches(root: ParentNode, selectors: readonly string[]): Element[] {
  const out: Element[] = [];
  for (const selector of selectors) {
    for (const el of root.querySelectorAll(selector)) if (isVisible(el)) out.push(el);
  }
  return out;
}

/** Reads an element fully: its text, and the address-carrying attributes inside it. */
function scanElement(c: Collector, el: Element, idPatterns: readonly RegExp[]) {
  c.scanAttributes(el);
  for (const inner of el.querySelectorAll("*")) {
    if (c.full) return;
    if (inner.attributes.length > 0) c.scanAttributes(inner);
  }
  c.scanText(textOf(el), idPatterns);
}

export function findIdentifiers(
  root: ParentNode,
  desk: Pick<HelpDesk, "requester" | "ticket">,
  options: FindOptions = {},
): Found {
  const idPatterns = options.idPatterns ?? [];
  const c = new Collector(options.ignoreEmails ?? []);

  for (const el of visibleMatches(root, desk.requester)) scanElement(c, el, idPatterns);
  if (c.identifiers.length > 0) return { identifiers: c.identifiers, source: "requester" };

  // Fallback: the visible ticket. Addresses that the help desk marks up come first; text
  // only when there are none, since a conversation's text also quotes other people.
  const ticket = visibleMatches(root, desk.ticket)[0];
  if (!ticket) return { identifiers: [], source: "none" };
  for (const el of ticket.querySelectorAll(ADDRESS_CARRIERS)) {
    if (isVisible(el)) c.scanAttributes(el);
  }
  if (c.identifiers.length === 0) c.scanText(textOf(ticket), idPatterns);
  return c.identifiers.length > 0
    ? { identifiers: c.identifiers, source: "ticket" }
    : { identifiers: [], source: "none" };
}

/**
 * The text of an element with a space between its nodes (textContent would glue
 * "Tenant ID" and "tenant-042" together), without hidden parts, our banner and reply boxes
 * being written.
 */
function textOf(root: Element): string {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 0x1 | 0x4 /* SHOW_ELEMENT | SHOW_TEXT */, {
    acceptNode: (node) =>
      node.nodeType === 1 && (node as Element).matches(SKIP_TEXT)
        ? 2 /* FILTER_REJECT: skips the subtree */
        : 1 /* FILTER_ACCEPT */,
  });
  const parts: string[] = [];
  let length = 0;
  for (let node = walker.nextNode(); node && length < MAX_TEXT; node = walker.nextNode()) {
    if (node.nodeType !== 3) continue;
    const text = node.nodeValue ?? "";
    if (!text.trim()) continue;
    parts.push(text);
    length += text.length + 1;
  }
  return parts.join(" ");
}
