/**
 * Counting over the encoded rows: failing and total of a conjunction of predicates, and
 * of all its one-predicate extensions at once. Rows are reached through per-attribute
 * posting lists (row ids grouped by code, built lazily), so a conjunction costs the rows of
 * its most selective predicate, not a scan of the input.
 */
import type { Encoded } from "./encode";
import type { PredicateDef } from "./predicates";

export interface Counts {
  f: number;
  t: number;
  rows: number;
}

/** An itemset: predicate ids, at most one per attribute, ascending by attribute. */
export type Itemset = readonly number[];

export const itemsetKey = (items: Itemset): string => items.join(",");

interface Postings {
  order: Int32Array;
  start: Int32Array;
}

export class RowIndex {
  private readonly postings: (Postings | undefined)[];
  private readonly memo = new Map<string, Counts>();
  /** Offsets of each attribute's codes in the flat histograms of `extend`. */
  readonly offsets: Int32Array;
  private readonly histF: Float64Array;
  private readonly histT: Float64Array;

  constructor(
    readonly enc: Encoded,
    readonly preds: readonly PredicateDef[],
  ) {
    this.postings = enc.columns.map(() => undefined);
    this.offsets = new Int32Array(enc.columns.length + 1);
    enc.columns.forEach((col, a) => (this.offsets[a + 1] = this.offsets[a] + col.card));
    const size = this.offsets[enc.columns.length];
    this.histF = new Float64Array(size);
    this.histT = new Float64Array(size);
  }

  private postingsOf(attr: number): Postings {
    const cached = this.postings[attr];
    if (cached) return cached;
    const col = this.enc.columns[attr];
    const start = new Int32Array(col.card + 1);
    const { codes } = col;
    for (let i = 0; i < codes.length; i++) start[codes[i] + 1]++;
    for (let c = 0; c < col.card; c++) start[c + 1] += start[c];
    const fill = start.slice(0, col.card);
    const order = new Int32Array(codes.length);
    for (let i = 0; i < codes.length; i++) order[fill[codes[i]]++] = i;
    const built = { order, start };
    this.postings[attr] = built;
    return built;
  }

  /**
   * Calls visit(row) for every row inside the itemset (and outside `exclude`, when given).
   * Drives from the predicate with the fewest rows and checks the others through masks.
   */
  private forEachRow(items: Itemset, visit: (row: number) => void, exclude?: Uint8Array): void {
    const { preds } = this;
    let driver = preds[items[0]];
    for (const id of items) if (preds[id].rows < driver.rows) driver = preds[id];
    const others = items.filter((id) => id !== driver.id).map((id) => preds[id]);
    const masks = others.map((p) => p.mask);
    const cols = others.map((p) => this.enc.columns[p.attr].codes);
    const { order, start } = this.postingsOf(driver.attr);
    const k = masks.length;
    for (const code of driver.codes) {
      for (let j = start[code]; j < start[code + 1]; j++) {
        const row = order[j];
        let inside = exclude === undefined || exclude[row] === 0;
        for (let m = 0; inside && m < k; m++) inside = masks[m][cols[m][row]] === 1;
        if (inside) visit(row);
      }
    }
  }

  /** Failing, total and rows of an itemset over the whole input (memoised). */
  count(items: Itemset): Counts {
    const key = itemsetKey(items);
    const hit = this.memo.get(key);
    if (hit) return hit;
    let counts: Counts;
    if (items.length === 1) {
      const p = this.preds[items[0]];
      counts = { f: p.f, t: p.t, rows: p.rows };
    } else {
      counts = this.countExcluding(items);
    }
    this.memo.set(key, counts);
    return counts;
  }

  /** Counts of the itemset's rows that are outside `exclude` (all rows when absent). */
  countExcluding(items: Itemset, exclude?: Uint8Array): Counts {
    const { failing, total } = this.enc;
    let f = 0;
    let t = 0;
    let rows = 0;
    this.forEachRow(
      items,
      (row) => {
        f += failing[row];
        t += total[row];
        rows++;
      },
      exclude,
    );
    return { f, t, rows };
  }

  /** Sets mark[row] = 1 for every row inside the itemset. */
  mark(items: Itemset, mark: Uint8Array): void {
    this.forEachRow(items, (row) => (mark[row] = 1));
  }

  /**
   * Counts every one-predicate extension of `items` in one pass over its rows: a predicate
   * on an attribute not in the itemset, or a narrower predicate in place of a range.
   * Returns [extension itemset, counts] for those with failing ≥ minFailing; memoises them.
   */
  extend(items: Itemset, minFailing: number): [Itemset, Counts][] {
    const { preds, enc, offsets, histF, histT } = this;
    const inSet = new Map(items.map((id) => [preds[id].attr, preds[id]]));
    const attrs: number[] = [];
    enc.columns.forEach((_, a) => {
      const p = inSet.get(a);
      if (p === undefined || p.kind === "range") attrs.push(a);
    });
    histF.fill(0);
    histT.fill(0);
    const cols = attrs.map((a) => enc.columns[a].codes);
    const offs = attrs.map((a) => offsets[a]);
    const { failing, total } = enc;
    const k = attrs.length;
    this.forEachRow(items, (row) => {
      const f = failing[row];
      const t = total[row];
      for (let m = 0; m < k; m++) {
        const slot = offs[m] + cols[m][row];
        histF[slot] += f;
        histT[slot] += t;
      }
    });
    const out: [Itemset, Counts][] = [];
    const attrSet = new Set(attrs);
    for (const p of preds) {
      if (!attrSet.has(p.attr)) continue;
      const current = inSet.get(p.attr);
      if (current !== undefined && (p.id === current.id || !isNarrower(p, current))) continue;
      let f = 0;
      let t = 0;
      const off = offsets[p.attr];
      for (const c of p.codes) {
        f += histF[off + c];
        t += histT[off + c];
      }
      if (f < minFailing || f === 0) continue;
      const next = items.filter((id) => preds[id].attr !== p.attr).concat(p.id);
      next.sort((x, y) => preds[x].attr - preds[y].attr);
      const counts = { f, t, rows: -1 };
      this.memo.set(itemsetKey(next), counts);
      out.push([next, counts]);
    }
    return out;
  }
}

/** True when every code of p is also a code of wider (p a strict subset of wider). */
export function isNarrower(p: PredicateDef, wider: PredicateDef): boolean {
  if (p.attr !== wider.attr || p.codes.length >= wider.codes.length) return false;
  return p.codes.every((c) => wider.mask[c] === 1);
}
