/**
 * Time per explanation at 10k, 200k and 1M customer rows × 15 attributes, one planted
 * segment. The rows are built before the clock starts; the clock covers the whole `explain`
 * call, including the engine's own conversion of the row objects. Median of several runs
 * after warm-up runs (the first calls also pay for JIT compilation).
 */
import { generateCase } from "./synthetic";
import { deriveSeed } from "./prng";
import type { Engine } from "./run";
import { segmentKey } from "./score";

export interface TimingResult {
  rows: number;
  attributes: number;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Whether the planted segment came back, so a fast wrong answer shows. */
  plantedFound: boolean;
}

export const TIMING_SIZES = [
  { rows: 10_000, warmups: 5, runs: 21 },
  { rows: 200_000, warmups: 2, runs: 7 },
  { rows: 1_000_000, warmups: 1, runs: 5 },
] as const;

const SLOW_RUN_MS = 5_000;

export function runTiming(
  engine: Engine,
  seed: number,
  log: (line: string) => void = () => {},
): TimingResult[] {
  return TIMING_SIZES.map(({ rows, warmups, runs }) => {
    const c = generateCase(deriveSeed(seed, 0x7157, rows), {
      customers: rows,
      attributes: 15,
      segments: 1,
    });
    const warmStart = performance.now();
    for (let i = 0; i < warmups; i++) engine(c.rows);
    // An engine far off the target would hold the machine for many minutes at 1M rows:
    // three runs still give a median.
    const planned =
      (performance.now() - warmStart) / warmups > SLOW_RUN_MS ? Math.min(3, runs) : runs;
    const times: number[] = [];
    let plantedFound = false;
    for (let i = 0; i < planned; i++) {
      const started = performance.now();
      const explanation = engine(c.rows);
      times.push(performance.now() - started);
      plantedFound = explanation.segments.some(
        (s) => segmentKey(s.predicates) === c.planted[0].key,
      );
    }
    times.sort((a, b) => a - b);
    const result = {
      rows,
      attributes: c.attributes.length,
      runs: planned,
      medianMs: times[Math.floor(times.length / 2)],
      minMs: times[0],
      maxMs: times[times.length - 1],
      plantedFound,
    };
    log(
      `timing ${rows.toLocaleString("en-US")} rows: median ${result.medianMs.toFixed(1)} ms over ${planned} runs`,
    );
    return result;
  });
}
