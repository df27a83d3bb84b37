import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explain, type ExplainRow } from "@/server/correlate";
import type { Attributes } from "@/db/schema";
import { matchesRule } from "./match";
import { nameFromPredicates, ruleFromPredicates, type Predicate } from "./predicates";

describe("ruleFromPredicates", () => {
  it("turns equality, missing and ranges into the matching conditions", () => {
    const predicates: Predicate[] = [
      { attribute: "region", value: "eu-west-1" },
      { attribute: "cluster", value: "(missing)", match: { kind: "missing" } },
      { attribute: "seats", value: "≥ 50", match: { kind: "range", type: "number", min: "50" } },
      {
        attribute: "app_version",
        value: "5.2.0 – 5.4.0",
        match: { kind: "range", type: "version", min: "5.2.0", max: "5.4.0" },
      },
    ];
    expect(ruleFromPredicates(predicates)).toEqual({
      conditions: [
        { attribute: "app_version", op: "version_between", min: "5.2.0", max: "5.4.0" },
        { attribute: "cluster", op: "missing" },
        { attribute: "region", op: "equals", value: "eu-west-1" },
        { attribute: "seats", op: "between", min: 50 },
      ],
    });
    expect(nameFromPredicates(predicates)).toBe(
      "region = eu-west-1 · cluster = (missing) · seats = ≥ 50 · app_version = 5.2.0 – 5.4.0",
    );
  });

  it("refuses predicates that cannot be a condition, saying which", () => {
    expect(() => ruleFromPredicates([])).toThrow(
      "predicates: conditions: A rule needs at least one condition",
    );
    expect(() =>
      ruleFromPredicates([
        { attribute: "v", value: "x", match: { kind: "range", type: "version", min: "5.x" } },
      ]),
    ).toThrow(
      "predicates: conditions.0.min: Must be a version such as 5.2.0 (whole numbers joined by dots)",
    );
    expect(() => ruleFromPredicates([{ attribute: "plan name", value: "pro" }])).toThrow(
      "predicates: conditions.0.attribute: Attribute names may use only letters, digits, _ . and -",
    );
  });

  it("keeps a long default name within 100 characters", () => {
    const name = nameFromPredicates([{ attribute: "tenant", value: "x".repeat(200) }]);
    expect(Array.from(name)).toHaveLength(100);
    expect(name.endsWith("…")).toBe(true);
  });
});

/**
 * The engine's own segments, adopted as rules, select exactly the customers the engine
 * counted in them: planted faults over value, missing, numeric and version attributes.
 */
describe("engine segments as rules", () => {
  const customer = fc.record({
    region: fc.constantFrom("eu-west-1", "us-east-1", "ap-south-1"),
    plan: fc.option(fc.constantFrom("free", "pro", "enterprise"), { nil: undefined }),
    seats: fc.integer({ min: 1, max: 400 }),
    app_version: fc
      .tuple(
        fc.integer({ min: 4, max: 6 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 3 }),
      )
      .map((p) => p.join(".")),
    // Percent, uniform: fast-check's doubles crowd the ends of their range.
    noise: fc.nat({ max: 99 }),
  });
  const fault = fc.constantFrom(
    (a: Attributes) => a.region === "eu-west-1",
    (a: Attributes) => a.plan === undefined,
    (a: Attributes) => Number(a.seats) >= 200,
    (a: Attributes) => String(a.app_version).startsWith("5.") && a.region !== "ap-south-1",
  );

  it("match the engine's counts for every segment it returns", () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(customer, { minLength: 400, maxLength: 800 }),
        fault,
        (people, isFaulty) => {
          const attributes = people.map(({ noise: _n, ...a }) => {
            const out: Attributes = {};
            for (const [k, v] of Object.entries(a)) if (v !== undefined) out[k] = v;
            return out;
          });
          const rows: ExplainRow[] = attributes.map((a, i) => ({
            attributes: a,
            failing: isFaulty(a) ? (people[i].noise < 80 ? 1 : 0) : people[i].noise < 2 ? 1 : 0,
            total: 1,
          }));
          const explanation = explain(rows);
          for (const s of explanation.segments) {
            for (const p of s.predicates) kinds.add(p.match ? `${p.match.kind}` : "value");
            const rule = ruleFromPredicates(s.predicates);
            const inside = rows.filter((r) => matchesRule(r.attributes as Attributes, rule));
            expect(inside.length, JSON.stringify(s.predicates)).toBe(s.total);
            expect(inside.reduce((n, r) => n + r.failing, 0)).toBe(s.failing);
          }
        },
      ),
      { numRuns: 30 },
    );
    // The planted faults bring out each kind of predicate the engine has.
    expect([...kinds].sort()).toEqual(["missing", "range", "value"]);
  });
});
