import { describe, expect, it } from "vitest";
import {
  draftErrors,
  emptyDraft,
  ruleIsValid,
  toCondition,
  withoutPaths,
  type Draft,
} from "./rule-form";

const draft = (d: Partial<Draft>): Draft => ({ ...emptyDraft(), ...d });

describe("draftErrors", () => {
  it("accepts a finished condition of every kind", () => {
    expect(draftErrors(draft({ attribute: "plan", value: "pro" }))).toEqual({});
    expect(draftErrors(draft({ attribute: "plan", op: "one_of", value: "pro, team" }))).toEqual({});
    expect(draftErrors(draft({ attribute: "plan", op: "exists" }))).toEqual({});
    expect(draftErrors(draft({ attribute: "seats", op: "between", min: "10" }))).toEqual({});
    expect(
      draftErrors(
        draft({ attribute: "app_version", op: "version_between", min: "5.2", max: "5.4.0" }),
      ),
    ).toEqual({});
  });

  it("names the field and says what to do, without validation paths", () => {
    expect(draftErrors(draft({ value: "pro" }))).toEqual({
      attribute: "Enter an attribute, such as plan or region.",
    });
    expect(draftErrors(draft({ attribute: "plan", op: "one_of", value: " , " }))).toEqual({
      value: "Enter at least one value; separate several with commas.",
    });
    expect(draftErrors(draft({ attribute: "seats", op: "between" }))).toEqual({
      min: "Enter a “from”, a “to” or both.",
    });
    expect(draftErrors(draft({ attribute: "seats", op: "between", min: "ten" }))).toEqual({
      min: "Enter a number, such as 10.",
    });
    expect(draftErrors(draft({ attribute: "seats", op: "between", min: "10", max: "5" }))).toEqual({
      max: "Must be above “from” (“from” is included, “to” is not).",
    });
    expect(
      draftErrors(draft({ attribute: "app_version", op: "version_between", max: "5.x" })),
    ).toEqual({ max: "Enter a version such as 5.2.0." });
    const bad = draftErrors(draft({ attribute: "plan name", value: "pro" }));
    expect(bad.attribute).toBe("Attribute names may use only letters, digits, _ . and -.");
    for (const message of Object.values(bad)) expect(message).not.toMatch(/conditions\.\d/);
  });
});

describe("ruleIsValid", () => {
  it("is false for a rule with no conditions or an unfinished one", () => {
    expect(ruleIsValid([])).toBe(false);
    expect(ruleIsValid([draft({ attribute: "plan", value: "pro" }), draft({})])).toBe(false);
    expect(ruleIsValid([draft({ attribute: "plan", value: "pro" })])).toBe(true);
  });
});

describe("toCondition", () => {
  it("reads lists and numbers from the typed text", () => {
    expect(toCondition(draft({ attribute: " plan ", op: "not_one_of", value: "a, b,," }))).toEqual({
      attribute: "plan",
      op: "not_one_of",
      values: ["a", "b"],
    });
    expect(toCondition(draft({ attribute: "seats", op: "between", min: "10", max: "" }))).toEqual({
      attribute: "seats",
      op: "between",
      min: 10,
      max: undefined,
    });
  });
});

describe("withoutPaths", () => {
  it("drops the field paths from a server message", () => {
    expect(withoutPaths("rule.conditions.0.attribute: Attribute names must not be empty")).toBe(
      "Attribute names must not be empty",
    );
    expect(withoutPaths('A segment named "EU" already exists in this workspace.')).toBe(
      'A segment named "EU" already exists in this workspace.',
    );
  });
});
