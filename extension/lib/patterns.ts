/**
 * What the agent types into the options page, checked: the server URL, extra help-desk URL
 * patterns and customer id patterns. Pure functions that return either the cleaned value or
 * a message to show under the field.
 */
import { MatchPattern } from "wxt/utils/match-patterns";

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The server's origin ("https://blastradius.example.com"). Plain http only on this machine:
 * the token travels in every request, and anywhere else it would travel in the clear.
 */
export function checkServerUrl(input: string): Checked<string> {
  const text = input.trim();
  if (!text) return { ok: false, error: "Enter the address of your Blastradius server." };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, error: "That is not a web address (e.g. https://blastradius.acme.com)." };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, error: "The address must start with https://." };
  }
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname)) {
    return { ok: false, error: "Use https:// (plain http:// only works for localhost)." };
  }
  if (url.username || url.password) {
    return { ok: false, error: "Leave the user name and password out of the address." };
  }
  return { ok: true, value: url.origin };
}

/** The host permission that lets the background worker call a server (any port). */
export function originPermission(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * An extra page the content script should run on, as a match pattern
 * ("https://support.acme.com/tickets/*"). Patterns that would cover every site are refused:
 * the extension reads only the help desks it is pointed at.
 */
export function checkUrlPattern(input: string): Checked<string> {
  const text = input.trim();
  if (!text) return { ok: false, error: "Enter a URL pattern." };
  if (text === "<all_urls>") return { ok: false, error: "Name your help desk's own address." };
  try {
    new MatchPattern(text);
  } catch {
    return {
      ok: false,
      error: "Write it as scheme://host/path, e.g. https://support.acme.com/tickets/*",
    };
  }
  const host = text.match(/^[^:]+:\/\/([^/]*)/)?.[1] ?? "";
  if (!/^https?:\/\//.test(text)) return { ok: false, error: "Start with https:// or http://." };
  if (host === "*" || host === "*.") {
    return { ok: false, error: "Name your help desk's host; a pattern for every site is refused." };
  }
  return { ok: true, value: text };
}

/**
 * A customer id pattern (a regular expression, e.g. `tenant-\d{3}` or `acct_[A-Za-z0-9]{8,}`).
 * With a capture group, the group is the id; otherwise the whole match is.
 */
export function checkIdPattern(input: string): Checked<string> {
  const source = input.trim();
  if (!source) return { ok: false, error: "Enter a regular expression." };
  if (source.length > 200) return { ok: false, error: "Keep the pattern under 200 characters." };
  let re: RegExp;
  try {
    re = new RegExp(source);
  } catch (e) {
    return { ok: false, error: `Not a valid regular expression: ${(e as Error).message}` };
  }
  if (re.test("")) return { ok: false, error: "The pattern matches empty text; make it specific." };
  return { ok: true, value: source };
}

/** Compiles checked id patterns for scanning; any that no longer compile are skipped. */
export function compileIdPatterns(sources: readonly string[]): RegExp[] {
  const out: RegExp[] = [];
  for (const source of sources) {
    try {
      out.push(new RegExp(source, "g"));
    } catch {
      // Checked when saved; an edited storage value is not worth breaking the page for.
    }
  }
  return out;
}
