/**
 * Synthetic workspaces with planted faulty segments, the benchmark's ground truth: a seed
 * names one case for ever (same seed → same customers, same planted segments, same failures).
 *
 * A case: 10–20 attributes (bench/segments/catalog.ts), 10k–200k customers (1M when asked),
 * every customer failing with a small base probability, and 1–3 planted segments of 1–3
 * predicates whose customers fail with a much higher one. Planted segments are chosen from
 * the drawn customers, so that each one is identifiable: big enough (≥ 2% of customers,
 * ≥ 10% of all failures), at most half of every segment it narrows (region=X & plan=Y is at
 * most half of region=X), and neither a subset of another planted segment nor mostly inside one.
 */
import type { ExplainRow } from "@/server/correlate";
import { drawAttributes, plantable, type AttributeSpec } from "./catalog";
import { deriveSeed, Rng, WeightedSampler } from "./prng";
import { MISSING, truthKey, type TruthPredicate } from "./score";

export interface PlantedSegment {
  /** Normalised as the scorer compares it: sorted `attr=value` joined by `&`. */
  key: string;
  predicates: TruthPredicate[];
  /** The failure probability asked for inside the segment. */
  failureRate: number;
  /** Drawn: customers inside and how many of them failed. */
  customers: number;
  failing: number;
}

export interface SyntheticCase {
  name: string;
  seed: number;
  customers: number;
  /** The failure probability asked for outside every planted segment. */
  baseRate: number;
  attributes: AttributeSpec[];
  planted: PlantedSegment[];
  /** Customer-level: total 1, failing 0 or 1. */
  rows: ExplainRow[];
  failing: number;
}

export interface CaseOptions {
  customers?: number;
  attributes?: number;
  segments?: number;
}

export const SEGMENT_SHARE = { min: 0.02, max: 0.2 };
export const MIN_FAILURE_SHARE = 0.1;
const MAX_OVERLAP = 0.2;
const MIN_RISK_RATIO = 8;

/** Case `index` of the suite for `seed`; every 16th case has a million customers. */
export function suiteCase(seed: number, index: number): SyntheticCase {
  const customers = index % 16 === 15 ? 1_000_000 : undefined;
  return generateCase(
    deriveSeed(seed, index),
    { customers },
    `syn-${String(index).padStart(2, "0")}`,
  );
}

export function generateCase(
  seed: number,
  options: CaseOptions = {},
  name = `seed-${seed}`,
): SyntheticCase {
  const rng = new Rng(seed);
  const customers = options.customers ?? Math.round(rng.logUniform(10_000, 200_001) / 1000) * 1000;
  const attributes = drawAttributes(rng, options.attributes ?? rng.int(10, 20));
  const codes = drawCustomers(rng, attributes, customers);
  const count = options.segments ?? weighted(rng, [0.45, 0.35, 0.2]);
  const { segments, rates, baseRate } = plant(rng, attributes, codes, customers, count);

  // Customers in two planted segments fail at the higher of the two rates.
  const rateOf = new Float64Array(customers).fill(baseRate);
  segments.forEach((s, j) => s.members.forEach((i) => (rateOf[i] = Math.max(rateOf[i], rates[j]))));
  const failed = new Uint8Array(customers);
  for (let i = 0; i < customers; i++) failed[i] = rng.next() < rateOf[i] ? 1 : 0;

  const planted = segments.map((s, j): PlantedSegment => {
    const predicates = s.predicates
      .map(([a, code]) => ({
        attribute: attributes[a].name,
        value: code < 0 ? MISSING : String(attributes[a].values[code]),
      }))
      .sort((x, y) => x.attribute.localeCompare(y.attribute));
    let failing = 0;
    for (const i of s.members) failing += failed[i];
    return {
      key: truthKey(predicates),
      predicates,
      failureRate: rates[j],
      customers: s.members.length,
      failing,
    };
  });
  const rows = buildRows(rng, attributes, codes, failed);
  return {
    name,
    seed,
    customers,
    baseRate,
    attributes,
    planted,
    rows,
    failing: failed.reduce((s, f) => s + f, 0),
  };
}

/** Each attribute's value per customer as an index into its values; -1 is missing. */
function drawCustomers(rng: Rng, attributes: AttributeSpec[], n: number): Int16Array[] {
  const codes: Int16Array[] = [];
  const byName = new Map<string, Int16Array>();
  for (const spec of attributes) {
    const sampler = new WeightedSampler(spec.weights);
    const parent = spec.follows ? byName.get(spec.follows.parent)! : undefined;
    const out = new Int16Array(n);
    for (let i = 0; i < n; i++) {
      if (spec.missing > 0 && rng.next() < spec.missing) out[i] = -1;
      else if (parent && parent[i] >= 0 && rng.next() < spec.follows!.share)
        out[i] = spec.follows!.map[parent[i]];
      else out[i] = sampler.draw(rng);
    }
    codes.push(out);
    byName.set(spec.name, out);
  }
  return codes;
}

interface Candidate {
  /** [attribute index, value code] pairs. */
  predicates: [number, number][];
  members: Int32Array;
}

function plant(
  rng: Rng,
  attributes: AttributeSpec[],
  codes: Int16Array[],
  n: number,
  count: number,
) {
  for (let attempt = 0; attempt < 500; attempt++) {
    const segments: Candidate[] = [];
    while (segments.length < count) {
      const found = findSegment(
        rng,
        attributes,
        codes,
        n,
        weighted(rng, [0.45, 0.35, 0.2]),
        segments,
      );
      if (!found) break;
      segments.push(found);
    }
    if (segments.length < count) continue;
    const drawn = drawRates(rng, segments, n);
    if (drawn) return { segments, ...drawn };
  }
  throw new Error(`no identifiable planting of ${count} segments among ${n} customers`);
}

/** Inside rates of 15–60%; base rate set so that noise is 10–50% of the planted failures. */
function drawRates(rng: Rng, segments: Candidate[], n: number) {
  const union = new Set<number>();
  segments.forEach((s) => s.members.forEach((i) => union.add(i)));
  for (let attempt = 0; attempt < 20; attempt++) {
    const rates = segments.map(() => rng.uniform(0.15, 0.6));
    const planted = segments.reduce((sum, s, j) => sum + rates[j] * s.members.length, 0);
    const baseRate = Math.min(
      0.03,
      Math.max(0.001, (rng.uniform(0.1, 0.5) * planted) / (n - union.size)),
    );
    const expected = planted + baseRate * (n - union.size);
    const clear = segments.every(
      (s, j) =>
        rates[j] >= MIN_RISK_RATIO * baseRate &&
        (rates[j] * s.members.length) / expected >= MIN_FAILURE_SHARE,
    );
    if (clear) return { rates, baseRate };
  }
  return undefined;
}

function findSegment(
  rng: Rng,
  attributes: AttributeSpec[],
  codes: Int16Array[],
  n: number,
  size: number,
  others: Candidate[],
): Candidate | undefined {
  const eligible = attributes.map((_, a) => a).filter((a) => plantable(attributes[a]));
  const [lo, hi] = [Math.ceil(SEGMENT_SHARE.min * n), Math.floor(SEGMENT_SHARE.max * n)];
  for (let attempt = 0; attempt < 100; attempt++) {
    const chosen = rng.shuffle(eligible).slice(0, size);
    const predicates: [number, number][] = [];
    let members: Int32Array | undefined;
    for (let step = 0; step < size; step++) {
      const a = chosen[step];
      const last = step === size - 1;
      const inside = tally(codes[a], attributes[a].values.length, members);
      // Every narrower step must keep at most half of each segment it narrows, checked
      // against the set without each earlier predicate in turn (the generalisations).
      const generalisations = last
        ? predicates.map((_, drop) => tallyWhere(codes, a, predicates, drop, attributes))
        : [];
      const candidates: number[] = [];
      inside.forEach((count, slot) => {
        const ok = last
          ? count >= lo &&
            count <= hi &&
            (!members || count * 2 <= members.length) &&
            generalisations.every((g) => count * 2 <= g[slot])
          : count >= 2 * lo && count <= 0.8 * n;
        if (ok) candidates.push(slot - 1);
      });
      if (candidates.length === 0) break;
      const code = rng.pick(candidates);
      predicates.push([a, code]);
      members = select(codes[a], code, members ?? undefined);
    }
    if (predicates.length < size || !members) continue;
    const candidate = { predicates, members };
    if (others.every((o) => separate(candidate, o))) return candidate;
  }
  return undefined;
}

/** Neither predicate set contains the other, and at most 20% of the smaller is in both. */
function separate(x: Candidate, y: Candidate): boolean {
  const keys = (c: Candidate) => new Set(c.predicates.map(([a, v]) => `${a}:${v}`));
  const [kx, ky] = [keys(x), keys(y)];
  if ([...kx].every((k) => ky.has(k)) || [...ky].every((k) => kx.has(k))) return false;
  const inY = new Set(y.members);
  let both = 0;
  for (const i of x.members) if (inY.has(i)) both++;
  return both <= MAX_OVERLAP * Math.min(x.members.length, y.members.length);
}

/** Counts per value slot (slot = code + 1, slot 0 = missing) over `members`, or everyone. */
function tally(column: Int16Array, cardinality: number, members?: Int32Array): number[] {
  const counts = new Array<number>(cardinality + 1).fill(0);
  if (members) for (const i of members) counts[column[i] + 1]++;
  else for (let i = 0; i < column.length; i++) counts[column[i] + 1]++;
  return counts;
}

/** Counts of attribute `a`'s values among the customers matching every predicate but `drop`. */
function tallyWhere(
  codes: Int16Array[],
  a: number,
  predicates: [number, number][],
  drop: number,
  attributes: AttributeSpec[],
) {
  const kept = predicates.filter((_, k) => k !== drop);
  const counts = new Array<number>(attributes[a].values.length + 1).fill(0);
  const column = codes[a];
  for (let i = 0; i < column.length; i++) {
    if (kept.every(([b, v]) => codes[b][i] === v)) counts[column[i] + 1]++;
  }
  return counts;
}

function select(column: Int16Array, code: number, members?: Int32Array): Int32Array {
  const out: number[] = [];
  if (members) {
    for (const i of members) if (column[i] === code) out.push(i);
  } else {
    for (let i = 0; i < column.length; i++) if (column[i] === code) out.push(i);
  }
  return Int32Array.from(out);
}

/** Missing values come in all three forms the engine must treat alike: absent, null, undefined. */
function buildRows(
  rng: Rng,
  attributes: AttributeSpec[],
  codes: Int16Array[],
  failed: Uint8Array,
): ExplainRow[] {
  const rows: ExplainRow[] = new Array(failed.length);
  for (let i = 0; i < failed.length; i++) {
    const row: ExplainRow["attributes"] = {};
    attributes.forEach((spec, a) => {
      const code = codes[a][i];
      if (code >= 0) row[spec.name] = spec.values[code];
      else {
        const form = rng.next();
        if (form < 1 / 3) row[spec.name] = null;
        else if (form < 2 / 3) row[spec.name] = undefined;
      }
    });
    rows[i] = { attributes: row, failing: failed[i], total: 1 };
  }
  return rows;
}

function weighted(rng: Rng, weights: number[]): number {
  let u = rng.next() * weights.reduce((s, w) => s + w, 0);
  for (let i = 0; i < weights.length; i++) if ((u -= weights[i]) < 0) return i + 1;
  return weights.length;
}
