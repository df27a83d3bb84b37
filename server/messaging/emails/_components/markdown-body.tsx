/**
 * The update's body. Its HTML comes only from render/markdown.ts (markdown-it with raw HTML
 * escaped and unsafe links dropped), which is why it may be set as inner HTML here; never
 * pass anything else to this component. React Email's own <Markdown> is not used: it passes
 * raw HTML through.
 */
import { light } from "./theme";

export function MarkdownBody({ html }: { html: string }) {
  return (
    <div
      className="br-text"
      style={{ color: light.text, fontSize: "15px", lineHeight: "24px", wordBreak: "break-word" }}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
