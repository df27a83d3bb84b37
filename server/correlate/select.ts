/**
 * Which candidates are causes at the right granularity, and the small set that explains
 * the failures.
 *
 * A candidate S is *exact* when
 *  - it is general enough: for each of its predicates, S refines the parent without that
 *    predicate — the rest of the parent adds little excess failing and fails clearly less
 *    than S (else the parent is the simpler, better explanation), and
 *  - it is specific enough: no child refines S (else S mixes a failing part with a healthy
 *    one, and the child is the cause).
 * The set is then chosen greedily by excess failing over the unexplained rest: each pick
 * must be significant against the rows no pick explains yet (Bonferroni over every
 * candidate tried), hold enough of the failing and fail well above that rest.
 */
import type { Candidate, CandidatePool } from "./candidates";
import type { Itemset } from "./counting";
import { logUpperTail, riskRatio, zTwoRates } from "./stats";

/** Excess failing the rest of a parent may add, as a share of the child's own excess. */
const REST_EXCESS_SHARE = 0.25;
/** Excess rate the rest may keep, as a share of the child's excess rate. */
const REST_RATE_SHARE = 0.5;
/** How clearly the child must fail above the rest of its parent. */
const HETEROGENEITY_Z = 3;

interface Rates {
  f: number;
  t: number;
}

/** Does child explain parent's excess failing, with the rest of parent near the background p? */
export function refines(child: Rates, parent: Rates, p: number): boolean {
  const fRest = parent.f - child.f;
  const tRest = parent.t - child.t;
  if (tRest <= 0 || child.t <= 0) return false;
  const childExcess = child.f - p * child.t;
  if (childExcess <= 0) return false;
  const restExcess = fRest - p * tRest;
  if (restExcess > REST_EXCESS_SHARE * childExcess) return false;
  const childRate = child.f / child.t;
  if (fRest / tRest - p > REST_RATE_SHARE * (childRate - p)) return false;
  return zTwoRates(child.f, child.t, fRest, tRest) >= HETEROGENEITY_Z;
}

export function isExact(c: Candidate, pool: CandidatePool, p: number): boolean {
  if (c.f - p * c.t <= 0) return false;
  if (c.items.length > 1) {
    for (const id of c.items) {
      const parent = pool.counts(c.items.filter((x) => x !== id));
      if (!refines(c, parent, p)) return false;
    }
  }
  return !(c.children ?? []).some((child) => refines(child, c, p));
}

export interface SelectParams {
  maxSegments: number;
  minFailing: number;
  minRiskRatio: number;
  /** log(alpha / tried): the corrected significance threshold. */
  logThreshold: number;
}

export interface Pick {
  candidate: Candidate;
  /** Log one-sided p-value of the pick against the unexplained rest at the time it was picked. */
  logP: number;
  /** Its risk ratio against that rest. */
  residualRiskRatio: number;
}

const isSubset = (a: Itemset, b: Itemset) => a.every((x) => b.includes(x));

/** Equality and range predicates on one attribute with no code in common: provably no shared row. */
function disjoint(pool: CandidatePool, a: Itemset, b: Itemset): boolean {
  const { preds } = pool;
  return a.some((x) => b.some((y) => preds[x].attr === preds[y].attr && preds[x].codes.every((c) => preds[y].mask[c] === 0)));
}

export function selectSegments(exact: Candidate[], pool: CandidatePool, params: SelectParams): Pick[] {
  const { enc } = pool.index;
  const covered = new Uint8Array(enc.n);
  let fCovered = 0;
  let tCovered = 0;
  const picks: Pick[] = [];
  let remaining = exact.filter((c) => c.f >= params.minFailing);
  while (picks.length < params.maxSegments && remaining.length > 0) {
    let best: { c: Candidate; score: number; f: number; t: number; logP: number; rr: number } | undefined;
    const next: Candidate[] = [];
    for (const c of remaining) {
      if (picks.some((p) => isSubset(p.candidate.items, c.items) || isSubset(c.items, p.candidate.items))) continue;
      const own =
        picks.length === 0 || picks.every((p) => disjoint(pool, p.candidate.items, c.items))
          ? c
          : pool.index.countExcluding(c.items, covered);
      if (own.f < params.minFailing) continue;
      next.push(c);
      const fRest = enc.F - fCovered - own.f;
      const tRest = enc.T - tCovered - own.t;
      const restRate = tRest > 0 ? fRest / tRest : 0;
      const rr = riskRatio(own.f / own.t, restRate);
      if (rr < params.minRiskRatio) continue;
      const logP = tRest > 0 ? logUpperTail(zTwoRates(own.f, own.t, fRest, tRest)) : -Infinity;
      if (logP > params.logThreshold) continue;
      const score = own.f - restRate * own.t;
      if (!best || score > best.score) best = { c, score, f: own.f, t: own.t, logP, rr };
    }
    if (!best) break;
    picks.push({ candidate: best.c, logP: best.logP, residualRiskRatio: best.rr });
    pool.index.mark(best.c.items, covered);
    fCovered += best.f;
    tCovered += best.t;
    remaining = next.filter((c) => c !== best.c);
  }
  return picks;
}
