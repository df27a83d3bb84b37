/**
 * Pure evaluation of a segment rule against one customer's attributes (DESIGN.md decision 3):
 * no database, no clock. compile.ts states the same rule in SQL; the property test
 * compile.property.int.test.ts holds the two to the same answer for every customer.
 */
import type { Attributes } from "@/db/schema";
import { compareVersions, DECIMAL_PATTERN, parseVersion, type Condition, type Rule } from "./rule";

/** The value's text form when the customer has the attribute (string, number or boolean). */
function textOf(attributes: Attributes, key: string): string | null {
  if (!Object.hasOwn(attributes, key)) return null;
  const v: unknown = attributes[key];
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean"
    ? String(v)
    : null;
}

function numberOf(attributes: Attributes, key: string): number | null {
  if (!Object.hasOwn(attributes, key)) return null;
  const v: unknown = attributes[key];
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && DECIMAL_PATTERN.test(v)) return Number(v);
  return null;
}

function versionOf(attributes: Attributes, key: string): number[] | null {
  if (!Object.hasOwn(attributes, key)) return null;
  const v: unknown = attributes[key];
  return typeof v === "string" ? parseVersion(v) : null;
}

export function matchesCondition(attributes: Attributes, c: Condition): boolean {
  switch (c.op) {
    case "equals":
      return textOf(attributes, c.attribute) === c.value;
    case "one_of": {
      const text = textOf(attributes, c.attribute);
      return text !== null && c.values.includes(text);
    }
    case "not_one_of": {
      const text = textOf(attributes, c.attribute);
      return text === null || !c.values.includes(text);
    }
    case "exists":
      return textOf(attributes, c.attribute) !== null;
    case "missing":
      return textOf(attributes, c.attribute) === null;
    case "between": {
      const n = numberOf(attributes, c.attribute);
      return (
        n !== null && (c.min === undefined || n >= c.min) && (c.max === undefined || n < c.max)
      );
    }
    case "version_between": {
      const v = versionOf(attributes, c.attribute);
      if (v === null) return false;
      if (c.min !== undefined && compareVersions(v, parseVersion(c.min)!) < 0) return false;
      if (c.max !== undefined && compareVersions(v, parseVersion(c.max)!) >= 0) return false;
      return true;
    }
  }
}

/** True when the customer meets every condition of the rule. */
export function matchesRule(attributes: Attributes, rule: Rule): boolean {
  return rule.conditions.every((c) => matchesCondition(attributes, c));
}
