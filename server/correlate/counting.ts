/**
 * Counting over the encoded rows: failing and total of a conjunction of predicates, and of
 * its one-predicate extensions. Rows are reached through per-attribute posting lists (row
 * ids grouped by code, built lazily, also restricted to failing rows), so a conjunction
 * costs the rows of its most selective predicate, not a scan of the input. Every count can
 * leave out an `exclude`d set of rows (the segments already chosen).
 */
import type { Encoded } from "./encode";
import type { PredicateDef } from "./predicates";

export interface Counts {
  f: number;
  t: number;
}

/** An itemset: predicate ids, at most one per attribute, ascending by attribute. */
export type Itemset = readonly number[];

export const itemsetKey = (items: Itemset): string => items.join(",");

interface Postings {
  /** Row ids grouped by code; codes c's rows are order[start[c] .. start[c+1]). */
  order: Int32Array;
  start: Int32Array;
}

export class RowIndex {
  private readonly all: (Postings | undefined)[];
  private readonly failingOnly: (Postings | undefined)[];
  /** Offsets of each attribute's codes in flat per-code histograms. */
  readonly offsets: Int32Array;

  constructor(
    readonly enc: Encoded,
    readonly preds: readonly PredicateDef[],
  ) {
    this.all = enc.columns.map(() => undefined);
    this.failingOnly = enc.columns.map(() => undefined);
    this.offsets = new Int32Array(enc.columns.length + 1);
    enc.columns.forEach((col, a) => (this.offsets[a + 1] = this.offsets[a] + col.card));
  }

  private postings(attr: number, failingOnly: boolean): Postings {
    const cache = failingOnly ? this.failingOnly : this.all;
    const hit = cache[attr];
    if (hit) return hit;
    const col = this.enc.columns[attr];
    const { codes } = col;
    const { failing } = this.enc;
    const start = new Int32Array(col.card + 1);
    for (let i = 0; i < codes.length; i++)
      if (!failingOnly || failing[i] > 0) start[codes[i] + 1]++;
    for (let c = 0; c < col.card; c++) start[c + 1] += start[c];
    const fill = start.slice(0, col.card);
    const order = new Int32Array(start[col.card]);
    for (let i = 0; i < codes.length; i++)
      if (!failingOnly || failing[i] > 0) order[fill[codes[i]]++] = i;
    cache[attr] = { order, start };
    return cache[attr];
  }

  /**
   * How to walk an itemset's rows: through the postings of its predicate with the fewest
   * rows, checking the others' masks on their columns.
   */
  private plan(items: Itemset) {
    const { preds } = this;
    let driver = preds[items[0]];
    for (const id of items) if (preds[id].rows < driver.rows) driver = preds[id];
    const others = items.filter((id) => id !== driver.id).map((id) => preds[id]);
    return {
      driver,
      masks: others.map((p) => p.mask),
      cols: others.map((p) => this.enc.columns[p.attr].codes),
    };
  }

  /**
   * Row ids inside the itemset and outside `exclude` (only failing rows when failingOnly).
   */
  rowsOf(items: Itemset, exclude: Uint8Array | undefined, failingOnly = false): Int32Array {
    const { driver, masks, cols } = this.plan(items);
    const { order, start } = this.postings(driver.attr, failingOnly);
    let size = 0;
    for (const code of driver.codes) size += start[code + 1] - start[code];
    const out = new Int32Array(size);
    let n = 0;
    const k = masks.length;
    for (const code of driver.codes) {
      for (let j = start[code]; j < start[code + 1]; j++) {
        const row = order[j];
        if (exclude !== undefined && exclude[row] === 1) continue;
        let inside = true;
        for (let m = 0; inside && m < k; m++) inside = masks[m][cols[m][row]] === 1;
        if (inside) out[n++] = row;
      }
    }
    return out.subarray(0, n);
  }

  /**
   * Totals of the itemset's children on `attrs` when the itemset holds most rows:
   * |S ∧ N| = |N| − |N ∧ ¬S|, and ¬S is the small side.
   */
  private totalsFromComplement(
    items: Itemset,
    exclude: Uint8Array | undefined,
    attrs: number[],
    codeTotals: Float64Array,
    out: Float64Array,
  ): void {
    const { enc, offsets } = this;
    const inside = new Uint8Array(enc.n);
    if (exclude) inside.set(exclude);
    this.mark(items, inside);
    const cols = attrs.map((a) => enc.columns[a].codes);
    const offs = attrs.map((a) => offsets[a]);
    for (const a of attrs) {
      const off = offsets[a];
      for (let c = 0; c < enc.columns[a].card; c++) out[off + c] = codeTotals[off + c];
    }
    const k = attrs.length;
    for (let i = 0; i < enc.n; i++) {
      if (inside[i] === 1) continue;
      const t = enc.total[i];
      for (let m = 0; m < k; m++) out[offs[m] + cols[m][i]] -= t;
    }
  }

  /** Sets mask[row] = 1 for every row inside the itemset (without collecting them). */
  mark(items: Itemset, mask: Uint8Array): void {
    const { driver, masks, cols } = this.plan(items);
    const { order, start } = this.postings(driver.attr, false);
    const k = masks.length;
    for (const code of driver.codes) {
      for (let j = start[code]; j < start[code + 1]; j++) {
        const row = order[j];
        let inside = true;
        for (let m = 0; inside && m < k; m++) inside = masks[m][cols[m][row]] === 1;
        if (inside) mask[row] = 1;
      }
    }
  }

  count(items: Itemset, exclude: Uint8Array | undefined): Counts {
    const { failing, total } = this.enc;
    const rows = this.rowsOf(items, exclude);
    let f = 0;
    let t = 0;
    for (let j = 0; j < rows.length; j++) {
      f += failing[rows[j]];
      t += total[rows[j]];
    }
    return { f, t };
  }

  /** Failing and total per predicate over the rows outside `exclude`. */
  singles(exclude: Uint8Array | undefined, excludedRows: Int32Array | undefined): Counts[] {
    const out = this.preds.map((p) => ({ f: p.f, t: p.t }));
    if (!exclude || !excludedRows || excludedRows.length === 0) return out;
    const { failing, total, columns } = this.enc;
    const hf = new Float64Array(this.offsets[columns.length]);
    const ht = new Float64Array(hf.length);
    columns.forEach((col, a) => {
      const off = this.offsets[a];
      for (let j = 0; j < excludedRows.length; j++) {
        const row = excludedRows[j];
        hf[off + col.codes[row]] += failing[row];
        ht[off + col.codes[row]] += total[row];
      }
    });
    this.preds.forEach((p, i) => {
      const off = this.offsets[p.attr];
      for (const c of p.codes) {
        out[i].f -= hf[off + c];
        out[i].t -= ht[off + c];
      }
    });
    return out;
  }

  /**
   * Counts the one-predicate extensions of `items` (a predicate on an attribute not in it,
   * or a narrower one in place of a range) that keep failing ≥ minFailing. Two phases: the
   * failing rows alone decide which extensions are kept; then totals are counted only for
   * the attributes that have one, each from whichever is smaller — the itemset's rows or
   * the extension's own posting lists.
   */
  extensions(
    items: Itemset,
    exclude: Uint8Array | undefined,
    minFailing: number,
    codeTotals?: Float64Array,
  ): [Itemset, Counts][] {
    const { preds, enc, offsets } = this;
    const inSet = new Map(items.map((id) => [preds[id].attr, preds[id]]));
    const attrs = enc.columns.map((_, a) => a).filter((a) => inSet.get(a)?.kind !== "value");
    const hf = new Float64Array(offsets[enc.columns.length]);
    const failingRows = this.rowsOf(items, exclude, true);
    for (const a of attrs) {
      const codes = enc.columns[a].codes;
      const off = offsets[a];
      for (let j = 0; j < failingRows.length; j++)
        hf[off + codes[failingRows[j]]] += enc.failing[failingRows[j]];
    }
    const kept = new Map<number, { p: PredicateDef; f: number }[]>();
    for (const p of preds) {
      const current = inSet.get(p.attr);
      if (current !== undefined && !isNarrower(p, current)) continue;
      if (current === undefined && !attrs.includes(p.attr)) continue;
      let f = 0;
      for (const c of p.codes) f += hf[offsets[p.attr] + c];
      if (f <= 0 || f < minFailing) continue;
      const list = kept.get(p.attr) ?? [];
      list.push({ p, f });
      kept.set(p.attr, list);
    }
    if (kept.size === 0) return [];
    // Per attribute, totals come from whichever is cheaper: the children's own posting lists,
    // a scan of the itemset's rows, or — when it holds most rows — a scan of its complement.
    const bound = Math.min(...items.map((id) => preds[id].rows));
    const big = codeTotals !== undefined && 2 * bound > enc.n;
    const scanCost = big ? enc.n - bound : bound;
    const ht = new Float64Array(hf.length);
    const scanAttrs: number[] = [];
    const totals = new Map<number, number>();
    for (const [a, list] of kept) {
      const viaPostings = list.reduce((s, { p }) => s + p.rows, 0);
      if (viaPostings < scanCost) {
        for (const { p } of list)
          totals.set(p.id, this.count(mergeItem(preds, items, p), exclude).t);
      } else scanAttrs.push(a);
    }
    if (scanAttrs.length > 0) {
      if (big) this.totalsFromComplement(items, exclude, scanAttrs, codeTotals, ht);
      else {
        const rows = this.rowsOf(items, exclude);
        for (const a of scanAttrs) {
          const codes = enc.columns[a].codes;
          const off = offsets[a];
          for (let j = 0; j < rows.length; j++) ht[off + codes[rows[j]]] += enc.total[rows[j]];
        }
      }
    }
    const out: [Itemset, Counts][] = [];
    for (const [a, list] of kept) {
      for (const { p, f } of list) {
        let t = totals.get(p.id);
        if (t === undefined) {
          t = 0;
          for (const c of p.codes) t += ht[offsets[a] + c];
        }
        out.push([mergeItem(preds, items, p), { f, t }]);
      }
    }
    return out;
  }
}

/**
 * Per-code totals of the rows outside `exclude` (flat, by `offsets`): what a big itemset's
 * children are counted against, through its complement.
 */
export function codeTotals(index: RowIndex, exclude: Uint8Array | undefined): Float64Array {
  const { enc, offsets } = index;
  const out = new Float64Array(offsets[enc.columns.length]);
  enc.columns.forEach((col, a) => {
    const off = offsets[a];
    const { codes } = col;
    for (let i = 0; i < codes.length; i++)
      if (exclude === undefined || exclude[i] === 0) out[off + codes[i]] += enc.total[i];
  });
  return out;
}

/** The itemset with p added, or put in place of the predicate on p's attribute. */
export function mergeItem(
  preds: readonly PredicateDef[],
  items: Itemset,
  p: PredicateDef,
): Itemset {
  const next = items.filter((id) => preds[id].attr !== p.attr).concat(p.id);
  return next.sort((x, y) => preds[x].attr - preds[y].attr);
}

/** True when every code of p is also a code of wider (p a strict subset of wider). */
export function isNarrower(p: PredicateDef, wider: PredicateDef): boolean {
  if (p.attr !== wider.attr || p.codes.length >= wider.codes.length) return false;
  return p.codes.every((c) => wider.mask[c] === 1);
}
