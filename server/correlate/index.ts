/**
 * The segment engine: given customers (or aggregated traffic leaves) with failing and
 * total counts, which conjunctions of up to three attribute predicates explain the
 * failures? Pure and deterministic — no database, clock, framework or randomness — so the
 * incident page, the audience builder and the benchmark all call the same function.
 *
 * How: encode rows as integer codes (encode.ts), build value and range predicates
 * (predicates.ts), count over posting lists (counting.ts). Then peel causes one at a time:
 * each is the best exact candidate (exactness.ts) of a best-first search over the rows no
 * chosen segment explains yet (search.ts), judged against a background rate re-estimated
 * from the rows outside it. Finally each segment is chosen again with only the others'
 * rows left out (backfitting), so one picked before a second cause was known is judged
 * against the healthy rows, not against the other cause's failures.
 */
import { RowIndex, type Itemset } from "./counting";
import { encode } from "./encode";
import { buildPredicates } from "./predicates";
import { Residual, type Found, type SearchParams } from "./search";
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

/** Rounds of re-choosing each segment with the others' rows left out. */
const BACKFIT_ROUNDS = 2;
/**
 * Risk ratio every segment after the first needs against the rows still unexplained. Real
 * traffic is never uniform — devices, CDNs, versions fail at somewhat different rates — so
 * once the main cause is out, a mild contrast is far more likely such variation than a
 * second incident; planted and real second causes stand 5× and more above the rest.
 */
const FURTHER_RISK_RATIO = 3;
/** Share of all failing every segment after the first must hold: a smaller one is not worth a separate notice. */
const FURTHER_SUPPORT = 0.08;
/** Share of all failing a child must hold to be counted for the exactness checks. */
const CHILD_SUPPORT = 0.01;

function resolveOptions(options: ExplainOptions): Required<ExplainOptions> {
  const o = {
    ...DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  };
  const check = (ok: boolean, message: string) => {
    if (!ok) throw new ExplainInputError(`options: ${message}`, undefined, "options");
  };
  check(
    Number.isInteger(o.maxPredicates) && o.maxPredicates >= 1 && o.maxPredicates <= 3,
    "maxPredicates must be 1, 2 or 3.",
  );
  check(
    Number.isInteger(o.maxSegments) && o.maxSegments >= 1,
    "maxSegments must be a whole number ≥ 1.",
  );
  check(o.minSupport >= 0 && o.minSupport <= 1, "minSupport must be between 0 and 1.");
  check(o.minRiskRatio >= 1, "minRiskRatio must be ≥ 1.");
  check(o.alpha > 0 && o.alpha < 1, "alpha must be between 0 and 1 (exclusive).");
  check(
    Number.isInteger(o.rangeMinCardinality) && o.rangeMinCardinality >= 2,
    "rangeMinCardinality must be a whole number ≥ 2.",
  );
  return o;
}

export function explain(rows: readonly ExplainRow[], options: ExplainOptions = {}): Explanation {
  const opts = resolveOptions(options);
  const enc = encode(rows);
  const { F, T } = enc;
  const none: Explanation = {
    verdict: "no-clear-segment",
    segments: [],
    failing: F,
    total: T,
    coverage: 0,
  };
  if (F <= 0 || F >= T) return none;

  const childFailing = Math.min(opts.minSupport, CHILD_SUPPORT) * F;
  const preds = buildPredicates(enc, opts.rangeMinCardinality, childFailing);
  const index = new RowIndex(enc, preds);
  const params: SearchParams = {
    maxPredicates: opts.maxPredicates,
    minFailing: opts.minSupport * F,
    childFailing,
    minRiskRatio: opts.minRiskRatio,
    logAlpha: Math.log(opts.alpha),
    overdispersed: false,
  };
  const residuals = new ResidualCache(index);
  const picks = choose(residuals, params, opts.maxSegments);
  if (picks.length === 0) return none;

  const root = residuals.without([]);
  const segments = picks.map((pick): Segment => {
    const { items } = pick.candidate;
    const { f, t } = root.counts(items);
    const failureRate = t > 0 ? f / t : 0;
    const outsideRate = T - t > 0 ? (F - f) / (T - t) : 0;
    return {
      predicates: items.map((id) => {
        const { attribute, value, match } = preds[id].predicate;
        return match ? { attribute, value, match: { ...match } } : { attribute, value };
      }),
      failing: f,
      total: t,
      support: f / F,
      failureRate,
      outsideRate,
      riskRatio: riskRatio(failureRate, outsideRate),
      confidence: confidence(pick.logP, residuals.tried.size, pick.residualRiskRatio),
    };
  });
  segments.sort((a, b) => b.failing - a.failing || b.confidence - a.confidence);
  const covered = residuals.mask(picks.map((p) => p.candidate.items));
  let coveredFailing = 0;
  for (const row of covered.rows) coveredFailing += enc.failing[row];
  return { verdict: "segments", segments, failing: F, total: T, coverage: coveredFailing / F };
}

/**
 * Greedy peeling, then backfitting: each next segment is the best cause among the rows no
 * segment explains yet; then each segment is chosen again with only the others' rows left
 * out, so one found before a second cause was known is judged against the healthy rows.
 */
function choose(residuals: ResidualCache, params: SearchParams, maxSegments: number): Found[] {
  const picks: Found[] = [];
  const further: SearchParams = {
    ...params,
    minRiskRatio: Math.max(params.minRiskRatio, FURTHER_RISK_RATIO),
    minFailing: Math.max(params.minFailing, FURTHER_SUPPORT * residuals.failing),
    overdispersed: true,
  };
  const paramsFor = (i: number) => (i === 0 ? params : further);
  while (picks.length < maxSegments) {
    const found = residuals
      .without(picks.map((p) => p.candidate.items))
      .search(paramsFor(picks.length));
    if (!found) break;
    picks.push(found);
  }
  for (let round = 0; round < BACKFIT_ROUNDS && picks.length > 1; round++) {
    let changed = false;
    for (let i = 0; i < picks.length; i++) {
      const residual = residuals.without(
        picks.filter((_, j) => j !== i).map((p) => p.candidate.items),
      );
      const current = picks[i].candidate.items;
      const found = residual.search(paramsFor(i));
      // A replacement must explain the same failures (better granularity), not others.
      if (
        found &&
        (found.candidate.key === picks[i].candidate.key ||
          residual.sharesFailing(found.candidate.items, current))
      ) {
        changed ||= found.candidate.key !== picks[i].candidate.key;
        picks[i] = found;
        continue;
      }
      const kept = residual.evaluate(current, paramsFor(i));
      if (kept) picks[i] = kept;
      else {
        picks.splice(i--, 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return mergeSiblings(residuals, picks, params);
}

/**
 * Two segments that differ only in the value of one attribute (bitrate=4500 & device=C1,
 * bitrate=4500 & device=C3) are read as one cause seen twice, and replaced by their common
 * parent when that is significant on its own: the simplest set, one notice instead of two.
 */
function mergeSiblings(residuals: ResidualCache, picks: Found[], params: SearchParams): Found[] {
  for (let i = 0; i < picks.length; i++) {
    for (let j = i + 1; j < picks.length; j++) {
      const a = picks[i].candidate.items;
      const b = picks[j].candidate.items;
      const common = a.filter((id) => b.includes(id));
      if (common.length === 0 || common.length !== a.length - 1 || common.length !== b.length - 1)
        continue;
      const [x] = a.filter((id) => !common.includes(id));
      const [y] = b.filter((id) => !common.includes(id));
      if (residuals.attributeOf(x) !== residuals.attributeOf(y)) continue;
      const others = picks.filter((_, k) => k !== i && k !== j).map((p) => p.candidate.items);
      const merged = residuals.without(others).evaluate(common, params);
      if (!merged) continue;
      picks.splice(j, 1);
      picks[i] = merged;
      j = i;
    }
  }
  return picks;
}

/** One Residual per set of left-out segments, so the searches of the backfit reuse counts. */
class ResidualCache {
  readonly tried = new Set<string>();
  readonly failing: number;
  private readonly cache = new Map<string, Residual>();

  constructor(private readonly index: RowIndex) {
    this.failing = index.enc.F;
  }

  attributeOf(predicate: number): number {
    return this.index.preds[predicate].attr;
  }

  mask(segments: Itemset[]): { mask: Uint8Array; rows: Int32Array } {
    const mask = new Uint8Array(this.index.enc.n);
    for (const items of segments) this.index.mark(items, mask);
    let count = 0;
    for (let i = 0; i < mask.length; i++) count += mask[i];
    const rows = new Int32Array(count);
    let k = 0;
    for (let i = 0; i < mask.length && k < count; i++) if (mask[i] === 1) rows[k++] = i;
    return { mask, rows };
  }

  without(segments: Itemset[]): Residual {
    const key = segments
      .map((s) => s.join(","))
      .sort()
      .join("|");
    let residual = this.cache.get(key);
    if (!residual) {
      const { mask, rows } =
        segments.length > 0 ? this.mask(segments) : { mask: undefined, rows: undefined };
      residual = new Residual(this.index, segments, mask, rows, this.tried);
      this.cache.set(key, residual);
    }
    return residual;
  }
}
