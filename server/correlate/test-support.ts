/**
 * Test support for the segment engine: a seeded generator (tests must be repeatable, and the
 * engine itself never draws random numbers), and a brute-force recount of a segment straight
 * from the row objects, written independently of the engine's encoder and counters.
 */
import { expect } from "vitest";
import type { AttributeValue, ExplainRow, Predicate, Segment } from "./types";

/** mulberry32: a small seeded generator, good enough to draw test workspaces. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const versionParts = (v: string) => v.split(".").map(Number);

function compareVersions(a: string, b: string): number {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether a row's value satisfies a predicate, by the contract's own wording. */
export function matches(predicate: Predicate, value: AttributeValue | undefined): boolean {
  const missing = value === undefined || value === null;
  const { match } = predicate;
  if (match?.kind === "missing") return missing;
  if (missing) return false;
  if (match?.kind === "range") {
    const cmp =
      match.type === "number" ? (a: string, b: string) => Number(a) - Number(b) : compareVersions;
    const text = String(value);
    return (
      (match.min === undefined || cmp(text, match.min) >= 0) &&
      (match.max === undefined || cmp(text, match.max) < 0)
    );
  }
  return String(value) === predicate.value;
}

export const inside = (row: ExplainRow, predicates: Predicate[]) =>
  predicates.every((p) => matches(p, row.attributes[p.attribute]));

export interface Recount {
  failing: number;
  total: number;
  support: number;
  failureRate: number;
  outsideRate: number;
}

export function recount(
  rows: readonly ExplainRow[],
  segment: Pick<Segment, "predicates">,
): Recount {
  let [failing, total, allFailing, allTotal] = [0, 0, 0, 0];
  for (const row of rows) {
    allFailing += row.failing;
    allTotal += row.total;
    if (inside(row, segment.predicates)) {
      failing += row.failing;
      total += row.total;
    }
  }
  return {
    failing,
    total,
    support: allFailing > 0 ? failing / allFailing : 0,
    failureRate: total > 0 ? failing / total : 0,
    outsideRate: allTotal - total > 0 ? (allFailing - failing) / (allTotal - total) : 0,
  };
}

/** `attr=value&…` in the order given, the way the benchmark and people read a segment. */
export const label = (s: Pick<Segment, "predicates">) =>
  s.predicates.map((p) => `${p.attribute}=${p.value}`).join("&");

/**
 * Customers drawn independently per attribute (uniform over the listed values), failing
 * with `rate(attributes)`: the hand-made and property tests plant their causes through it.
 */
export function customers(
  n: number,
  attributes: Record<string, readonly AttributeValue[]>,
  rate: (a: Record<string, AttributeValue>) => number,
  seed: number,
): ExplainRow[] {
  const random = seeded(seed);
  const names = Object.keys(attributes);
  return Array.from({ length: n }, () => {
    const a: Record<string, AttributeValue> = {};
    for (const name of names) {
      const values = attributes[name];
      a[name] = values[Math.floor(random() * values.length)];
    }
    return { attributes: a, failing: random() < rate(a) ? 1 : 0, total: 1 };
  });
}

/**
 * The segment's counts and rates equal a recount from the rows; returns the recount for the
 * caller's further checks.
 */
export function expectRecounted(rows: readonly ExplainRow[], segment: Segment): Recount {
  const r = recount(rows, segment);
  expect(segment.failing).toBe(r.failing);
  expect(segment.total).toBe(r.total);
  expect(segment.support).toBeCloseTo(r.support, 12);
  expect(segment.failureRate).toBeCloseTo(r.failureRate, 12);
  expect(segment.outsideRate).toBeCloseTo(r.outsideRate, 12);
  return r;
}
