/**
 * What the accessibility spec checks on each page: axe-core's WCAG 2 A/AA rules (serious and
 * critical findings fail) and that nothing scrolls sideways, each finding in words a person can
 * act on (which element, why, how wide).
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const FAILING_IMPACTS = new Set(["serious", "critical"]);

/** Nothing still loading (skeletons say aria-busy): the page shows what it will show. */
export async function settled(page: Page) {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await page.evaluate(() => document.fonts.ready);
}

/**
 * Null when nothing scrolls sideways; else how wide the page is and the innermost elements that
 * stick out past the window (not counting content inside its own scroll box), to find the cause.
 */
export async function overflowingElements(page: Page): Promise<string | null> {
  return page.evaluate(() => {
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
    const described = culprits.slice(0, 4).map((e) => {
      const right = Math.round(e.getBoundingClientRect().right);
      return `<${e.tagName.toLowerCase()} class="${e.getAttribute("class") ?? ""}"> to ${right} px: ${(e.textContent ?? "").trim().slice(0, 60)}`;
    });
    return `scrolls sideways (${scrollWidth} px wide in ${width} px)\n  ${described.join("\n  ")}`;
  });
}

/** axe's serious and critical findings on the page, one readable entry per element. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations
    .filter((v) => FAILING_IMPACTS.has(v.impact ?? ""))
    .flatMap((v) =>
      v.nodes.map((n) => {
        const why = (n.failureSummary ?? "").replace(/\s+/g, " ").trim();
        return `[${v.impact}] ${v.id} at ${n.target.join(" ")}: ${why}\n    ${n.html.slice(0, 200)}`;
      }),
    );
}
