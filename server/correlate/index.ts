/**
 * The segment engine: given customers (or aggregated traffic leaves) with failing and
 * total counts, which conjunctions of up to three attribute predicates explain the
 * failures? Pure and deterministic — no database, clock, framework or randomness — so the
 * incident page, the audience builder and the benchmark all call the same function.
 *
 * How: encode rows as integer codes (encode.ts), build value and range predicates
 * (predicates.ts), count singles and extend them apriori-style (candidates.ts), keep the
 * candidates at the exact granularity and choose a small set greedily against the
 * unexplained rest (select.ts). The background failure rate is re-estimated from the rows
 * outside the chosen segments and the choice repeated until it settles, so a weaker second
 * cause is judged against the healthy rows, not against the first cause's failures.
 */
import { CandidatePool, byKey } from "./candidates";
import { RowIndex } from "./counting";
import { encode } from "./encode";
import { buildPredicates } from "./predicates";
import { isExact, selectSegments, type Pick } from "./select";
import { confidence, riskRatio } from "./stats";
import {
  ExplainInputError,
  type ExplainOptions,
  type ExplainRow,
  type Explanation,
  type Segment,
} from "./types";

export type {
  AttributeValue,
  ExplainOptions,
  ExplainRow,
  Explanation,
  Predicate,
  Segment,
} from "./types";
export { ExplainInputError } from "./types";

const DEFAULTS: Required<ExplainOptions> = {
  maxPredicates: 3,
  maxSegments: 5,
  minSupport: 0.05,
  minRiskRatio: 1.5,
  alpha: 0.001,
  rangeMinCardinality: 16,
};

/** Background re-estimations before the chosen set must have settled. */
const MAX_ROUNDS = 4;

function resolveOptions(options: ExplainOptions): Required<ExplainOptions> {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const check = (ok: boolean, message: string) => {
    if (!ok) throw new ExplainInputError(`options: ${message}`, undefined, "options");
  };
  check(Number.isInteger(o.maxPredicates) && o.maxPredicates >= 1 && o.maxPredicates <= 3, "maxPredicates must be 1, 2 or 3.");
  check(Number.isInteger(o.maxSegments) && o.maxSegments >= 1, "maxSegments must be a whole number ≥ 1.");
  check(o.minSupport >= 0 && o.minSupport <= 1, "minSupport must be between 0 and 1.");
  check(o.minRiskRatio >= 1, "minRiskRatio must be ≥ 1.");
  check(o.alpha > 0 && o.alpha < 1, "alpha must be between 0 and 1 (exclusive).");
  check(Number.isInteger(o.rangeMinCardinality) && o.rangeMinCardinality >= 2, "rangeMinCardinality must be a whole number ≥ 2.");
  return o;
}

export function explain(rows: readonly ExplainRow[], options: ExplainOptions = {}): Explanation {
  const opts = resolveOptions(options);
  const enc = encode(rows);
  const { F, T } = enc;
  const none: Explanation = { verdict: "no-clear-segment", segments: [], failing: F, total: T, coverage: 0 };
  if (F <= 0 || F >= T) return none;

  const preds = buildPredicates(enc, opts.rangeMinCardinality);
  const index = new RowIndex(enc, preds);
  const minFailing = opts.minSupport * F;
  const pool = new CandidatePool(index, opts.maxPredicates, minFailing);

  let background = F / T;
  let picks: Pick[] = [];
  let previous = "";
  for (let round = 0; round < MAX_ROUNDS; round++) {
    pool.expand(background);
    const exact = [...pool.byKey.values()]
      .filter((c) => isExact(c, pool, background))
      .sort((a, b) => a.items.length - b.items.length || byKey(a, b));
    picks = selectSegments(exact, pool, {
      maxSegments: opts.maxSegments,
      minFailing,
      minRiskRatio: opts.minRiskRatio,
      logThreshold: Math.log(opts.alpha) - Math.log(pool.tried),
    });
    const signature = picks.map((p) => p.candidate.key).join("|");
    if (picks.length === 0 || signature === previous) break;
    previous = signature;
    const union = unionCounts(index, picks);
    background = T - union.t > 0 ? (F - union.f) / (T - union.t) : 0;
  }
  if (picks.length === 0) return none;

  const segments: Segment[] = picks.map((pick) => {
    const { f, t, items } = pick.candidate;
    const failureRate = t > 0 ? f / t : 0;
    const outsideRate = T - t > 0 ? (F - f) / (T - t) : 0;
    return {
      predicates: items.map((id) => ({ ...preds[id].predicate })),
      failing: f,
      total: t,
      support: f / F,
      failureRate,
      outsideRate,
      riskRatio: riskRatio(failureRate, outsideRate),
      confidence: confidence(pick.logP, pool.tried, pick.residualRiskRatio),
    };
  });
  return { verdict: "segments", segments, failing: F, total: T, coverage: unionCounts(index, picks).f / F };
}

function unionCounts(index: RowIndex, picks: Pick[]): { f: number; t: number } {
  const covered = new Uint8Array(index.enc.n);
  for (const p of picks) index.mark(p.candidate.items, covered);
  let f = 0;
  let t = 0;
  for (let i = 0; i < covered.length; i++) {
    if (covered[i] === 1) {
      f += index.enc.failing[i];
      t += index.enc.total[i];
    }
  }
  return { f, t };
}
