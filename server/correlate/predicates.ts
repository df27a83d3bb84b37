/**
 * The single predicates the engine may combine: one per attribute value (missing
 * included) and, for numeric and version attributes of high cardinality, ranges — quantile
 * buckets of numbers and prefix groups / open-ended bounds of versions — so that
 * "app_version ≥ 5.2" or "seats 50 – 200" can be found when no single value explains it.
 */
import { MISSING_CODE, MISSING_TEXT, type Column, type Encoded } from "./encode";
import type { Predicate } from "./types";

export interface PredicateDef {
  id: number;
  attr: number;
  kind: "value" | "range";
  /** The codes of attr this predicate holds, in order of value. */
  codes: number[];
  /** mask[code] = 1 when the code is inside. */
  mask: Uint8Array;
  /** Failing, total and row count over the whole input. */
  f: number;
  t: number;
  rows: number;
  predicate: Predicate;
}

const NUMBER_BUCKETS = 8;
const MAX_VERSION_BOUNDS = 12;

interface Histogram {
  f: Float64Array;
  t: Float64Array;
  rows: Int32Array;
}

function histogram(enc: Encoded, col: Column): Histogram {
  const f = new Float64Array(col.card);
  const t = new Float64Array(col.card);
  const rows = new Int32Array(col.card);
  const { codes } = col;
  const { failing, total } = enc;
  for (let i = 0; i < enc.n; i++) {
    const c = codes[i];
    f[c] += failing[i];
    t[c] += total[i];
    rows[c]++;
  }
  return { f, t, rows };
}

/**
 * Values with less failing than `minFailing` get no predicate: no segment or child the
 * engine counts can hold them, and skipping them keeps an attribute of a million distinct
 * values (customer ids) from costing a million predicates.
 */
export function buildPredicates(
  enc: Encoded,
  rangeMinCardinality: number,
  minFailing = 0,
): PredicateDef[] {
  const out: PredicateDef[] = [];
  enc.columns.forEach((col, attr) => {
    const h = histogram(enc, col);
    const add = (kind: PredicateDef["kind"], codes: number[], predicate: Predicate) => {
      const mask = new Uint8Array(col.card);
      let f = 0;
      let t = 0;
      let rows = 0;
      for (const c of codes) {
        mask[c] = 1;
        f += h.f[c];
        t += h.t[c];
        rows += h.rows[c];
      }
      out.push({ id: out.length, attr, kind, codes, mask, f, t, rows, predicate });
    };
    for (const c of [MISSING_CODE, ...col.sorted]) {
      if (h.rows[c] === 0 || h.f[c] < minFailing || (minFailing > 0 && h.f[c] === 0)) continue;
      const predicate: Predicate =
        c === MISSING_CODE
          ? { attribute: col.name, value: MISSING_TEXT, match: { kind: "missing" } }
          : { attribute: col.name, value: col.texts[c] };
      add("value", [c], predicate);
    }
    if (col.kind !== "categorical" && col.card - 1 > rangeMinCardinality) {
      const ranges = col.kind === "number" ? numberRanges(col, h) : versionRanges(col);
      const seen = new Set<string>();
      let present = 0;
      for (const c of col.sorted) present += h.rows[c];
      for (const r of ranges) {
        const key = r.codes.join(",");
        if (r.codes.length < 2 || r.codes.length >= col.card - 1 || seen.has(key)) continue;
        // "Most customers" is not a segment (its complement, also a range, is the candidate).
        if (2 * r.codes.reduce((sum, c) => sum + h.rows[c], 0) > present) continue;
        seen.add(key);
        add("range", r.codes, r.predicate);
      }
    }
  });
  return out;
}

interface RangeDraft {
  codes: number[];
  predicate: Predicate;
}

function rangeLabel(min: string | undefined, max: string | undefined): string {
  if (min !== undefined && max !== undefined) return `${min} – ${max}`;
  return min !== undefined ? `≥ ${min}` : `< ${max}`;
}

function rangeDraft(
  col: Column,
  type: "number" | "version",
  codes: number[],
  min?: string,
  max?: string,
): RangeDraft {
  return {
    codes,
    predicate: {
      attribute: col.name,
      value: rangeLabel(min, max),
      match: { kind: "range", type, min, max },
    },
  };
}

/** Contiguous runs of quantile buckets (weighted by total) of the sorted values. */
function numberRanges(col: Column, h: Histogram): RangeDraft[] {
  const { sorted } = col;
  let weight = 0;
  for (const c of sorted) weight += h.t[c];
  const useRows = weight === 0;
  if (useRows) for (const c of sorted) weight += h.rows[c];
  const starts: number[] = []; // rank of the first value of each bucket
  let cum = 0;
  let lastBucket = -1;
  sorted.forEach((c, rank) => {
    const w = useRows ? h.rows[c] : h.t[c];
    const bucket = Math.min(
      NUMBER_BUCKETS - 1,
      Math.floor(((cum + w / 2) / weight) * NUMBER_BUCKETS),
    );
    if (bucket !== lastBucket) {
      starts.push(rank);
      lastBucket = bucket;
    }
    cum += w;
  });
  const drafts: RangeDraft[] = [];
  const b = starts.length;
  for (let i = 0; i < b; i++) {
    for (let j = i; j < b; j++) {
      if (i === 0 && j === b - 1) continue;
      const from = starts[i];
      const to = j + 1 < b ? starts[j + 1] : sorted.length;
      const min = i === 0 ? undefined : col.texts[sorted[from]];
      const max = j === b - 1 ? undefined : col.texts[sorted[to]];
      drafts.push(rangeDraft(col, "number", sorted.slice(from, to), min, max));
    }
  }
  return drafts;
}

/** Prefix groups (5.x, 5.2.x) and open-ended bounds at minor-version boundaries. */
function versionRanges(col: Column): RangeDraft[] {
  const { sorted } = col;
  const parts = sorted.map((c) => col.order[c]);
  const width = parts.some((p) => p.length >= 3) ? 3 : 2;
  const text = (p: number[]) => [...p, 0, 0, 0].slice(0, width).join(".");
  const groups = new Map<string, { prefix: number[]; codes: number[] }>();
  sorted.forEach((c, rank) => {
    for (const len of [1, 2]) {
      if (parts[rank].length <= len) continue;
      const prefix = parts[rank].slice(0, len);
      const key = prefix.join(".");
      const g = groups.get(key) ?? { prefix, codes: [] };
      g.codes.push(c);
      groups.set(key, g);
    }
  });
  const drafts: RangeDraft[] = [];
  for (const { prefix, codes } of groups.values()) {
    const next = [...prefix.slice(0, -1), prefix[prefix.length - 1] + 1];
    drafts.push(rangeDraft(col, "version", codes, text(prefix), text(next)));
  }
  // Minor-version boundaries: the first rank of each major.minor, thinned evenly.
  const bounds: number[] = [];
  for (let rank = 1; rank < sorted.length; rank++) {
    const a = parts[rank - 1];
    const b = parts[rank];
    if (a[0] !== b[0] || (a[1] ?? 0) !== (b[1] ?? 0)) bounds.push(rank);
  }
  const step = Math.max(1, Math.ceil(bounds.length / MAX_VERSION_BOUNDS));
  for (let k = 0; k < bounds.length; k += step) {
    const rank = bounds[k];
    const at = text(parts[rank].slice(0, 2));
    drafts.push(rangeDraft(col, "version", sorted.slice(rank), at, undefined));
    drafts.push(rangeDraft(col, "version", sorted.slice(0, rank), undefined, at));
  }
  return drafts;
}
