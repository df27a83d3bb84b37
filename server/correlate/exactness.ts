/**
 * Whether a candidate segment is a cause at the right granularity — the criterion that
 * exact-match scoring rewards. A candidate S is exact when
 *  - it is general enough: for each of its predicates, S refines the parent without that
 *    predicate (else the parent is the simpler, better explanation), and
 *  - it is specific enough: no child refines S (else S mixes a failing part with a
 *    healthy one, and the child is the cause).
 * "C refines P" (C inside P): the rest of P adds little excess failing beyond C's own, its
 * excess rate is small next to C's, and C fails significantly more than that rest. The last
 * condition keeps a segment from losing to a child that is merely most of it.
 *
 * Two causes can share a parent (bitrate=500 and bitrate=2500, both under p2p=1): then no
 * single child refines the parent, yet the parent is too general. So the children on one
 * attribute are also taken together — the union of its two or three worst values refines P
 * — and so are the strongest children on two different attributes (beta=true & datacenter=4
 * and beta=true & device=31, overlapping); each member then counts as refining P.
 */
import type { Counts, Itemset } from "./counting";
import type { Candidate, Residual } from "./search";
import { zTwoRates } from "./stats";

/** Excess failing the rest of a parent may add, as a share of the child's own excess. */
const REST_EXCESS_SHARE = 0.25;
/** Excess rate the rest may keep, as a share of the child's excess rate. */
const REST_RATE_SHARE = 0.2;
/** How clearly the child must fail above the rest of its parent. */
const HETEROGENEITY_Z = 3;
/** Most values of one attribute that may refine a parent together … */
const MAX_UNION = 3;
/** … and the share of the parent's total they may hold: most of the parent must be healthy. */
const UNION_MAX_SHARE = 0.3;
/** Children on different attributes tried in pairs (the strongest per attribute). */
const MAX_CROSS = 4;
/** Each of a cross pair must hold this share of the pair's excess: two causes, not one and noise. */
const CROSS_MIN_SHARE = 0.25;
/** … and together hold at most this share of the parent's total (the rest of it must be real). */
const CROSS_MAX_SHARE = 0.7;

/** Does child explain parent's excess failing over the background rate p? */
export function refines(child: Counts, parent: Counts, p: number): boolean {
  const fRest = parent.f - child.f;
  const tRest = parent.t - child.t;
  if (tRest <= 0 || child.t <= 0) return false;
  const childExcess = child.f - p * child.t;
  if (childExcess <= 0) return false;
  if (fRest - p * tRest > REST_EXCESS_SHARE * childExcess) return false;
  if (fRest / tRest - p > REST_RATE_SHARE * (child.f / child.t - p)) return false;
  return zTwoRates(child.f, child.t, fRest, tRest) >= HETEROGENEITY_Z;
}

/**
 * The children of `parent` that refine it, alone or as the union of up to three values of
 * one attribute (keys of the children). Empty when the parent is homogeneous.
 */
function refiningChildren(
  parent: Counts & { items: Itemset },
  children: Candidate[],
  p: number,
  attributeOf: (id: number) => number,
  countOf: (items: Itemset) => Counts,
): Set<string> {
  const out = new Set<string>();
  const byAttribute = new Map<number, Candidate[]>();
  for (const child of children) {
    if (refines(child, parent, p)) out.add(child.key);
    // Children that add one value on one attribute are disjoint, so their counts add up.
    const added = child.items.filter((id) => !parent.items.includes(id));
    if (added.length !== 1 || child.items.length !== parent.items.length + 1) continue;
    const a = attributeOf(added[0]);
    const list = byAttribute.get(a);
    if (list) list.push(child);
    else byAttribute.set(a, [child]);
  }
  for (const list of byAttribute.values()) {
    const sorted = list
      .filter((c) => c.t > 0)
      .sort((a, b) => b.f / b.t - a.f / a.t || (a.key < b.key ? -1 : 1));
    let f = 0;
    let t = 0;
    for (let k = 0; k < Math.min(MAX_UNION, sorted.length); k++) {
      f += sorted[k].f;
      t += sorted[k].t;
      if (k > 0 && t <= UNION_MAX_SHARE * parent.t && refines({ f, t }, parent, p)) {
        for (let j = 0; j <= k; j++) out.add(sorted[j].key);
        break;
      }
    }
  }
  // Two children on different attributes overlap: |A ∪ B| = |A| + |B| − |A ∧ B|.
  const excess = (c: Counts) => c.f - p * c.t;
  const strongest = [...byAttribute.values()]
    .map((list) => list.reduce((best, c) => (excess(c) > excess(best) ? c : best)))
    .filter((c) => excess(c) > 0)
    .sort((a, b) => excess(b) - excess(a) || (a.key < b.key ? -1 : 1))
    .slice(0, MAX_CROSS);
  for (let i = 0; i < strongest.length; i++) {
    for (let j = i + 1; j < strongest.length; j++) {
      const [a, b] = [strongest[i], strongest[j]];
      const both = countOf(
        [...new Set([...a.items, ...b.items])].sort((x, y) => attributeOf(x) - attributeOf(y)),
      );
      const union = { f: a.f + b.f - both.f, t: a.t + b.t - both.t };
      const share = Math.min(excess(a), excess(b)) / excess(union);
      if (
        share >= CROSS_MIN_SHARE &&
        union.t <= CROSS_MAX_SHARE * parent.t &&
        refines(union, parent, p)
      ) {
        out.add(a.key);
        out.add(b.key);
      }
    }
  }
  return out;
}

export function isExact(
  c: Candidate,
  residual: Residual,
  p: number,
  childFailing: number,
): boolean {
  if (c.f - p * c.t <= 0) return false;
  const { preds } = residual.index;
  const attributeOf = (id: number) => preds[id].attr;
  const countOf = (items: Itemset) => residual.counts(items);
  if (c.items.length > 1) {
    for (const id of c.items) {
      const items = c.items.filter((x) => x !== id);
      const parent = { items, ...residual.counts(items) };
      if (refines(c, parent, p)) continue;
      const siblings = residual.childrenOf(items, childFailing);
      if (!refiningChildren(parent, siblings, p, attributeOf, countOf).has(c.key)) return false;
    }
  }
  return refiningChildren(c, c.children ?? [], p, attributeOf, countOf).size === 0;
}
