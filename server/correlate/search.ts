/**
 * One search for the best cause among the rows not yet explained: a best-first walk over
 * candidate segments, ordered by excess failing (failing above what the background rate
 * predicts). A popped candidate that fails clearly above the background is extended by one
 * predicate (its children join the queue); the first candidate that is exact, significant
 * and big enough is the answer. Children are counted only for what is popped, so a search
 * costs a handful of passes over the rows of the strongest candidates, not all pairs and
 * triples of the input.
 */
import { codeTotals, itemsetKey, type Counts, type Itemset, type RowIndex } from "./counting";
import { isExact } from "./exactness";
import { logUpperTail, riskRatio, zAgainstRate, zTwoRates } from "./stats";

export interface Candidate extends Counts {
  items: Itemset;
  key: string;
  /** Children with failing ≥ the child threshold; undefined until extended. */
  children?: Candidate[];
}

export interface SearchParams {
  maxPredicates: number;
  /** Failing a returned segment must hold (minSupport × all failing). */
  minFailing: number;
  /** Failing a child must hold to be counted at all (its parent's checks only need big ones). */
  childFailing: number;
  minRiskRatio: number;
  /** log(alpha): family-wise level; the number of candidates tried is subtracted at test time. */
  logAlpha: number;
  /** Test against the residual's own variability (quasi-binomial) rather than binomial noise. */
  overdispersed: boolean;
}

export interface Found {
  candidate: Candidate;
  /** Log one-sided p-value against the rest of the residual rows. */
  logP: number;
  /** Risk ratio against the rest of the residual rows. */
  residualRiskRatio: number;
}

/** How clearly a candidate must fail above the background before its children are counted. */
const EXTEND_Z = 3;
/** Bounds the work of one search; the strongest candidates are popped first. */
const MAX_POPS = 400;
const MAX_EXTENSIONS = 48;
/** Background re-estimations per search. */
const MAX_ROUNDS = 3;

/** Everything counted over one residual: the input minus the rows of `exclude`. */
export class Residual {
  readonly byKey = new Map<string, Candidate>();
  readonly F: number;
  readonly T: number;
  /** Failing and total per predicate over this residual. */
  private readonly singles: Counts[];
  private readonly parentMemo = new Map<string, Counts>();
  /** Per-code totals of this residual, for counting the children of big candidates. */
  private totals: Float64Array | undefined;

  constructor(
    readonly index: RowIndex,
    /** The segments whose rows are left out; none of their sub- or supersets is an answer here. */
    readonly excluded: Itemset[],
    readonly exclude: Uint8Array | undefined,
    excludedRows: Int32Array | undefined,
    /** Shared across residuals: every distinct segment counted, the hypotheses tried. */
    readonly tried: Set<string>,
  ) {
    const singles = index.singles(exclude, excludedRows);
    let F = index.enc.F;
    let T = index.enc.T;
    if (excludedRows) {
      for (const row of excludedRows) {
        F -= index.enc.failing[row];
        T -= index.enc.total[row];
      }
    }
    this.F = F;
    this.T = T;
    this.singles = singles;
    index.preds.forEach((p, i) => {
      if (singles[i].f > 0) this.add([p.id], singles[i]);
    });
  }

  private add(items: Itemset, counts: Counts): Candidate {
    const key = itemsetKey(items);
    let c = this.byKey.get(key);
    if (!c) {
      c = { items, key, f: counts.f, t: counts.t };
      this.byKey.set(key, c);
      this.tried.add(key);
    }
    return c;
  }

  /** Counts of any itemset over this residual (a parent of a triple may never have been a child). */
  counts(items: Itemset): Counts {
    const key = itemsetKey(items);
    const known = this.byKey.get(key) ?? this.parentMemo.get(key);
    if (known) return known;
    const counts = this.index.count(items, this.exclude);
    this.parentMemo.set(key, counts);
    return counts;
  }

  /** The children of any itemset, extending it on demand (exactness checks need a parent's children). */
  childrenOf(items: Itemset, childFailing: number): Candidate[] {
    const known = this.byKey.get(itemsetKey(items));
    return this.extend(known ?? this.add(items, this.counts(items)), childFailing);
  }

  extend(c: Candidate, childFailing: number): Candidate[] {
    if (!c.children) {
      this.totals ??= codeTotals(this.index, this.exclude);
      c.children = this.index
        .extensions(c.items, this.exclude, childFailing, this.totals)
        .map(([items, n]) => this.add(items, n));
    }
    return c.children;
  }

  /** The best cause in this residual, re-estimating the background from the rows outside it. */
  search(params: SearchParams): Found | undefined {
    let background = this.F / this.T;
    let found: Found | undefined;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const next = this.bestAt(background, params);
      if (!next) return found;
      const same = found?.candidate.key === next.candidate.key;
      found = next;
      const rest = this.T - next.candidate.t;
      const updated = rest > 0 ? (this.F - next.candidate.f) / rest : 0;
      if (same || Math.abs(updated - background) <= 1e-12) break;
      background = updated;
    }
    return found;
  }

  private bestAt(p: number, params: SearchParams): Found | undefined {
    const excess = (c: Candidate) => c.f - p * c.t;
    const better = (a: Candidate, b: Candidate) =>
      excess(a) - excess(b) ||
      b.items.length - a.items.length ||
      (a.key < b.key ? 1 : a.key > b.key ? -1 : 0);
    const heap = new Heap<Candidate>((a, b) => better(a, b) > 0);
    const queued = new Set<string>();
    const push = (c: Candidate) => {
      if (c.f < params.minFailing || excess(c) <= 0 || queued.has(c.key)) return;
      queued.add(c.key);
      heap.push(c);
    };
    for (const c of this.byKey.values()) if (c.items.length === 1) push(c);
    let extensions = 0;
    for (let pops = 0; pops < MAX_POPS && heap.size > 0; pops++) {
      const c = heap.pop()!;
      if (c.items.length < params.maxPredicates) {
        if (c.children) c.children.forEach(push);
        else if (extensions < MAX_EXTENSIONS && zAgainstRate(c.f, c.t, p) >= EXTEND_Z) {
          extensions++;
          this.extend(c, params.childFailing).forEach(push);
        }
      }
      if (this.related(c.items)) continue;
      const verdict = this.significance(c, params);
      if (!verdict) continue;
      if (c.items.length < params.maxPredicates && !c.children)
        this.extend(c, params.childFailing).forEach(push);
      if (isExact(c, this, p, params.childFailing)) return verdict;
    }
    return undefined;
  }

  /** Sub- or superset of a left-out segment: its parent or child, a rival reading of the same cause. */
  private related(items: Itemset): boolean {
    const within = (a: Itemset, b: Itemset) => a.every((x) => b.includes(x));
    return this.excluded.some((e) => within(e, items) || within(items, e));
  }

  /** The significance verdict of a given segment in this residual (undefined when it fails). */
  evaluate(items: Itemset, params: SearchParams): Found | undefined {
    const counts = this.counts(items);
    if (counts.f < params.minFailing) return undefined;
    return this.significance({ items, key: itemsetKey(items), ...counts }, params);
  }

  /** Whether `a` holds at least half of the failing of `b`, in this residual. */
  sharesFailing(a: Itemset, b: Itemset): boolean {
    const inB = new Uint8Array(this.index.enc.n);
    for (const row of this.index.rowsOf(b, this.exclude, true)) inB[row] = 1;
    let both = 0;
    let all = 0;
    const { failing } = this.index.enc;
    for (const row of this.index.rowsOf(a, this.exclude, true))
      if (inB[row] === 1) both += failing[row];
    for (const row of this.index.rowsOf(b, this.exclude, true)) all += failing[row];
    return both >= 0.5 * all;
  }

  /**
   * How much more the failure rate varies between attribute values than binomial noise
   * alone would make it, once the candidate's own rows are set aside (else its effect
   * would count as noise): the median squared standardised residual of all values over its
   * null median, ≥ 1. Customer-level data sits near 1; real traffic is far above it.
   */
  private dispersionWithout(c: Candidate): number {
    const { enc, offsets, preds } = this.index;
    const hf = new Float64Array(offsets[enc.columns.length]);
    const ht = new Float64Array(hf.length);
    const rows = this.index.rowsOf(c.items, this.exclude);
    enc.columns.forEach((col, a) => {
      const off = offsets[a];
      for (let j = 0; j < rows.length; j++) {
        hf[off + col.codes[rows[j]]] += enc.failing[rows[j]];
        ht[off + col.codes[rows[j]]] += enc.total[rows[j]];
      }
    });
    const F = this.F - c.f;
    const T = this.T - c.t;
    const p = T > 0 ? F / T : 0;
    if (p <= 0 || p >= 1) return 1;
    const squared: number[] = [];
    preds.forEach((pred, i) => {
      if (pred.kind !== "value") return;
      const slot = offsets[pred.attr] + pred.codes[0];
      const f = this.singles[i].f - hf[slot];
      const t = this.singles[i].t - ht[slot];
      // The χ² approximation needs some expected failing per value (and ids have none).
      if (p * t < MIN_EXPECTED) return;
      squared.push((f - p * t) ** 2 / (p * t * (1 - p)));
    });
    if (squared.length < 3) return 1;
    squared.sort((x, y) => x - y);
    const mid = squared.length >> 1;
    const median = squared.length % 2 ? squared[mid] : (squared[mid - 1] + squared[mid]) / 2;
    return Math.max(1, median / CHI2_1_MEDIAN);
  }

  private significance(c: Candidate, params: SearchParams): Found | undefined {
    const fRest = this.F - c.f;
    const tRest = this.T - c.t;
    const restRate = tRest > 0 ? fRest / tRest : 0;
    const rr = riskRatio(c.f / c.t, restRate);
    if (rr < params.minRiskRatio) return undefined;
    const z =
      zTwoRates(c.f, c.t, fRest, tRest) /
      (params.overdispersed ? Math.sqrt(this.dispersionWithout(c)) : 1);
    const logP = tRest > 0 ? logUpperTail(z) : -Infinity;
    if (logP > params.logAlpha - Math.log(this.tried.size)) return undefined;
    return { candidate: c, logP, residualRiskRatio: rr };
  }
}

/** Values expected to hold fewer failing than this say nothing about the spread of rates. */
const MIN_EXPECTED = 5;
/** Median of χ²(1) — what the median squared standardised residual is under pure binomial noise. */
const CHI2_1_MEDIAN = 0.4549;

/** A binary max-heap under `above(a, b)` = a comes out before b. */
class Heap<T> {
  private readonly items: T[] = [];
  constructor(private readonly above: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  push(x: T): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(a[i], a[parent])) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.above(a[l], a[m])) m = l;
        if (r < a.length && this.above(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
