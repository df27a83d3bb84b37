/**
 * A segment rule in the words a customer reads in a notice ("app_version = 5.2.0 and region =
 * eu-west"): conditions joined by "and", ranges spelled out. Pure; frozen into an update's
 * content when it is sent.
 */
import type { Condition, Rule } from "@/server/segments/rule";

function conditionInWords(c: Condition): string {
  switch (c.op) {
    case "equals":
      return `${c.attribute} = ${c.value}`;
    case "one_of":
      return c.values.length === 1
        ? `${c.attribute} = ${c.values[0]}`
        : `${c.attribute} is ${orList(c.values)}`;
    case "not_one_of":
      return `${c.attribute} is not ${orList(c.values)}`;
    case "exists":
      return `${c.attribute} is set`;
    case "missing":
      return `${c.attribute} is not set`;
    case "between":
    case "version_between":
      if (c.min !== undefined && c.max !== undefined) {
        return `${c.attribute} from ${c.min} up to (not including) ${c.max}`;
      }
      if (c.min !== undefined) {
        return `${c.attribute} ${c.min} or ${c.op === "between" ? "more" : "later"}`;
      }
      return `${c.attribute} below ${c.max}`;
  }
}

function orList(values: string[]): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

/** The rule's conditions in words, joined by "and"; null for a rule without conditions. */
export function segmentInWords(rule: Rule | null | undefined): string | null {
  if (!rule || rule.conditions.length === 0) return null;
  return rule.conditions.map(conditionInWords).join(" and ");
}
