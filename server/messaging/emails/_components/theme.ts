/**
 * The notice emails' colours. Light values go inline (every client honours inline styles);
 * dark values go in the layout's `prefers-color-scheme: dark` block, keyed by the `br-*`
 * classes, for the clients that support it (Apple Mail, iOS Mail, Outlook for Mac, Gmail's
 * apps partly), and under Outlook.com's data-ogsc/data-ogsb markers. Both sets keep text at
 * WCAG AA contrast or better on their background.
 */
import type { IncidentStatus } from "../../schema-types";

export const light = {
  page: "#f4f4f5",
  card: "#ffffff",
  border: "#e4e4e7",
  text: "#27272a",
  heading: "#09090b",
  muted: "#52525b",
  link: "#1d4ed8",
  button: "#18181b",
  buttonText: "#ffffff",
  code: "#f4f4f5",
};

/**
 * Badge colours: white text on a solid colour that keeps ≥ 4.5:1 against white text and
 * reads on a light or a dark page alike, so the badge needs no dark-mode variant.
 */
export const statusColour: Record<IncidentStatus, string> = {
  investigating: "#b42318",
  identified: "#b54708",
  monitoring: "#175cd3",
  resolved: "#067647",
};

export const fontFamily =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** The dark-mode and small-screen rules; constant text, no value from a user in it. */
export const layoutCss = `
:root { color-scheme: light dark; supported-color-schemes: light dark; }
body { margin: 0; padding: 0; -webkit-text-size-adjust: 100%; }
.br-card a, .br-footer a { word-break: break-word; }
@media (max-width: 480px) {
  .br-outer { padding: 12px 8px !important; }
  .br-card { padding: 22px 18px !important; }
  .br-title { font-size: 20px !important; line-height: 27px !important; }
}
@media (prefers-color-scheme: dark) {
  .br-body, .br-outer { background-color: #09090b !important; }
  .br-card { background-color: #18181b !important; border-color: #3f3f46 !important; }
  .br-text, .br-text p, .br-text li { color: #e4e4e7 !important; }
  .br-heading { color: #fafafa !important; }
  .br-muted, .br-footer, .br-footer p { color: #a1a1aa !important; }
  .br-link, .br-text a, .br-footer a { color: #93c5fd !important; }
  .br-button { background-color: #fafafa !important; color: #18181b !important; border-color: #fafafa !important; }
  .br-code { background-color: #27272a !important; color: #e4e4e7 !important; }
  .br-quote { border-color: #52525b !important; }
  .br-hr { border-color: #3f3f46 !important; }
}
/* Outlook.com and Outlook's apps mark their dark mode with data-ogsc (text), data-ogsb (backgrounds). */
[data-ogsb] .br-body, [data-ogsb] .br-outer { background-color: #09090b !important; }
[data-ogsb] .br-card { background-color: #18181b !important; }
[data-ogsc] .br-text, [data-ogsc] .br-text p, [data-ogsc] .br-text li { color: #e4e4e7 !important; }
[data-ogsc] .br-heading { color: #fafafa !important; }
[data-ogsc] .br-muted { color: #a1a1aa !important; }
[data-ogsc] .br-link, [data-ogsc] .br-text a { color: #93c5fd !important; }
`;
