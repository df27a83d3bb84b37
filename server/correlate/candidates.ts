/**
 * The candidate segments: every single predicate, and the pairs and triples reached
 * apriori-style — only an itemset that holds enough of the failing and fails clearly above
 * the background is extended, and only extensions that keep enough failing are kept.
 * Extending an itemset also records its children, which the exactness checks need.
 */
import { RowIndex, itemsetKey, type Itemset } from "./counting";
import type { PredicateDef } from "./predicates";
import { zAgainstRate } from "./stats";

export interface Candidate {
  items: Itemset;
  key: string;
  f: number;
  t: number;
  /** The counted one-predicate extensions; undefined until the candidate is extended. */
  children?: Candidate[];
}

/** Failing share a child must keep to be recorded (its parent's checks need only big children). */
const CHILD_SUPPORT = 0.01;
/** How clearly an itemset must fail above the background before its children are counted. */
const EXTEND_Z = 3;
/** Bounds the work per level at a million rows; the most significant itemsets go first. */
const MAX_EXTENDED_PER_LEVEL = 96;

export class CandidatePool {
  readonly byKey = new Map<string, Candidate>();
  readonly index: RowIndex;

  constructor(
    index: RowIndex,
    private readonly maxPredicates: number,
    private readonly minFailing: number,
  ) {
    this.index = index;
    for (const p of index.preds) if (p.f > 0) this.add([p.id], p.f, p.t);
  }

  get preds(): readonly PredicateDef[] {
    return this.index.preds;
  }

  /** All candidates of the given size, in a fixed order (by key). */
  ofSize(size: number): Candidate[] {
    return [...this.byKey.values()].filter((c) => c.items.length === size).sort(byKey);
  }

  private add(items: Itemset, f: number, t: number): Candidate {
    const key = itemsetKey(items);
    let c = this.byKey.get(key);
    if (!c) {
      c = { items, key, f, t };
      this.byKey.set(key, c);
    }
    return c;
  }

  /** Counts of any itemset, a candidate or not (parents of triples may never have been extended). */
  counts(items: Itemset): { f: number; t: number } {
    return this.byKey.get(itemsetKey(items)) ?? this.index.count(items);
  }

  /**
   * Extends, level by level, every itemset that holds ≥ minFailing and fails clearly above
   * `background`. Called again with a lower background once the first causes are known, so
   * a second cause hidden under the first one's failures gets its children counted too.
   */
  expand(background: number): void {
    const { F } = this.index.enc;
    const childMin = CHILD_SUPPORT * F;
    for (let size = 1; size < this.maxPredicates; size++) {
      const eligible = this.ofSize(size)
        .filter((c) => c.f >= this.minFailing)
        .map((c) => ({ c, z: zAgainstRate(c.f, c.t, background) }))
        .filter(({ z }) => z >= EXTEND_Z)
        .sort((a, b) => b.z - a.z || byKey(a.c, b.c))
        .slice(0, MAX_EXTENDED_PER_LEVEL);
      for (const { c } of eligible) {
        if (c.children) continue;
        c.children = this.index.extend(c.items, childMin).map(([items, n]) => this.add(items, n.f, n.t));
      }
    }
  }

  /** How many distinct segments have been counted: the number of hypotheses tried. */
  get tried(): number {
    return this.byKey.size;
  }
}

export function byKey(a: Candidate, b: Candidate): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
