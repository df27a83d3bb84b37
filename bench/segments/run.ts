/**
 * Runs the engine on one benchmark case and keeps what the report and the error analysis
 * need: the normalised keys, the exact-match score, the time, and the true causes' own
 * figures recounted from the rows (so a miss can be read next to what was there to find).
 */
import type { explain, Explanation, ExplainRow, Predicate, Segment } from "@/server/correlate";
import {
  MISSING,
  scoreCase,
  segmentKey,
  truthKey,
  type CaseScore,
  type Counts,
  type TruthPredicate,
} from "./score";

/** The engine under test, passed in by the entry point (bench/segments.ts). */
export type Engine = typeof explain;

/** A true cause's own figures, as the engine reports a segment's. */
export interface TruthFigures extends Pick<
  Segment,
  "failing" | "total" | "support" | "failureRate" | "outsideRate" | "riskRatio"
> {
  key: string;
  predicates: number;
}

/**
 * A missed cause and a returned segment one or more predicates narrower or broader: the
 * rows between them (in the broader, not in the narrower) decide which one is right. If
 * they fail like the rest of the traffic, the narrower is the cause; if they fail like
 * the narrower, the broader is. Both counts leave out the rows of the case's other true causes.
 */
export interface Between {
  truth: string;
  returned: string;
  relation: "narrower" | "broader";
  failing: number;
  total: number;
  /** The failure rate of the rows outside the broader of the two. */
  outsideRate: number;
}

export interface CaseResult {
  name: string;
  /** What the report says about the case (customers, attributes, rows …). */
  about: string;
  rows: number;
  truth: TruthFigures[];
  predicted: string[];
  explanation: Explanation;
  score: CaseScore;
  seconds: number;
  between: Between[];
}

const text = (v: unknown) => (v === null || v === undefined ? MISSING : String(v));

export function truthFigures(
  rows: readonly ExplainRow[],
  predicates: readonly TruthPredicate[],
): TruthFigures {
  let [failing, total, allFailing, allTotal] = [0, 0, 0, 0];
  for (const row of rows) {
    allFailing += row.failing;
    allTotal += row.total;
    if (predicates.every((p) => text(row.attributes[p.attribute]) === p.value)) {
      failing += row.failing;
      total += row.total;
    }
  }
  const failureRate = total ? failing / total : 0;
  const outsideRate = allTotal - total ? (allFailing - failing) / (allTotal - total) : 0;
  return {
    key: truthKey(predicates),
    predicates: predicates.length,
    failing,
    total,
    support: allFailing ? failing / allFailing : 0,
    failureRate,
    outsideRate,
    riskRatio: outsideRate ? failureRate / outsideRate : Infinity,
  };
}

export function runCase(
  engine: Engine,
  name: string,
  about: string,
  rows: readonly ExplainRow[],
  causes: readonly TruthPredicate[][],
): CaseResult {
  const started = performance.now();
  const explanation = engine(rows);
  const seconds = (performance.now() - started) / 1000;
  const predicted = explanation.segments.map((s) => segmentKey(s.predicates));
  const truth = causes.map((c) => truthFigures(rows, c));
  const score = scoreCase(
    predicted,
    truth.map((t) => t.key),
  );
  const between = causes
    .filter((c) => score.missed.includes(truthKey(c)))
    .flatMap((c) =>
      explanation.segments.flatMap((s) =>
        betweenFigures(
          rows,
          c,
          s.predicates,
          causes.filter((o) => o !== c),
        ),
      ),
    );
  return { name, about, rows: rows.length, truth, predicted, explanation, score, seconds, between };
}

/** Rows inside the case's other true causes are left out, so their failures do not decide for this one. */
function betweenFigures(
  rows: readonly ExplainRow[],
  cause: readonly TruthPredicate[],
  returned: readonly Predicate[],
  others: readonly (readonly TruthPredicate[])[],
): Between[] {
  if (returned.some((p) => p.match?.kind === "range")) return [];
  const pairs = (ps: readonly { attribute: string; value: string }[]) =>
    new Set(ps.map((p) => `${p.attribute}=${p.value}`));
  const [t, r] = [pairs(cause), pairs(returned)];
  const shared = [...r].filter((x) => t.has(x)).length;
  const relation =
    shared === t.size && r.size > t.size
      ? "narrower"
      : shared === r.size && r.size < t.size
        ? "broader"
        : undefined;
  if (!relation) return [];
  const [broad, narrow] = relation === "narrower" ? [cause, returned] : [returned, cause];
  const inside = (row: ExplainRow, ps: readonly { attribute: string; value: string }[]) =>
    ps.every((p) => text(row.attributes[p.attribute]) === p.value);
  let [failing, total, outFailing, outTotal] = [0, 0, 0, 0];
  for (const row of rows) {
    if (others.some((o) => inside(row, o))) continue;
    if (!inside(row, broad)) {
      outFailing += row.failing;
      outTotal += row.total;
    } else if (!inside(row, narrow)) {
      failing += row.failing;
      total += row.total;
    }
  }
  return [
    {
      truth: truthKey(cause),
      returned: segmentKey(returned),
      relation,
      failing,
      total,
      outsideRate: outTotal ? outFailing / outTotal : 0,
    },
  ];
}

export interface Breakdown extends Counts {
  label: string;
  cases: number;
}

/** TP/FP/FN of the cases grouped by the number of predicates of their true causes. */
export function byCausePredicates(results: readonly CaseResult[]): Breakdown[] {
  const groups = new Map<string, Breakdown>();
  for (const r of results) {
    const sizes = [...new Set(r.truth.map((t) => t.predicates))].sort();
    const label =
      sizes.length === 1
        ? `${sizes[0]} predicate${sizes[0] > 1 ? "s" : ""}`
        : `mixed ${sizes.join("+")}`;
    const g = groups.get(label) ?? { label, cases: 0, tp: 0, fp: 0, fn: 0 };
    g.cases++;
    g.tp += r.score.tp;
    g.fp += r.score.fp;
    g.fn += r.score.fn;
    groups.set(label, g);
  }
  return [...groups.values()].sort((a, b) => a.label.localeCompare(b.label));
}

/** Found/planted per number of predicates, over every true cause (false positives belong to no cause). */
export function recallByPredicates(
  results: readonly CaseResult[],
): { predicates: number; found: number; of: number }[] {
  const out = new Map<number, { predicates: number; found: number; of: number }>();
  for (const r of results) {
    for (const t of r.truth) {
      const g = out.get(t.predicates) ?? { predicates: t.predicates, found: 0, of: 0 };
      g.of++;
      if (r.score.matched.includes(t.key)) g.found++;
      out.set(t.predicates, g);
    }
  }
  return [...out.values()].sort((a, b) => a.predicates - b.predicates);
}

export function secondsSummary(results: readonly CaseResult[]) {
  const s = results.map((r) => r.seconds);
  return { mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length), max: Math.max(0, ...s) };
}
