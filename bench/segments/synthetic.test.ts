import { describe, expect, it } from "vitest";
import type { ExplainRow } from "@/server/correlate";
import { generateCase, SEGMENT_SHARE, suiteCase, type SyntheticCase } from "./synthetic";
import type { TruthPredicate } from "./score";

// Recounted from the rows with nothing from the generator, as the engine would see them.
const text = (v: unknown) => (v === null || v === undefined ? "(missing)" : String(v));
const inside = (row: ExplainRow, predicates: TruthPredicate[]) =>
  predicates.every((p) => text(row.attributes[p.attribute]) === p.value);
const sigma = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n);

const suite: SyntheticCase[] = Array.from({ length: 8 }, (_, i) => suiteCase(1, i));

describe("synthetic generator", () => {
  it("makes the same case from the same seed, and another from another seed", () => {
    const a = generateCase(7, { customers: 20_000 });
    const b = generateCase(7, { customers: 20_000 });
    expect(b.planted).toEqual(a.planted);
    expect(b.rows).toEqual(a.rows);
    const c = generateCase(8, { customers: 20_000 });
    expect(c.rows).not.toEqual(a.rows);
  });

  // A million-row case is seconds of CPU: more on a loaded machine.
  it(
    "draws 10–20 attributes of 2–200 values and 10k–200k customers, a million every 16th case",
    { timeout: 60_000 },
    () => {
      for (const c of suite) {
        expect(c.rows).toHaveLength(c.customers);
        expect(c.customers).toBeGreaterThanOrEqual(10_000);
        expect(c.customers).toBeLessThanOrEqual(200_000);
        expect(c.attributes.length).toBeGreaterThanOrEqual(10);
        expect(c.attributes.length).toBeLessThanOrEqual(20);
        for (const a of c.attributes) {
          const seen = new Set(
            c.rows.map((r) => r.attributes[a.name]).filter((v) => v !== null && v !== undefined),
          );
          expect(seen.size).toBeGreaterThanOrEqual(2);
          expect(seen.size).toBeLessThanOrEqual(200);
        }
      }
      expect(
        suite.flatMap((c) => c.attributes.filter((a) => a.kind === "version")).length,
      ).toBeGreaterThan(0);
      expect(
        suite.flatMap((c) => c.attributes.filter((a) => a.kind === "number")).length,
      ).toBeGreaterThan(0);
      const big = suiteCase(1, 15);
      expect(big.rows).toHaveLength(1_000_000);
    },
  );

  it("fails planted customers at the asked rate and everyone else at the base rate", () => {
    for (const c of suite) {
      expect(c.planted.length).toBeGreaterThanOrEqual(1);
      expect(c.planted.length).toBeLessThanOrEqual(3);
      const membership = c.rows.map((r) => c.planted.map((s) => inside(r, s.predicates)));
      c.planted.forEach((s, j) => {
        expect(s.predicates.length).toBeGreaterThanOrEqual(1);
        expect(s.predicates.length).toBeLessThanOrEqual(3);
        expect(membership.filter((m) => m[j]).length).toBe(s.customers);
        expect(s.customers).toBeGreaterThanOrEqual(SEGMENT_SHARE.min * c.customers);
        expect(s.customers).toBeLessThanOrEqual(SEGMENT_SHARE.max * c.customers);
        // Customers in this planted segment alone, so an overlapping one's rate does not blur it.
        const only = c.rows.filter(
          (_, i) => membership[i][j] && membership[i].filter(Boolean).length === 1,
        );
        const rate = only.reduce((n, r) => n + r.failing, 0) / only.length;
        expect(Math.abs(rate - s.failureRate)).toBeLessThan(
          4.5 * sigma(s.failureRate, only.length),
        );
        expect(s.failureRate).toBeGreaterThanOrEqual(8 * c.baseRate);
      });
      const outside = c.rows.filter((_, i) => !membership[i].some(Boolean));
      const base = outside.reduce((n, r) => n + r.failing, 0) / outside.length;
      expect(Math.abs(base - c.baseRate)).toBeLessThan(4.5 * sigma(c.baseRate, outside.length));
      expect(c.failing).toBe(c.rows.reduce((n, r) => n + r.failing, 0));
    }
  });

  it("plants identifiable segments: no subset of another, little overlap, at most half of each generalisation", () => {
    for (const c of suite) {
      for (const s of c.planted) {
        const sets = s.predicates.map((_, drop) => s.predicates.filter((__, k) => k !== drop));
        for (const general of sets) {
          if (general.length === 0) continue;
          expect(c.rows.filter((r) => inside(r, general)).length).toBeGreaterThanOrEqual(
            2 * s.customers,
          );
        }
        for (const t of c.planted) {
          if (t === s) continue;
          expect(
            s.predicates.every((p) => t.key.split("&").includes(`${p.attribute}=${p.value}`)),
          ).toBe(false);
          const both = c.rows.filter(
            (r) => inside(r, s.predicates) && inside(r, t.predicates),
          ).length;
          expect(both).toBeLessThanOrEqual(0.2 * Math.min(s.customers, t.customers));
        }
      }
    }
  });

  it("makes a following attribute agree with its parent's mapped value at least as often as asked", () => {
    const pairs = suite.flatMap((c) =>
      c.attributes.filter((a) => a.follows).map((a) => ({ c, a })),
    );
    expect(pairs.length).toBeGreaterThan(0);
    for (const { c, a } of pairs) {
      const parent = c.attributes.find((p) => p.name === a.follows!.parent)!;
      let agree = 0;
      let n = 0;
      for (const r of c.rows) {
        const [pv, cv] = [r.attributes[parent.name], r.attributes[a.name]];
        if (pv === null || pv === undefined || cv === null || cv === undefined) continue;
        n++;
        if (cv === a.values[a.follows!.map[parent.values.indexOf(pv)]]) agree++;
      }
      expect(agree / n).toBeGreaterThan(a.follows!.share - 4.5 * sigma(a.follows!.share, n));
      expect(agree / n).toBeLessThan(0.95);
    }
  });

  it("leaves values missing in all three forms: absent, null and undefined", () => {
    const c = suite.find((s) => s.attributes.some((a) => a.missing > 0.05))!;
    const a = c.attributes.find((x) => x.missing > 0.05)!;
    const forms = new Set(
      c.rows.map((r) =>
        !(a.name in r.attributes)
          ? "absent"
          : r.attributes[a.name] === null
            ? "null"
            : r.attributes[a.name] === undefined
              ? "undefined"
              : "value",
      ),
    );
    expect([...forms].sort()).toEqual(["absent", "null", "undefined", "value"]);
  });
});
