/** Timing a call the way every benchmark here does: one warm-up, then `runs` timed calls. */

/** The nearest-rank percentile of ascending `sorted` values. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** p50 and p95 in milliseconds of `runs` calls of `fn`, after one untimed warm-up call. */
export async function timeRuns(runs: number, fn: () => Promise<unknown>) {
  await fn(); // warm-up: plans cached, pages in memory
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), runs };
}
