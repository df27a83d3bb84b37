/**
 * Bad input to explain(): a clear error naming the row and the field, never a silent
 * answer computed from half-valid rows.
 */
import { describe, expect, it } from "vitest";
import { ExplainInputError, explain, type ExplainRow } from "./index";

const ok = (n: number): ExplainRow[] =>
  Array.from({ length: n }, (_, i) => ({
    attributes: { region: i % 2 ? "eu" : "us" },
    failing: i % 5 === 0 ? 1 : 0,
    total: 1,
  }));

function errorOf(run: () => unknown): ExplainInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExplainInputError) return error;
    throw error;
  }
  throw new Error("expected an ExplainInputError");
}

describe("explain input validation", () => {
  it.each([
    [
      "failing above total",
      { failing: 3, total: 2 },
      "failing",
      /failing \(3\) is larger than total \(2\)/,
    ],
    [
      "a negative total",
      { failing: 0, total: -1 },
      "total",
      /total must be a finite number ≥ 0, got -1/,
    ],
    [
      "a NaN failing count",
      { failing: Number.NaN, total: 1 },
      "failing",
      /failing must be a finite number/,
    ],
    [
      "a count given as text",
      { failing: "1", total: 1 },
      "failing",
      /failing must be a finite number ≥ 0, got 1/,
    ],
    [
      "an infinite total",
      { failing: 0, total: Number.POSITIVE_INFINITY },
      "total",
      /total must be a finite number/,
    ],
  ])("rejects %s, naming the row and the field", (_, counts, field, message) => {
    const rows = ok(10);
    rows[7] = { ...rows[7], ...(counts as object) } as ExplainRow;
    const error = errorOf(() => explain(rows));
    expect(error.rowIndex).toBe(7);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/^Row 7: /);
    expect(error.message).toMatch(message);
  });

  it("rejects attributes that are not an object, and values that are not scalars", () => {
    const rows = ok(4);
    rows[2] = { ...rows[2], attributes: null as unknown as ExplainRow["attributes"] };
    expect(errorOf(() => explain(rows))).toMatchObject({ rowIndex: 2, field: "attributes" });

    const nested = ok(4);
    nested[3] = { ...nested[3], attributes: { region: { name: "eu" } as unknown as string } };
    const error = errorOf(() => explain(nested));
    expect(error).toMatchObject({ rowIndex: 3, field: "region" });
    expect(error.message).toMatch(
      /attribute "region" must be a string, number, boolean or null, got object/,
    );
  });

  it("rejects rows that are not an array of objects", () => {
    expect(errorOf(() => explain("rows" as unknown as ExplainRow[])).message).toMatch(
      /rows must be an array/,
    );
    expect(errorOf(() => explain([...ok(2), 5 as unknown as ExplainRow]))).toMatchObject({
      rowIndex: 2,
    });
  });

  it.each([
    [{ maxPredicates: 4 }, /maxPredicates must be 1, 2 or 3/],
    [{ maxSegments: 0 }, /maxSegments must be a whole number ≥ 1/],
    [{ minSupport: 1.5 }, /minSupport must be between 0 and 1/],
    [{ minRiskRatio: 0.5 }, /minRiskRatio must be ≥ 1/],
    [{ alpha: 0 }, /alpha must be between 0 and 1/],
    [{ rangeMinCardinality: 1 }, /rangeMinCardinality must be a whole number ≥ 2/],
  ])("rejects option %o", (options, message) => {
    expect(errorOf(() => explain(ok(10), options)).message).toMatch(message);
  });

  it("accepts zero-total leaves, boolean values and options left undefined", () => {
    const rows: ExplainRow[] = [
      ...Array.from({ length: 400 }, (_, i) => ({
        attributes: { beta: i % 4 === 0, plan: "pro" },
        failing: i % 4 === 0 && i % 8 === 0 ? 1 : 0,
        total: 1,
      })),
      { attributes: { beta: false }, failing: 0, total: 0 },
    ];
    const out = explain(rows, { maxSegments: undefined });
    expect(out.total).toBe(400);
    expect(out.segments.map((s) => s.predicates)).toEqual([[{ attribute: "beta", value: "true" }]]);
  });
});
