/**
 * The rule editor's form model, as plain data: a condition as typed (every field text), how it
 * becomes a rule condition, and what is wrong with it in plain words, per field — checked with
 * the same schema the server uses, so the editor refuses exactly what the server would.
 */
import { conditionSchema, type Condition, type ConditionOp } from "@/server/segments/rule";

/** A condition as the form holds it: every field as typed text. */
export interface Draft {
  key: number;
  attribute: string;
  op: ConditionOp;
  value: string;
  min: string;
  max: string;
}

/** The inputs of one condition row, which errors are shown next to. */
export type DraftField = "attribute" | "value" | "min" | "max";
export type DraftErrors = Partial<Record<DraftField, string>>;

let nextKey = 1;

export function emptyDraft(): Draft {
  return { key: nextKey++, attribute: "", op: "equals", value: "", min: "", max: "" };
}

export function toDraft(c: Condition): Draft {
  const d: Draft = { ...emptyDraft(), attribute: c.attribute, op: c.op };
  if (c.op === "equals") d.value = c.value;
  if (c.op === "one_of" || c.op === "not_one_of") d.value = c.values.join(", ");
  if (c.op === "between" || c.op === "version_between") {
    d.min = c.min === undefined ? "" : String(c.min);
    d.max = c.max === undefined ? "" : String(c.max);
  }
  return d;
}

export function toCondition(d: Draft): Condition {
  const attribute = d.attribute.trim();
  const bound = (s: string) => (s.trim() === "" ? undefined : s.trim());
  switch (d.op) {
    case "equals":
      return { attribute, op: d.op, value: d.value.trim() };
    case "one_of":
    case "not_one_of":
      return {
        attribute,
        op: d.op,
        values: d.value
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean),
      };
    case "exists":
    case "missing":
      return { attribute, op: d.op };
    case "between": {
      const num = (s: string) => (bound(s) === undefined ? undefined : Number(s));
      return { attribute, op: d.op, min: num(d.min), max: num(d.max) };
    }
    case "version_between":
      return { attribute, op: d.op, min: bound(d.min), max: bound(d.max) };
  }
}

/**
 * What is wrong with a condition, per field, in words for the person typing it (the schema's
 * messages speak of min, max and values, which the form calls from, to and value).
 */
export function draftErrors(d: Draft): DraftErrors {
  const errors: DraftErrors = {};
  const add = (field: DraftField, message: string) => {
    errors[field] ??= message;
  };
  if (d.op === "between") {
    for (const field of ["min", "max"] as const) {
      const text = d[field].trim();
      if (text !== "" && !Number.isFinite(Number(text))) add(field, "Enter a number, such as 10.");
    }
  }
  const parsed = conditionSchema.safeParse(toCondition(d));
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const [at] = issue.path;
    const field: DraftField | null =
      at === "attribute"
        ? "attribute"
        : at === "value" || at === "values"
          ? "value"
          : at === "min" || at === "max"
            ? at
            : null;
    if (field) add(field, plainMessage(d, field, issue.message));
  }
  return errors;
}

function plainMessage(d: Draft, field: DraftField, message: string): string {
  if (field === "attribute" && d.attribute.trim() === "") {
    return "Enter an attribute, such as plan or region.";
  }
  if (field === "value" && message === "Give at least one value") {
    return "Enter at least one value; separate several with commas.";
  }
  if (field === "min" && message === "Give a min, a max or both") {
    return "Enter a “from”, a “to” or both.";
  }
  if (field === "max" && message.startsWith("max must be greater than min")) {
    return "Must be above “from” (“from” is included, “to” is not).";
  }
  if (message.startsWith("Must be a version such as 5.2.0")) {
    return "Enter a version such as 5.2.0.";
  }
  if (message === "Must be a number") return "Enter a number, such as 10.";
  return message.endsWith(".") ? message : `${message}.`;
}

/** Errors of every row; true when the whole rule can be previewed and saved. */
export function ruleIsValid(drafts: Draft[]): boolean {
  return drafts.length > 0 && drafts.every((d) => Object.keys(draftErrors(d)).length === 0);
}

/**
 * A server message without the field paths it starts with ("rule.conditions.0.attribute:
 * Attribute names must not be empty" → "Attribute names must not be empty").
 */
export function withoutPaths(message: string): string {
  return message
    .split("; ")
    .map((part) => part.replace(/^[\w.[\]]+: /, ""))
    .join("; ");
}
