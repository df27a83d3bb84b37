/**
 * `--details <file>`: every case with a miss, as Markdown, for the error analysis the
 * engine's author tunes from — the true causes with their figures recounted from the rows,
 * what the engine returned with its own figures, and each miss put in a class (returned
 * narrower, broader, as a range …), with the classes counted over the run.
 */
import { writeFileSync } from "node:fs";
import type { Segment } from "@/server/correlate";
import type { CaseResult } from "./run";
import { segmentKey } from "./score";

const pct = (x: number) => `${(100 * x).toFixed(x < 0.01 ? 2 : 1)}%`;
const ratio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)}×` : "∞");
const n = (x: number) => x.toLocaleString("en-US");

/** `attr=value` / `attr∈[min,max)` parts of a normalised key. */
const parts = (key: string) => key.split("&");
const attribute = (part: string) => part.split(/=|∈/)[0];

export function classifyMiss(truth: string, returned: readonly string[], verdict: string): string {
  const t = new Set(parts(truth));
  const tAttrs = new Set([...t].map(attribute));
  const rel = returned.map((key) => {
    const p = new Set(parts(key));
    const shared = [...p].filter((x) => t.has(x)).length;
    return { p, shared, attrs: new Set([...p].map(attribute)) };
  });
  if (rel.some((r) => r.shared === t.size && r.p.size > t.size))
    return "returned narrower (an extra predicate)";
  if (rel.some((r) => r.shared === r.p.size && r.p.size < t.size))
    return "returned broader (a predicate dropped)";
  const sameAttrs = rel.filter(
    (r) => r.attrs.size === tAttrs.size && [...tAttrs].every((a) => r.attrs.has(a)),
  );
  if (sameAttrs.some((r) => [...r.p].some((x) => x.includes("∈"))))
    return "returned as a range on its attribute";
  if (sameAttrs.length > 0) return "same attributes, other value";
  if (rel.some((r) => r.shared > 0)) return "overlapping segment returned (shares a predicate)";
  if (rel.some((r) => [...r.attrs].some((a) => tAttrs.has(a))))
    return "same attribute, other value or combination";
  return verdict === "no-clear-segment"
    ? "not found: no clear segment"
    : "not found: nothing related returned";
}

export function classifyExtra(
  key: string,
  truths: readonly string[],
  matched: readonly string[],
): string {
  if (matched.includes(key)) return "repeat of a found cause";
  const p = new Set(parts(key));
  for (const truth of truths) {
    const t = new Set(parts(truth));
    const shared = [...p].filter((x) => t.has(x)).length;
    if (shared === t.size && p.size > t.size) return "narrower than a true cause";
    if (shared === p.size && p.size < t.size) return "broader than a true cause";
  }
  if (truths.some((t) => parts(t).some((x) => p.has(x)))) return "overlaps a true cause";
  return matched.length > 0 ? "unrelated, beside a found cause" : "unrelated";
}

function segmentRow(i: number, s: Segment, matched: readonly string[]): string {
  const key = segmentKey(s.predicates);
  const label = s.predicates.map((p) => `${p.attribute}=${p.value}`).join(" & ");
  return `| ${i + 1} | \`${key}\`${key !== label.replace(/ & /g, "&") ? ` (${label})` : ""} | ${n(s.failing)}/${n(s.total)} | ${pct(s.support)} | ${pct(s.failureRate)} | ${pct(s.outsideRate)} | ${ratio(s.riskRatio)} | ${s.confidence.toFixed(2)} | ${matched.includes(key) ? "TP" : "FP"} |`;
}

export function caseDetails(r: CaseResult): string[] {
  const out = [
    `### ${r.name} — ${r.about}`,
    "",
    `Verdict \`${r.explanation.verdict}\`, coverage ${pct(r.explanation.coverage)}, ${r.seconds.toFixed(3)} s; TP ${r.score.tp} FP ${r.score.fp} FN ${r.score.fn}.`,
    "",
  ];
  out.push(
    "| true cause | failing/total | support | rate inside | rate outside | risk ratio | result |",
    "|---|---|---|---|---|---|---|",
  );
  for (const t of r.truth) {
    const found = r.score.matched.includes(t.key);
    out.push(
      `| \`${t.key}\` | ${n(t.failing)}/${n(t.total)} | ${pct(t.support)} | ${pct(t.failureRate)} | ${pct(t.outsideRate)} | ${ratio(t.riskRatio)} | ${found ? "found" : `missed: ${classifyMiss(t.key, r.predicted, r.explanation.verdict)}`} |`,
    );
  }
  out.push("");
  for (const b of r.between) {
    const rate = b.total ? b.failing / b.total : 0;
    out.push(
      `Between \`${b.truth}\` and the ${b.relation} \`${b.returned}\` returned: ${n(b.failing)}/${n(b.total)} fail (${pct(rate)}), ` +
        `against ${pct(b.outsideRate)} outside both${b.outsideRate ? ` (${ratio(rate / b.outsideRate)})` : ""}.`,
    );
  }
  if (r.between.length > 0) out.push("");
  if (r.explanation.segments.length > 0) {
    out.push(
      "| # | returned | failing/total | support | rate inside | rate outside | risk ratio | confidence | |",
      "|---|---|---|---|---|---|---|---|---|",
    );
    r.explanation.segments.forEach((s, i) => out.push(segmentRow(i, s, r.score.matched)));
    out.push("");
  }
  return out;
}

/** Counts of each class of miss over the cases, largest first. */
export function missClasses(results: readonly CaseResult[]): {
  missed: [string, number][];
  extra: [string, number][];
} {
  const missed = new Map<string, number>();
  const extra = new Map<string, number>();
  for (const r of results) {
    for (const key of r.score.missed) {
      const c = classifyMiss(key, r.predicted, r.explanation.verdict);
      missed.set(c, (missed.get(c) ?? 0) + 1);
    }
    const truths = r.truth.map((t) => t.key);
    for (const key of r.score.extra) {
      const c = classifyExtra(key, truths, r.score.matched);
      extra.set(c, (extra.get(c) ?? 0) + 1);
    }
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { missed: sorted(missed), extra: sorted(extra) };
}

/** Whether "keep a predicate only if the rows it removes fail like the rest" would have chosen right. */
function betweenSummary(results: readonly CaseResult[]): string[] {
  const all = results.flatMap((r) => r.between);
  const elevated = (b: (typeof all)[number]) =>
    b.total > 0 && b.failing / b.total >= 2 * b.outsideRate;
  const narrower = all.filter((b) => b.relation === "narrower");
  const broader = all.filter((b) => b.relation === "broader");
  return [
    "Rows between a missed cause and a returned segment a predicate or more off (in the broader, not in the narrower, outside the other true causes):",
    `- returned narrower than the cause: those rows fail at ≥ 2× the rate outside both in ${narrower.filter(elevated).length} of ${narrower.length}`,
    `- returned broader than the cause: those rows fail at < 2× the rate outside both in ${broader.filter((b) => !elevated(b)).length} of ${broader.length}`,
  ];
}

/** Returned segments whose own figures hardly set them apart from the rest of the traffic. */
function weakSummary(results: readonly CaseResult[]): string[] {
  const returned = results.flatMap((r) =>
    r.explanation.segments.map((s) => ({
      s,
      tp: r.score.matched.includes(segmentKey(s.predicates)),
    })),
  );
  const weak = returned.filter(({ s }) => s.riskRatio < 1.5);
  const below = weak.filter(({ s }) => s.riskRatio < 1);
  return [
    `Returned segments with a risk ratio under 1.5 against all rows outside them: ${weak.length} of ${returned.length} ` +
      `(${weak.filter((w) => w.tp).length} true positives; ${below.length} under 1, i.e. failing less than the rest; ` +
      `mean confidence ${weak.length ? (weak.reduce((a, w) => a + w.s.confidence, 0) / weak.length).toFixed(2) : "–"})`,
  ];
}

export function writeDetails(
  file: string,
  header: readonly string[],
  parts: { title: string; results: readonly CaseResult[] }[],
) {
  const out = [...header, ""];
  for (const { title, results } of parts) {
    const misses = results.filter((r) => r.score.fp + r.score.fn > 0);
    const classes = missClasses(results);
    out.push(`## ${title}: ${misses.length} of ${results.length} cases with a miss`, "");
    out.push(
      "Missed true causes, by class:",
      ...classes.missed.map(([c, k]) => `- ${c}: ${k}`),
      "",
    );
    out.push("False positives, by class:", ...classes.extra.map(([c, k]) => `- ${c}: ${k}`), "");
    out.push(...betweenSummary(results), "", ...weakSummary(results), "");
    for (const r of misses) out.push(...caseDetails(r));
  }
  writeFileSync(file, out.join("\n") + "\n");
}
