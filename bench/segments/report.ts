/**
 * The printed report of `npm run bench:segments`: one section per part, then the issue's
 * targets with met/missed. Plain text, aligned columns, numbers formatted for people.
 */
import type { PublishedResult } from "./rs";
import { byCausePredicates, recallByPredicates, secondsSummary, type CaseResult } from "./run";
import { addCounts, rates, type Counts } from "./score";
import type { TimingResult } from "./timing";

export const TARGETS = { syntheticF1: 0.9, rsF1: 0.7, ms10k: 100, ms1m: 1000 } as const;

export interface Target {
  name: string;
  measured: string;
  met: boolean;
}

const n = (x: number) => x.toLocaleString("en-US");
const f3 = (x: number) => x.toFixed(3);
const secs = (x: number) => (x < 0.1 ? x.toFixed(3) : x.toFixed(2));

export function table(rows: readonly (readonly string[])[], indent = "  "): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? "")].length)));
  return rows.map(
    (r) =>
      indent +
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join("  ")
        .trimEnd(),
  );
}

function countsLine(c: Counts): string {
  const r = rates(c);
  return `TP ${c.tp}  FP ${c.fp}  FN ${c.fn}   precision ${f3(r.precision)}  recall ${f3(r.recall)}  F1 ${f3(r.f1)}`;
}

export function syntheticSection(
  results: readonly CaseResult[],
  seed: number,
): { lines: string[]; target: Target } {
  const total = addCounts(results.map((r) => r.score));
  const customers = results.map((r) => r.rows);
  const silent = results.filter((r) => r.explanation.verdict === "no-clear-segment").length;
  const time = secondsSummary(results);
  const slowest = results.reduce((a, b) => (b.seconds > a.seconds ? b : a), results[0]);
  const f1 = rates(total).f1;
  const lines = [
    `Synthetic: ${results.length} cases of seed ${seed} (${n(Math.min(...customers))}–${n(Math.max(...customers))} customers, ` +
      `10–20 attributes, 1–3 planted segments of 1–3 predicates; exact match, TP/FP/FN summed)`,
    `  planted ${results.reduce((s, r) => s + r.truth.length, 0)} segments, returned ${results.reduce((s, r) => s + r.predicted.length, 0)}`,
    `  ${countsLine(total)}`,
    `  planted segments found, by their number of predicates: ` +
      recallByPredicates(results)
        .map((g) => `${g.predicates}: ${g.found}/${g.of}`)
        .join("   "),
    `  cases answered "no clear segment": ${silent}`,
    `  seconds per case: mean ${secs(time.mean)}, max ${secs(time.max)} (${slowest.name}, ${slowest.about})`,
  ];
  return {
    lines,
    target: {
      name: `synthetic F1 ≥ ${TARGETS.syntheticF1.toFixed(2)}`,
      measured: f3(f1),
      met: f1 >= TARGETS.syntheticF1,
    },
  };
}

export function rsSection(
  results: readonly CaseResult[],
  dir: string,
  published: readonly PublishedResult[],
) {
  const total = addCounts(results.map((r) => r.score));
  const r = rates(total);
  const time = secondsSummary(results);
  const rows: string[][] = [
    ["algorithm", "F1", "precision", "recall", "s/case"],
    [
      "Blastradius (this run)",
      f3(r.f1),
      f3(r.precision),
      f3(r.recall),
      `${secs(time.mean)} mean, ${secs(time.max)} max`,
    ],
    ...published.map((p) => [
      `${p.algorithm} (published)`,
      f3(p.f1),
      f3(p.precision),
      f3(p.recall),
      String(p.secondsPerCase),
    ]),
  ];
  const breakdown: string[][] = [
    ["true cause", "cases", "TP", "FP", "FN", "precision", "recall", "F1"],
    ...byCausePredicates(results).map((g) => {
      const gr = rates(g);
      return [
        g.label,
        String(g.cases),
        String(g.tp),
        String(g.fp),
        String(g.fn),
        f3(gr.precision),
        f3(gr.recall),
        f3(gr.f1),
      ];
    }),
  ];
  const silent = results.filter((x) => x.explanation.verdict === "no-clear-segment").length;
  const lines = [
    `RS: ${results.length} cases from ${dir} (anomaly minute only, failing = value, total = cnt; exact match, TP/FP/FN summed)`,
    `  ${countsLine(total)}`,
    ...table(rows),
    `  published: the dataset README's figures for the authors' code with default parameters; s/case there is their run, not this machine`,
    `  by the number of predicates of the true cause:`,
    ...table(breakdown, "    "),
    `  cases answered "no clear segment": ${silent}`,
  ];
  return {
    lines,
    target: {
      name: `RS F1 ≥ ${TARGETS.rsF1.toFixed(2)}`,
      measured: f3(r.f1),
      met: r.f1 >= TARGETS.rsF1,
    },
  };
}

export function timingSection(results: readonly TimingResult[]): {
  lines: string[];
  targets: Target[];
} {
  const ms = (x: number) =>
    x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;
  const lines = [
    `Timing: ${results[0]?.attributes ?? 15} attributes, one planted segment; rows built before the clock, explain() timed whole`,
    ...table([
      ["rows", "median", "min", "max", "runs", "planted segment returned"],
      ...results.map((t) => [
        n(t.rows),
        ms(t.medianMs),
        ms(t.minMs),
        ms(t.maxMs),
        String(t.runs),
        t.plantedFound ? "yes" : "no",
      ]),
    ]),
  ];
  const targets: Target[] = [];
  const small = results.find((t) => t.rows === 10_000);
  const large = results.find((t) => t.rows === 1_000_000);
  if (small)
    targets.push({
      name: `10,000 rows < ${TARGETS.ms10k} ms`,
      measured: ms(small.medianMs),
      met: small.medianMs < TARGETS.ms10k,
    });
  if (large)
    targets.push({
      name: `1,000,000 rows < 1 s`,
      measured: ms(large.medianMs),
      met: large.medianMs < TARGETS.ms1m,
    });
  return { lines, targets };
}

export function targetsSection(targets: readonly Target[]): string[] {
  if (targets.length === 0) return [];
  return [
    "Targets (issue #3)",
    ...table(targets.map((t) => [t.name, t.measured, t.met ? "met" : "MISSED"])),
  ];
}
