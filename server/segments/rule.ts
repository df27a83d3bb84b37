/**
 * The segment rule model: an AND of conditions over customer attributes, its zod schema
 * (what every boundary accepts, with a message naming the bad field), and the canonical form
 * under which two rules that mean the same thing compare equal.
 *
 * What each operator means — shared word for word by the pure evaluation (match.ts) and the
 * SQL compiler (compile.ts), which a property test holds to the same answers:
 *  - A customer *has* an attribute when its value is a string, a number or a boolean.
 *  - `equals` compares the text form, as String(v) gives it: "2000" matches the number 2000
 *    and the string "2000"; "true" matches the boolean true and the string "true".
 *  - `one_of`: equals one of the values. `not_one_of`: does not — a customer without the
 *    attribute is "not one of" too (add `exists` to leave those out).
 *  - `exists` / `missing`: has the attribute / does not.
 *  - `between`: a number, or a string that is a plain decimal number ("20", "-1.5"), with
 *    min ≤ value < max; either bound may be left open.
 *  - `version_between`: a string that is a dotted version ("5.2.0", "10.1"), compared part by
 *    part as whole numbers with missing parts as zeros (5.10.0 > 5.9.1, 5.2 = 5.2.0), with
 *    min ≤ version < max; either bound may be left open.
 */
import { z } from "zod";
import { attributeKeySchema, CUSTOMER_LIMITS, isStorableText } from "@/server/customers/schema";

export const RULE_LIMITS = {
  conditions: 20,
  values: 100,
  value: CUSTOMER_LIMITS.attributeString,
} as const;

export const CONDITION_OPS = [
  "equals",
  "one_of",
  "not_one_of",
  "exists",
  "missing",
  "between",
  "version_between",
] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** Dotted whole numbers of at most 9 digits each, so every part fits a PostgreSQL integer. */
export const VERSION_PATTERN = /^[0-9]{1,9}(\.[0-9]{1,9})*$/;
/** Strings that `between` reads as numbers: plain decimals, no exponent, no sign but minus. */
export const DECIMAL_PATTERN = /^-?[0-9]{1,30}(\.[0-9]{1,30})?$/;

export type Condition =
  | { attribute: string; op: "equals"; value: string }
  | { attribute: string; op: "one_of" | "not_one_of"; values: string[] }
  | { attribute: string; op: "exists" | "missing" }
  | { attribute: string; op: "between"; min?: number; max?: number }
  | { attribute: string; op: "version_between"; min?: string; max?: string };

export interface Rule {
  conditions: Condition[];
}

/** A version's parts as numbers with trailing zero parts dropped: "5.2.0" and "5.2" → [5, 2]. */
export function parseVersion(text: string): number[] | null {
  if (!VERSION_PATTERN.test(text)) return null;
  const parts = text.split(".").map(Number);
  while (parts.length > 0 && parts[parts.length - 1] === 0) parts.pop();
  return parts;
}

/** Part by part; a version that runs out first is the smaller (after trailing zeros are dropped). */
export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

// Schema ----------------------------------------------------------------------------------

/** A value to compare with, as text: numbers and booleans are taken in their text form. */
const textValue = z
  .union([z.string(), z.number().refine(Number.isFinite, "Must be a finite number"), z.boolean()], {
    error: "Must be a string, a number or a boolean",
  })
  .transform((v) => String(v))
  .pipe(
    z
      .string()
      .max(RULE_LIMITS.value, `Must be at most ${RULE_LIMITS.value} characters`)
      .refine(isStorableText, "Must be valid text without NUL characters"),
  );

const bound = z.number({ error: "Must be a number" }).refine(Number.isFinite, "Must be finite");
const versionBound = z
  .string({ error: "Must be a version such as 5.2.0" })
  .regex(VERSION_PATTERN, "Must be a version such as 5.2.0 (whole numbers joined by dots)");

const base = { attribute: attributeKeySchema };

export const conditionSchema = z.discriminatedUnion(
  "op",
  [
    z.object({ ...base, op: z.literal("equals"), value: textValue }),
    z.object({
      ...base,
      op: z.enum(["one_of", "not_one_of"]),
      values: z
        .array(textValue, { error: "Must be a list of values" })
        .min(1, "Give at least one value")
        .max(RULE_LIMITS.values, `At most ${RULE_LIMITS.values} values`),
    }),
    z.object({ ...base, op: z.enum(["exists", "missing"]) }),
    z
      .object({ ...base, op: z.literal("between"), min: bound.optional(), max: bound.optional() })
      .check((ctx) => checkRange(ctx, readNumber, (a, b) => a - b)),
    z
      .object({
        ...base,
        op: z.literal("version_between"),
        min: versionBound.optional(),
        max: versionBound.optional(),
      })
      .check((ctx) => checkRange(ctx, readVersion, compareVersions)),
  ],
  {
    error: (issue) =>
      typeof issue.input === "object" && issue.input !== null && !Array.isArray(issue.input)
        ? `op must be one of ${CONDITION_OPS.join(", ")}`
        : "Must be a condition: an object with attribute and op",
  },
);

const readNumber = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
const readVersion = (v: unknown) => (typeof v === "string" ? parseVersion(v) : null);

/**
 * A range needs a bound, and min below max. zod runs an object's checks even after one of
 * its fields failed a check of its own (a bound that is not a version), so the bounds are
 * read again here, and a range whose bound does not read is left to that bound's message
 * rather than compared.
 */
function checkRange<T>(
  ctx: z.core.ParsePayload<{ min?: unknown; max?: unknown }>,
  read: (bound: unknown) => T | null,
  compare: (a: T, b: T) => number,
) {
  const { min, max } = ctx.value;
  if (min === undefined && max === undefined) {
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      path: ["min"],
      message: "Give a min, a max or both",
    });
    return;
  }
  if (min === undefined || max === undefined) return;
  const [a, b] = [read(min), read(max)];
  if (a !== null && b !== null && compare(a, b) >= 0) {
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      path: ["max"],
      message: "max must be greater than min (min is included, max is not)",
    });
  }
}

export const ruleSchema = z
  .object({
    conditions: z
      .array(conditionSchema, { error: "Must be a list of conditions" })
      .min(1, "A rule needs at least one condition")
      .max(RULE_LIMITS.conditions, `A rule has at most ${RULE_LIMITS.conditions} conditions`),
  })
  .transform((r): Rule => canonicalRule(r as Rule));

/** What callers send (numbers and booleans allowed as values), before parsing. */
export type RuleInput = z.input<typeof ruleSchema>;

// Canonical form --------------------------------------------------------------------------

/**
 * The same rule however it was written: conditions in attribute order (then op), each once;
 * the values of one_of / not_one_of sorted and each once; object keys in one order. Stored
 * rules are canonical, so comparing their JSON tells whether two segments are the same rule.
 */
export function canonicalRule(rule: Rule): Rule {
  const seen = new Set<string>();
  const conditions: Condition[] = [];
  for (const c of rule.conditions.map(canonicalCondition)) {
    const key = JSON.stringify(c);
    if (seen.has(key)) continue;
    seen.add(key);
    conditions.push(c);
  }
  conditions.sort((a, b) => compareText(conditionSortKey(a), conditionSortKey(b)));
  return { conditions };
}

function canonicalCondition(c: Condition): Condition {
  switch (c.op) {
    case "equals":
      return { attribute: c.attribute, op: c.op, value: c.value };
    case "one_of":
    case "not_one_of":
      return { attribute: c.attribute, op: c.op, values: [...new Set(c.values)].sort(compareText) };
    case "exists":
    case "missing":
      return { attribute: c.attribute, op: c.op };
    case "between":
    case "version_between": {
      const out: Condition = { attribute: c.attribute, op: c.op } as Condition;
      if (c.min !== undefined) Object.assign(out, { min: c.min });
      if (c.max !== undefined) Object.assign(out, { max: c.max });
      return out;
    }
  }
}

const conditionSortKey = (c: Condition) =>
  `${c.attribute}\u0000${CONDITION_OPS.indexOf(c.op)}\u0000${JSON.stringify(c)}`;

/** Code-unit order: the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The stored key of a canonical rule: equal keys, equal rules. */
export function ruleKey(rule: Rule): string {
  return JSON.stringify(canonicalRule(rule));
}

// Labels ----------------------------------------------------------------------------------

/** A condition in people's words: "region = eu-west-1", "app_version 5.2.0 – 5.4.0". */
export function describeCondition(c: Condition): string {
  switch (c.op) {
    case "equals":
      return `${c.attribute} = ${c.value}`;
    case "one_of":
      return `${c.attribute} is one of ${c.values.join(", ")}`;
    case "not_one_of":
      return `${c.attribute} is not one of ${c.values.join(", ")}`;
    case "exists":
      return `${c.attribute} is set`;
    case "missing":
      return `${c.attribute} is missing`;
    case "between":
    case "version_between":
      if (c.min !== undefined && c.max !== undefined)
        return `${c.attribute} ${c.min} – ${c.max} (max excluded)`;
      return c.min !== undefined ? `${c.attribute} ≥ ${c.min}` : `${c.attribute} < ${c.max}`;
  }
}

/** A whole rule in one line, conditions joined by " · " (as segment names from the engine are). */
export function describeRule(rule: Rule): string {
  return rule.conditions.map(describeCondition).join(" · ");
}
