/**
 * Properties of explain() over generated workspaces (fast-check): its figures are what a
 * brute-force recount of the rows gives, noise never makes a segment, the answer depends on
 * the rows and not on their order, and a strong single cause is always found.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explain, type AttributeValue, type ExplainRow } from "./index";
import { customers, expectRecounted, inside, label, seeded } from "./test-support";

/** 2–5 attributes of 2–6 values each; some values are numbers, some attributes have a missing value. */
const attributesArb = fc
  .array(
    fc.record({
      card: fc.integer({ min: 2, max: 6 }),
      numeric: fc.boolean(),
      withMissing: fc.boolean(),
    }),
    {
      minLength: 2,
      maxLength: 5,
    },
  )
  .map((specs) => {
    const out: Record<string, AttributeValue[]> = {};
    specs.forEach((s, a) => {
      const values: AttributeValue[] = Array.from({ length: s.card }, (_, v) =>
        s.numeric ? v * 100 : `a${a}-v${v}`,
      );
      if (s.withMissing) values.push(null);
      out[`attr${a}`] = values;
    });
    return out;
  });

const workspaceArb = fc.record({
  attributes: attributesArb,
  n: fc.integer({ min: 300, max: 2000 }),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  base: fc.double({ min: 0.005, max: 0.05, noNaN: true }),
  planted: fc.record({ attribute: fc.nat(), value: fc.nat() }),
  second: fc.option(fc.record({ attribute: fc.nat(), value: fc.nat() }), { nil: undefined }),
});

/** The planted cause: one value of one attribute, failing at 60%. */
function plant(
  attributes: Record<string, AttributeValue[]>,
  planted: { attribute: number; value: number },
) {
  const names = Object.keys(attributes);
  const attribute = names[planted.attribute % names.length];
  const values = attributes[attribute];
  const value = values[planted.value % values.length];
  return { attribute, value };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seeded(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Leaves: every combination of the attributes' values, with `total` sessions and binomial failing. */
function leaves(
  attributes: Record<string, AttributeValue[]>,
  rate: number,
  seed: number,
): ExplainRow[] {
  const random = seeded(seed);
  let combos: Record<string, AttributeValue>[] = [{}];
  for (const [name, values] of Object.entries(attributes)) {
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  }
  return combos.map((attrs) => {
    const total = 20 + Math.floor(random() * 300);
    let failing = 0;
    for (let i = 0; i < total; i++) if (random() < rate) failing++;
    return { attributes: attrs, failing, total };
  });
}

describe("explain properties", () => {
  it("reports figures that equal a brute-force recount of the rows", () => {
    fc.assert(
      fc.property(workspaceArb, (w) => {
        // One cause, sometimes two (overlapping), so figures of a later segment are checked too.
        const cause = plant(w.attributes, w.planted);
        const second = w.second && plant(w.attributes, w.second);
        const other = second?.attribute !== cause.attribute ? second : undefined;
        const rate = (a: Record<string, AttributeValue>) =>
          a[cause.attribute] === cause.value
            ? 0.6
            : other && a[other.attribute] === other.value
              ? 0.5
              : w.base;
        const rows = customers(w.n, w.attributes, rate, w.seed);
        const out = explain(rows);
        const F = rows.reduce((s, r) => s + r.failing, 0);
        expect(out.failing).toBe(F);
        expect(out.total).toBe(rows.length);
        expect(out.segments.length).toBeGreaterThan(0);
        for (const segment of out.segments) {
          const r = expectRecounted(rows, segment);
          if (r.outsideRate > 0)
            expect(segment.riskRatio).toBeCloseTo(r.failureRate / r.outsideRate, 9);
          expect(segment.confidence).toBeGreaterThanOrEqual(0);
          expect(segment.confidence).toBeLessThanOrEqual(1);
          expect(segment.predicates.map((p) => p.attribute)).toEqual(
            segment.predicates.map((p) => p.attribute).sort(),
          );
        }
        const covered = rows.filter((row) => out.segments.some((s) => inside(row, s.predicates)));
        expect(out.coverage).toBeCloseTo(
          F > 0 ? covered.reduce((s, r) => s + r.failing, 0) / F : 0,
          12,
        );
      }),
      { numRuns: 60, seed: 20261201 },
    );
  });

  it("finds no segment in uniform noise, for customers and for aggregated leaves", () => {
    fc.assert(
      fc.property(
        attributesArb,
        fc.integer({ min: 200, max: 3000 }),
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        (attributes, n, rate, seed) => {
          const perCustomer = explain(customers(n, attributes, () => rate, seed));
          expect(perCustomer.segments.map(label)).toEqual([]);
          expect(perCustomer.verdict).toBe("no-clear-segment");
          const perLeaf = explain(leaves(attributes, rate, seed));
          expect(perLeaf.segments.map(label)).toEqual([]);
          expect(perLeaf.verdict).toBe("no-clear-segment");
        },
      ),
      { numRuns: 100, seed: 7 },
    );
  });

  it("gives the same answer for the same rows, in any order and with keys in any order", () => {
    fc.assert(
      fc.property(workspaceArb, fc.integer(), (w, shuffleSeed) => {
        const cause = plant(w.attributes, w.planted);
        const rows = customers(
          w.n,
          w.attributes,
          (a) => (a[cause.attribute] === cause.value ? 0.4 : w.base),
          w.seed,
        );
        const first = explain(rows);
        expect(explain(rows)).toEqual(first);
        const reordered = shuffled(rows, shuffleSeed).map((row) => ({
          ...row,
          attributes: Object.fromEntries(shuffled(Object.entries(row.attributes), shuffleSeed + 1)),
        }));
        expect(explain(reordered)).toEqual(first);
      }),
      { numRuns: 40, seed: 3 },
    );
  });

  it("always finds a planted single-predicate cause with a strong effect, first", () => {
    fc.assert(
      fc.property(workspaceArb, fc.double({ min: 0.1, max: 0.5, noNaN: true }), (w, share) => {
        // One value of a fresh attribute holding `share` of the customers fails at 50%.
        const attributes = { ...w.attributes, cause: ["hit", "ok"] as AttributeValue[] };
        const random = seeded(w.seed ^ 0x5eed);
        const rows = customers(w.n + 700, attributes, () => 0, w.seed).map((row) => {
          const hit = random() < share;
          row.attributes.cause = hit ? "hit" : "ok";
          return { ...row, failing: random() < (hit ? 0.5 : 0.02) ? 1 : 0 };
        });
        const out = explain(rows);
        expect(out.verdict).toBe("segments");
        expect(label(out.segments[0])).toBe("cause=hit");
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});
