/**
 * The content script's own main-thread time, as performance measures named
 * `blastradius:<step>` (visible in DevTools' Performance panel and to
 * `performance.getEntriesByType("measure")`; extension/scripts/smoke.ts adds them up).
 */
export function timed<T>(step: string, work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    const end = performance.now();
    try {
      performance.measure(`blastradius:${step}`, { start, end });
    } catch {
      // A browser without measure options: the work is done, only its timing is lost.
    }
  }
}
