/**
 * Fingerprints group events into issues. A client may send its own; otherwise it is derived
 * from the service, the error type and the message with the variable parts replaced by
 * placeholders, so "Order 1234 not found" and "Order 98 not found" land in one issue.
 */
import { createHash } from "node:crypto";

const REPLACEMENTS: [RegExp, string][] = [
  // e-mail addresses
  [/(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g, "<email>"],
  // UUIDs
  [/\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g, "<uuid>"],
  // quoted strings; an apostrophe inside a word ("can't") does not open a quote
  [/"(?:[^"\\\n]|\\.)*"/g, "<str>"],
  [/(?<![A-Za-z0-9])'[^'\n]*'(?![A-Za-z0-9])/g, "<str>"],
  [/`[^`\n]*`/g, "<str>"],
  // hex: 0x-prefixed, or runs of 8+ hex digits with both digits and letters (hashes, object ids)
  [/\b0[xX][0-9a-fA-F]+\b/g, "<id>"],
  [/\b(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b/g, "<id>"],
  // decimal numbers, with fractions or thousands separators
  [/-?\d+(?:[.,]\d+)+/g, "<n>"],
  // ids: words that mix letters and digits (usr_8f3k2, order-42, req42)
  [/\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]+\b/g, "<id>"],
  // plain numbers
  [/-?\d+/g, "<n>"],
];

/** Only the start of a message counts, which also bounds the regex work per event. */
export const FINGERPRINT_MESSAGE_CHARS = 2000;

/** The message with numbers, ids, UUIDs, hex, e-mails and quoted strings replaced. */
export function normalizeMessage(message: string): string {
  let m = message.slice(0, FINGERPRINT_MESSAGE_CHARS);
  for (const [re, placeholder] of REPLACEMENTS) m = m.replace(re, placeholder);
  return m.replace(/\s+/g, " ").trim();
}

/** Recent fingerprints by normalised input: most events repeat a handful of issues. */
const cache = new Map<string, string>();
const CACHE_SIZE = 10_000;

/** A stable 32-hex-digit fingerprint of service + error type + normalised message. */
export function deriveFingerprint(service: string, errorType: string, message: string): string {
  const key = `${service}\u0000${errorType}\u0000${normalizeMessage(message)}`;
  let fingerprint = cache.get(key);
  if (fingerprint === undefined) {
    fingerprint = createHash("sha256").update(key).digest("hex").slice(0, 32);
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(key, fingerprint);
  }
  return fingerprint;
}
