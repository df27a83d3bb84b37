import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "@/server/errors";
import { matchesRule } from "./match";
import { parseRule, predicateSchema, ruleFromPredicates } from "./predicates";
import { canonicalRule, compareVersions, describeRule, parseVersion, ruleSchema } from "./rule";

const errorOf = (input: unknown) => {
  try {
    parseRule(input);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected the rule to be rejected");
};

describe("rule schema", () => {
  it("names the bad field and says what is wrong", () => {
    expect(errorOf({ conditions: [] })).toBe(
      "rule: conditions: A rule needs at least one condition",
    );
    expect(
      errorOf({ conditions: Array.from({ length: 21 }, () => ({ attribute: "a", op: "exists" })) }),
    ).toBe("rule: conditions: A rule has at most 20 conditions");
    expect(errorOf({ conditions: [{ attribute: "re gion", op: "exists" }] })).toBe(
      "rule: conditions.0.attribute: Attribute names may use only letters, digits, _ . and -",
    );
    expect(errorOf({ conditions: [{ attribute: "region", op: "like", value: "eu" }] })).toBe(
      "rule: conditions.0.op: op must be one of equals, one_of, not_one_of, exists, missing, between, version_between",
    );
    expect(errorOf({ conditions: [{ attribute: "seats", op: "between" }] })).toBe(
      "rule: conditions.0.min: Give a min, a max or both",
    );
    expect(errorOf({ conditions: [{ attribute: "seats", op: "between", min: 5, max: 5 }] })).toBe(
      "rule: conditions.0.max: max must be greater than min (min is included, max is not)",
    );
    expect(
      errorOf({ conditions: [{ attribute: "v", op: "version_between", min: "5.10", max: "5.9" }] }),
    ).toBe("rule: conditions.0.max: max must be greater than min (min is included, max is not)");
    expect(
      errorOf({ conditions: [{ attribute: "v", op: "version_between", min: "5.2.0-beta" }] }),
    ).toBe(
      "rule: conditions.0.min: Must be a version such as 5.2.0 (whole numbers joined by dots)",
    );
    expect(errorOf({ conditions: [{ attribute: "plan", op: "one_of", values: [] }] })).toBe(
      "rule: conditions.0.values: Give at least one value",
    );
    expect(errorOf({ conditions: [{ attribute: "plan", op: "equals", value: null }] })).toBe(
      "rule: conditions.0.value: Must be a string, a number or a boolean",
    );
  });

  it("takes numbers and booleans as their text form and stores the rule canonically", () => {
    const rule = ruleSchema.parse({
      conditions: [
        { attribute: "region", op: "one_of", values: ["us", "eu", "us"] },
        { attribute: "seats", op: "equals", value: 2000 },
        { attribute: "beta", op: "equals", value: true },
        { attribute: "beta", op: "equals", value: "true" },
      ],
    });
    expect(rule).toEqual({
      conditions: [
        { attribute: "beta", op: "equals", value: "true" },
        { attribute: "region", op: "one_of", values: ["eu", "us"] },
        { attribute: "seats", op: "equals", value: "2000" },
      ],
    });
    expect(canonicalRule({ conditions: [...rule.conditions].reverse() })).toEqual(rule);
    expect(describeRule(rule)).toBe("beta = true · region is one of eu, us · seats = 2000");
  });
});

/** Values that have broken validators: wrong types, nulls, non-finite and huge numbers, bad versions. */
const awkward = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    1e308,
    -0,
    2 ** 53 + 2,
    "",
    " ",
    "5..2",
    "5.x",
    "-1",
    "1e400",
    "9999999999",
    "1.0",
    "5.2.0",
    "__proto__",
    [],
    [null],
    {},
    { min: null },
  ),
  fc.string({ maxLength: 12 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.constant(null), fc.integer()), {
    maxLength: 150,
  }),
  fc.anything({ maxDepth: 2 }),
);

const anyCondition = fc.record(
  {
    attribute: fc.oneof(fc.constantFrom("plan", "app_version"), awkward),
    op: fc.oneof(
      fc.constantFrom("equals", "one_of", "not_one_of", "exists", "missing", "between"),
      fc.constant("version_between"),
      awkward,
    ),
    value: awkward,
    values: awkward,
    min: awkward,
    max: awkward,
  },
  { requiredKeys: [] },
);

/** Either a rule, or the `invalid` error with its message: never anything thrown on the way. */
function outcome(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: "invalid" });
  }
}

describe("rule schema on anything", () => {
  it("refuses with a message, and never throws, whatever a rule or a predicate holds", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ conditions: fc.array(anyCondition, { maxLength: 3 }) }),
          fc.record({ conditions: awkward }),
          awkward,
        ),
        (input) => outcome(() => parseRule(input)),
      ),
      { numRuns: 3000 },
    );
    const bound = fc.option(
      fc.oneof(fc.constantFrom("5.x", "", "1.0", "-1", "1e400"), fc.string()),
      {
        nil: undefined,
      },
    );
    fc.assert(
      fc.property(fc.constantFrom("number", "version"), bound, bound, (type, min, max) => {
        const predicate = { attribute: "v", value: "x", match: { kind: "range", type, min, max } };
        outcome(() => ruleFromPredicates([predicateSchema.parse(predicate)]));
      }),
      { numRuns: 1000 },
    );
  });

  it("names a bad bound of a version range, whichever bound it is", () => {
    const range = (min: unknown, max: unknown) =>
      errorOf({ conditions: [{ attribute: "v", op: "version_between", min, max }] });
    const notAVersion = "Must be a version such as 5.2.0 (whole numbers joined by dots)";
    expect(range("5.x", "6")).toBe(`rule: conditions.0.min: ${notAVersion}`);
    expect(range("5", "")).toBe(`rule: conditions.0.max: ${notAVersion}`);
    expect(range("a", "b")).toBe(
      `rule: conditions.0.min: ${notAVersion}; conditions.0.max: ${notAVersion}`,
    );
    expect(range(null, "6")).toBe(`rule: conditions.0.min: Must be a version such as 5.2.0`);
    expect(errorOf({ conditions: [{ attribute: "n", op: "between", min: 5, max: NaN }] })).toMatch(
      /^rule: conditions\.0\.max: /,
    );
  });
});

describe("versions", () => {
  it("compare part by part as whole numbers, missing parts as zeros", () => {
    const cmp = (a: string, b: string) => compareVersions(parseVersion(a)!, parseVersion(b)!);
    expect(cmp("5.10.0", "5.9.1")).toBe(1);
    expect(cmp("5.2", "5.2.0")).toBe(0);
    expect(cmp("10.1", "9.99.99")).toBe(1);
    expect(cmp("5.02", "5.2")).toBe(0);
    expect(cmp("0.0", "0")).toBe(0);
    expect(parseVersion("v5.2")).toBeNull();
    expect(parseVersion("5..2")).toBeNull();
  });
});

describe("matchesRule", () => {
  const rule = (...conditions: unknown[]) => parseRule({ conditions });

  it("equals compares the text form of strings, numbers and booleans", () => {
    const r = rule({ attribute: "seats", op: "equals", value: "2000" });
    expect(matchesRule({ seats: 2000 }, r)).toBe(true);
    expect(matchesRule({ seats: "2000" }, r)).toBe(true);
    expect(matchesRule({ seats: "2000.0" }, r)).toBe(false);
    expect(matchesRule({}, r)).toBe(false);
    expect(
      matchesRule({ beta: true }, rule({ attribute: "beta", op: "equals", value: "true" })),
    ).toBe(true);
  });

  it("not_one_of counts customers without the attribute; exists and missing are opposites", () => {
    const r = rule({ attribute: "plan", op: "not_one_of", values: ["free"] });
    expect(matchesRule({ plan: "pro" }, r)).toBe(true);
    expect(matchesRule({}, r)).toBe(true);
    expect(matchesRule({ plan: "free" }, r)).toBe(false);
    expect(matchesRule({ plan: "" }, rule({ attribute: "plan", op: "exists" }))).toBe(true);
    expect(matchesRule({ plan: "" }, rule({ attribute: "plan", op: "missing" }))).toBe(false);
  });

  it("between takes numbers and decimal strings, min included and max excluded", () => {
    const r = rule({ attribute: "seats", op: "between", min: 10, max: 20 });
    expect([9, 10, 19.5, 20].map((seats) => matchesRule({ seats }, r))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(matchesRule({ seats: "15" }, r)).toBe(true);
    expect(matchesRule({ seats: "1.5e1" }, r)).toBe(false);
    expect(matchesRule({ seats: true }, r)).toBe(false);
    expect(matchesRule({ seats: 1e9 }, rule({ attribute: "seats", op: "between", min: 10 }))).toBe(
      true,
    );
  });

  it("version_between orders versions numerically, min included and max excluded", () => {
    const r = rule({ attribute: "app_version", op: "version_between", min: "5.2", max: "5.10" });
    const hit = (v: string) => matchesRule({ app_version: v }, r);
    expect(hit("5.2.0")).toBe(true);
    expect(hit("5.9.1")).toBe(true);
    expect(hit("5.10.0")).toBe(false);
    expect(hit("5.1.99")).toBe(false);
    expect(hit("5.2.0-beta")).toBe(false);
    expect(matchesRule({ app_version: 5.5 }, r)).toBe(false);
  });

  it("needs every condition to hold", () => {
    const r = rule(
      { attribute: "region", op: "equals", value: "eu-west-1" },
      { attribute: "app_version", op: "version_between", min: "5.2.0" },
    );
    expect(matchesRule({ region: "eu-west-1", app_version: "5.3" }, r)).toBe(true);
    expect(matchesRule({ region: "eu-west-1", app_version: "5.1" }, r)).toBe(false);
    expect(matchesRule({ region: "us-east-1", app_version: "5.3" }, r)).toBe(false);
  });
});
