/**
 * A few round moments for a time axis: every 1, 2, 5, 10, 15 or 30 minutes, or every 1, 2, 3,
 * 6, 12 or 24 hours — the smallest step that keeps at most `count` ticks. Given to the chart
 * as its ticks, so it does not lay out (and measure) a candidate label at every data point.
 */
const MINUTE = 60_000;
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * MINUTE);

export function timeTicks(min: number, max: number, count = 6): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  if (max === min) return [min];
  const span = max - min;
  const step =
    STEPS.find((s) => span / s <= count) ??
    Math.ceil(span / count / (1440 * MINUTE)) * 1440 * MINUTE;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) ticks.push(t);
  return ticks;
}
