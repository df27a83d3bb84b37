/**
 * Where to send someone when the place comes from the request (`?next=` after signing in or
 * up). The target is parsed the way a browser parses it — WHATWG URL rules, which drop tabs
 * and newlines anywhere, read `\` as `/` and `//host` as another host — against the app's
 * own origin, and followed only when it stays on that origin. What is followed is the
 * re-serialised path, query and fragment, never the raw text, so no control character ever
 * reaches a Location header. Pure: the browser and the server use this one function.
 */

/** Longer targets are refused rather than parsed; no page of the app needs more. */
export const MAX_REDIRECT_LENGTH = 2048;

/**
 * `target` as a path on `origin` (`/w/acme/incidents?status=resolved#top`), or `fallback`
 * when it is missing, not a string, too long, unparsable or on another origin.
 */
export function sameOriginPath(target: unknown, origin: string, fallback = "/"): string {
  if (typeof target !== "string" || target.length === 0 || target.length > MAX_REDIRECT_LENGTH)
    return fallback;
  try {
    const base = new URL(origin);
    const url = new URL(target, base);
    if (url.origin !== base.origin) return fallback;
    const path = url.pathname + url.search + url.hash;
    // "/.//evil" resolves to the path "//evil", which on its own names the host "evil".
    if (new URL(path, base).origin !== base.origin) return fallback;
    return path;
  } catch {
    return fallback;
  }
}
