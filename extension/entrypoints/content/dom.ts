/**
 * A few lines of DOM building for the banner: the content script runs on every ticket page,
 * so it carries no UI framework (React would cost the help desk more main-thread time to
 * parse than the whole banner takes to draw).
 */
type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function")
      el.addEventListener(name.replace(/^on/, "").toLowerCase(), value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

const SVG = "http://www.w3.org/2000/svg";

/** The blast-radius mark (as the toolbar icon). */
export function logo(): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 32 32");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "logo");
  const parts: [string, Record<string, string>][] = [
    ["rect", { width: "32", height: "32", rx: "7", fill: "#e13d16" }],
    ["circle", { cx: "16", cy: "16", r: "2.9", fill: "#fff" }],
    [
      "circle",
      { cx: "16", cy: "16", r: "7.4", fill: "none", stroke: "#fff", "stroke-width": "1.9" },
    ],
    [
      "circle",
      { cx: "16", cy: "16", r: "11.7", fill: "none", stroke: "#fff", "stroke-width": "1.6" },
    ],
  ];
  for (const [tag, attrs] of parts) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    svg.append(el);
  }
  return svg;
}
