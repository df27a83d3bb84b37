/**
 * The update's body: Markdown written by a responder, turned into email-safe HTML and into
 * plain text. Raw HTML is never passed through (markdown-it with `html: false` escapes it),
 * links are kept only when they are http(s) or mailto (no javascript:, data:, vbscript:,
 * file: or relative links, which mean nothing in an email), and images are not rendered (a
 * remote image in a notice is a tracking pixel or a light-only picture of text).
 *
 * Email clients ignore most stylesheets, so each element gets its style inline here.
 */
import MarkdownIt from "markdown-it";
import { compile } from "html-to-text";

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

/** Inline styles per element; the colours have dark-mode overrides in the layout's <style>. */
const STYLES: Record<string, string> = {
  p: "margin:0 0 14px;font-size:15px;line-height:24px;",
  h1: "margin:20px 0 8px;font-size:18px;line-height:26px;font-weight:600;",
  h2: "margin:20px 0 8px;font-size:17px;line-height:25px;font-weight:600;",
  h3: "margin:16px 0 6px;font-size:15px;line-height:23px;font-weight:600;",
  h4: "margin:16px 0 6px;font-size:15px;line-height:23px;font-weight:600;",
  h5: "margin:16px 0 6px;font-size:15px;line-height:23px;font-weight:600;",
  h6: "margin:16px 0 6px;font-size:15px;line-height:23px;font-weight:600;",
  ul: "margin:0 0 14px;padding-left:22px;font-size:15px;line-height:24px;",
  ol: "margin:0 0 14px;padding-left:22px;font-size:15px;line-height:24px;",
  li: "margin:0 0 4px;",
  blockquote: "margin:0 0 14px;padding:2px 0 2px 12px;border-left:3px solid #d4d4d8;",
  code: "font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;background-color:#f4f4f5;border-radius:4px;padding:1px 4px;",
  pre: "margin:0 0 14px;padding:10px 12px;background-color:#f4f4f5;border-radius:6px;overflow-x:auto;white-space:pre-wrap;word-break:break-word;font-size:13px;line-height:20px;",
  a: "color:#1d4ed8;text-decoration:underline;",
  hr: "border:none;border-top:1px solid #e4e4e7;margin:18px 0;",
  table: "border-collapse:collapse;margin:0 0 14px;font-size:14px;",
  th: "border:1px solid #d4d4d8;padding:4px 8px;text-align:left;",
  td: "border:1px solid #d4d4d8;padding:4px 8px;",
};

/** Classes the layout's dark-mode <style> uses to recolour what needs a colour. */
const CLASSES: Record<string, string> = {
  a: "br-link",
  code: "br-code",
  pre: "br-code",
  blockquote: "br-quote",
};

function createMarkdown() {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
  md.disable("image");
  md.validateLink = (url) => SAFE_LINK.test(url.trim());
  md.core.ruler.push("email_styles", (state) => {
    const walk = (tokens: typeof state.tokens) => {
      for (const token of tokens) {
        if (token.nesting !== -1 && STYLES[token.tag]) {
          token.attrSet("style", STYLES[token.tag]);
          if (CLASSES[token.tag]) token.attrSet("class", CLASSES[token.tag]);
        }
        if (token.children) walk(token.children);
      }
    };
    walk(state.tokens);
  });
  return md;
}

const md = createMarkdown();

// Every recipient of an update has the same body: the last few renderings are kept.
const recent = new Map<string, { html: string; text: string | null }>();
function rendered(body: string) {
  let entry = recent.get(body);
  if (!entry) {
    entry = { html: md.render(body), text: null };
    if (recent.size >= 32) recent.delete(recent.keys().next().value!);
    recent.set(body, entry);
  }
  return entry;
}

/** The body as HTML, every character of the responder's text escaped or a safe link. */
export function markdownToHtml(body: string): string {
  return rendered(body).html;
}

// Compiled once: html-to-text's convert() compiles its options on every call, which cost
// more than the rest of an email together.
const headings = ["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({
  selector,
  options: { uppercase: false },
}));
const toText = compile({
  wordwrap: false,
  selectors: [
    ...headings,
    { selector: "a", options: { hideLinkHrefIfSameAsText: true, linkBrackets: ["(", ")"] } },
  ],
});

/** The body as plain text: links as `text (url)`, lists as `* item`, nothing of HTML left. */
export function markdownToText(body: string): string {
  const entry = rendered(body);
  entry.text ??= toText(entry.html).trim();
  return entry.text;
}
