/**
 * One load of an incident page, timed from inside the page: a script that runs before the
 * page's own notes (performance.now(), from the start of the navigation) when each part first
 * shows with real figures rather than a skeleton, and afterwards the navigation and resource
 * timings that say where the time went. Written as plain JavaScript strings: functions handed
 * to the browser would carry tsx's helpers with them.
 */
import type { BrowserContext } from "@playwright/test";

/** The parts that must show, in the order they are reported. */
export const PARTS = ["title", "figures", "chart", "segments"] as const;
export type Part = (typeof PARTS)[number];

/**
 * - title: the incident's title in its heading;
 * - figures: the header stats, "Affected customers" and "Affected in last hour" with digits;
 * - chart: the events chart's area drawn;
 * - segments: the "Affected segments" panel out of its skeleton, with a segment's figures
 *   (or its "No clear segment" verdict).
 */
const PROBE = `(() => {
  const marks = {};
  const longTasks = [];
  const text = (sel) => (document.querySelector(sel)?.textContent ?? "").trim();
  const checks = {
    title: () => text('[data-testid="incident-title"]') !== "",
    figures: () => /\\d/.test(text('[data-testid="incident-affected-count"]')) &&
      /\\d/.test(text('[data-testid="incident-affected-last-hour"]')),
    chart: () => document.querySelector('[data-testid="events-chart"] .recharts-area-curve') !== null,
    segments: () => {
      const panel = document.querySelector('[data-testid="segments-panel"]');
      if (!panel || panel.querySelector('[aria-busy="true"]')) return false;
      return /\\d/.test(panel.querySelector('[data-testid="segment-support"]')?.textContent ?? "") ||
        panel.querySelector('[data-testid="segments-verdict"]') !== null;
    },
  };
  const observer = new MutationObserver(() => {
    const now = performance.now();
    for (const name in checks) if (!(name in marks) && checks[name]()) marks[name] = now;
    if (Object.keys(marks).length === Object.keys(checks).length) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {}
  window.__pageProbe = { marks, longTasks, parts: Object.keys(checks).length };
})();`;

/** True once every part shows (a page expression). */
export const DONE = `window.__pageProbe && Object.keys(window.__pageProbe.marks).length === window.__pageProbe.parts`;

const COLLECT = `(() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const panel = document.querySelector('[data-testid="segments-panel"]');
  return {
    marks: window.__pageProbe.marks,
    longTasks: window.__pageProbe.longTasks,
    nav: { responseStart: nav.responseStart, responseEnd: nav.responseEnd,
           domContentLoaded: nav.domContentLoadedEventEnd },
    resources: performance.getEntriesByType("resource").map((r) => ({
      url: r.name, type: r.initiatorType, start: r.startTime, requestStart: r.requestStart,
      responseStart: r.responseStart, end: r.responseEnd, transfer: r.transferSize,
      size: r.decodedBodySize })),
    segmentsBottom: panel ? panel.getBoundingClientRect().bottom + window.scrollY : null,
    viewportHeight: window.innerHeight,
  };
})()`;

export interface Resource {
  url: string;
  type: string;
  start: number;
  requestStart: number;
  responseStart: number;
  end: number;
  transfer: number;
  size: number;
}

export interface Load {
  marks: Record<Part, number>;
  longTasks: { start: number; duration: number }[];
  nav: { responseStart: number; responseEnd: number; domContentLoaded: number };
  resources: Resource[];
  segmentsBottom: number | null;
  viewportHeight: number;
}

/** Every page of the context gets the probe before its own scripts. */
export async function addProbe(context: BrowserContext) {
  await context.addInitScript({ content: PROBE });
}

/** Loads `url` in a new page of `context` and answers its timings once every part shows. */
export async function loadPage(context: BrowserContext, url: string): Promise<Load> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForFunction(DONE, null, { timeout: 60_000, polling: 50 });
    return (await page.evaluate(COLLECT)) as Load;
  } finally {
    await page.close();
  }
}

/** When every part shows: the slowest of them. */
export const allShown = (l: Load) => Math.max(...PARTS.map((p) => l.marks[p]));

/** The procedures of a tRPC request (`/api/trpc/a,b?batch=1…`), or null for another URL. */
export function procedures(url: string): string[] | null {
  const u = new URL(url);
  return u.pathname.startsWith("/api/trpc/")
    ? u.pathname.slice("/api/trpc/".length).split(",")
    : null;
}

export interface Step {
  what: string;
  /** ms from the start of the navigation */
  at: number;
  /** for an answer: from sending to the first byte, and to the last (on loopback, server time) */
  wait?: number;
  took?: number;
  transfer?: number;
}

/**
 * The path to the segments panel: the document, the scripts, the tRPC request whose answer
 * the title waited for and the one the segments panel waited for, and when each part showed.
 */
export function criticalPath(l: Load): Step[] {
  const trpc = l.resources.filter((r) => procedures(r.url));
  const scripts = l.resources.filter(
    (r) => r.type === "script" && r.start < (trpc[0]?.start ?? Infinity),
  );
  const lastBefore = (proc: string, t: number) =>
    trpc.filter((r) => procedures(r.url)!.includes(proc) && r.end <= t).at(-1);
  const request = (r: Resource | undefined): Step[] =>
    r
      ? [
          { what: `  sent: ${procedures(r.url)!.join(", ")}`, at: r.start },
          {
            what: "  answered",
            at: r.end,
            wait: r.responseStart - r.requestStart,
            took: r.end - r.start,
            transfer: r.size,
          },
        ]
      : [];
  const segmentRequests = trpc.filter(
    (r) => procedures(r.url)!.includes("incidents.segments") && r.end <= l.marks.segments,
  );
  return [
    { what: "document: first byte", at: l.nav.responseStart },
    { what: "document: received", at: l.nav.responseEnd },
    {
      what: `scripts: ${scripts.length} loaded (${(scripts.reduce((s, r) => s + r.transfer, 0) / 1024).toFixed(0)} KiB over the wire)`,
      at: Math.max(0, ...scripts.map((r) => r.end)),
    },
    { what: "DOMContentLoaded", at: l.nav.domContentLoaded },
    ...request(lastBefore("incidents.get", l.marks.title)),
    { what: "title shown", at: l.marks.title },
    { what: "figures shown", at: l.marks.figures },
    { what: "chart drawn", at: l.marks.chart },
    ...(segmentRequests.length > 1
      ? [
          {
            what: `  (${segmentRequests.length} segments requests in all)`,
            at: segmentRequests[0].start,
          },
        ]
      : []),
    ...request(segmentRequests.at(-1)),
    { what: "segments shown", at: l.marks.segments },
    {
      what: "main thread: long tasks (> 50 ms) until then, in all",
      at: l.longTasks.filter((t) => t.start < l.marks.segments).reduce((s, t) => s + t.duration, 0),
    },
  ];
}
