/**
 * What the accessibility spec checks on each page: axe-core's WCAG 2 A/AA rules (serious and
 * critical findings fail) and that nothing scrolls sideways, each finding in words a person can
 * act on (which element, why, how wide). Known findings in files that others are changing are
 * marked pending with the file they are in.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const FAILING_IMPACTS = new Set(["serious", "critical"]);

/**
 * Findings in files that other engineers are changing right now, reported to them: listed as
 * pending (an annotation on the test and a line in its output) instead of failing the suite
 * meanwhile. Each entry matches one element precisely; delete it together with its fix.
 */
const PENDING_AXE = [
  {
    rule: "color-contrast",
    html: '<span class="text-xs font-semibold tabular-nums text-zinc-400">#',
    file: "incidents/[id]/segments-panel.tsx: the segment's rank (#1)",
  },
  {
    rule: "color-contrast",
    html: '<span class="text-[11px] font-medium text-zinc-400">and</span>',
    file: "incidents/[id]/segment-figures.tsx: 'and' between predicates",
  },
  {
    rule: "aria-prohibited-attr",
    html: '<div aria-label="Failure rate ',
    file: "incidents/[id]/segment-figures.tsx: RateContrast's aria-label on a div",
  },
];
const PENDING_SIDEWAYS = [
  {
    within: '[data-testid="segment-row"]',
    file: "incidents/[id]/segments-panel.tsx: a segment row's figures at 390 px",
  },
];

/** Nothing still loading (skeletons say aria-busy): the page shows what it will show. */
export async function settled(page: Page) {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await page.evaluate(() => document.fonts.ready);
}

export interface Finding {
  text: string;
  /** The reserved file it is in, when it is a known pending finding. */
  pending?: string;
}

/**
 * Null when nothing scrolls sideways; else how wide the page is and the innermost elements that
 * stick out past the window (not counting content inside its own scroll box), to find the cause.
 */
export async function overflowingElements(page: Page): Promise<Finding | null> {
  const found = await page.evaluate(
    (pendingWithin) => {
      const width = window.innerWidth;
      const scrollWidth = document.scrollingElement!.scrollWidth;
      if (scrollWidth <= width) return null;
      const sticksOut = (e: Element) => e.getBoundingClientRect().right > width + 0.5;
      const clipped = (e: Element) => {
        for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
          if (getComputedStyle(a).overflowX !== "visible" && !sticksOut(a)) return true;
        }
        return false;
      };
      const culprits = [...document.body.querySelectorAll("*")].filter(
        (e) => sticksOut(e) && !clipped(e) && ![...e.children].some(sticksOut),
      );
      const pending = pendingWithin.findIndex((sel) => culprits.every((e) => e.closest(sel)));
      const described = culprits.slice(0, 4).map((e) => {
        const right = Math.round(e.getBoundingClientRect().right);
        return `<${e.tagName.toLowerCase()} class="${e.getAttribute("class") ?? ""}"> to ${right} px: ${(e.textContent ?? "").trim().slice(0, 60)}`;
      });
      return {
        text: `scrolls sideways (${scrollWidth} px wide in ${width} px)\n  ${described.join("\n  ")}`,
        pending,
      };
    },
    PENDING_SIDEWAYS.map((p) => p.within),
  );
  if (!found) return null;
  return { text: found.text, pending: PENDING_SIDEWAYS[found.pending]?.file };
}

/** axe's serious and critical findings on the page, one readable entry per element. */
export async function seriousViolations(page: Page): Promise<Finding[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations
    .filter((v) => FAILING_IMPACTS.has(v.impact ?? ""))
    .flatMap((v) =>
      v.nodes.map((n) => {
        const why = (n.failureSummary ?? "").replace(/\s+/g, " ").trim();
        const pending = PENDING_AXE.find((p) => p.rule === v.id && n.html.startsWith(p.html));
        return {
          text: `[${v.impact}] ${v.id} at ${n.target.join(" ")}: ${why}\n    ${n.html.slice(0, 200)}`,
          pending: pending?.file,
        };
      }),
    );
}
