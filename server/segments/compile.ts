/**
 * A segment rule as one SQL condition over the customer directory, with exactly the answers
 * of matchesRule (match.ts) — compile.property.int.test.ts checks it on PGlite and PostgreSQL.
 *
 * Equality tests become `attributes @> {...}` so that customer_attributes_idx (GIN,
 * jsonb_path_ops) answers them; the text form that `equals` compares is spelled out as every
 * JSON value that has it ("2000" → "2000" or 2000). Ranges read the value in a CASE so that
 * nothing that is not a number or a version is ever cast. No index serves ranges: they cost
 * one evaluation per customer of the workspace (see bench/audience.ts (npm run bench:audience)).
 */
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { customer } from "@/db/schema";
import { DECIMAL_PATTERN, parseVersion, type Condition, type Rule } from "./rule";

/** The JSON values whose text form (String(v)) is `text`. */
function jsonValuesWithText(text: string): (string | number | boolean)[] {
  const values: (string | number | boolean)[] = [text];
  if (text === "true" || text === "false") values.push(text === "true");
  const n = Number(text);
  // Only a number's own text form names it: "2000" is 2000, but "2e3" and "2000.0" name no number.
  if (text.trim() !== "" && Number.isFinite(n) && String(n) === text) values.push(n);
  return values;
}

function hasText(attributes: SQLWrapper, key: string, texts: string[]): SQL {
  const tests = texts
    .flatMap(jsonValuesWithText)
    .map((v) => sql`${attributes} @> ${JSON.stringify({ [key]: v })}::jsonb`);
  return sql`(${sql.join(tests, sql` or `)})`;
}

function present(attributes: SQLWrapper, key: string): SQL {
  return sql`coalesce(jsonb_typeof(${attributes} -> ${key}::text) in ('string', 'number', 'boolean'), false)`;
}

/** The value as float8 when it is a number or a plain decimal string (DECIMAL_PATTERN), else null. */
function numberOf(attributes: SQLWrapper, key: string): SQL {
  const v = sql`(${attributes} -> ${key}::text)`;
  const text = sql`(${attributes} ->> ${key}::text)`;
  return sql`(case jsonb_typeof(${v})
    when 'number' then ${v}::float8
    when 'string' then case when ${text} ~ ${DECIMAL_PATTERN.source} then ${text}::float8 end
  end)`;
}

/**
 * The version's parts as int[] when the value is a string matching VERSION_PATTERN, else null.
 * VERSION_PATTERN's `{1,9}` is spelled as an unbounded pattern plus a test for a run of ten
 * digits that only long strings need: PostgreSQL's regex engine runs bounded repeats far
 * slower, and this is evaluated for every customer. Trailing zero parts are kept ("5.2.0" →
 * {5,2,0}): the bounds are compared without them, and a value that equals a bound but for
 * trailing zeros is then greater than it, which gives the same answer to `>= min` and
 * `< max` — the only comparisons made.
 */
function versionOf(attributes: SQLWrapper, key: string): SQL {
  const text = sql`(${attributes} ->> ${key}::text)`;
  return sql`(case when ${text} ~ '^[0-9]+(\\.[0-9]+)*$'
      and (length(${text}) < 10 or ${text} !~ '[0-9]{10}')
      and jsonb_typeof(${attributes} -> ${key}::text) = 'string'
    then string_to_array(${text}, '.')::int[] end)`;
}

const intArray = (parts: number[]) => sql`${`{${parts.join(",")}}`}::int[]`;

function range(value: SQL, min: SQL | null, max: SQL | null): SQL {
  const tests = [min && sql`${value} >= ${min}`, max && sql`${value} < ${max}`].filter(
    (t): t is SQL => t !== null,
  );
  return sql`coalesce(${sql.join(tests, sql` and `)}, false)`;
}

/** min ≤ value < max with the value computed once: bucket 1 of width_bucket's [min, max). */
function numberRange(value: SQL, min: number | undefined, max: number | undefined): SQL {
  if (min !== undefined && max !== undefined) {
    return sql`coalesce(width_bucket(${value}, array[${min}::float8, ${max}::float8]) = 1, false)`;
  }
  return range(
    value,
    min === undefined ? null : sql`${min}::float8`,
    max === undefined ? null : sql`${max}::float8`,
  );
}

export function compileCondition(c: Condition, attributes: SQLWrapper): SQL {
  switch (c.op) {
    case "equals":
      return hasText(attributes, c.attribute, [c.value]);
    case "one_of":
      return hasText(attributes, c.attribute, c.values);
    case "not_one_of":
      return sql`not ${hasText(attributes, c.attribute, c.values)}`;
    case "exists":
      return present(attributes, c.attribute);
    case "missing":
      return sql`not ${present(attributes, c.attribute)}`;
    case "between":
      return numberRange(numberOf(attributes, c.attribute), c.min, c.max);
    case "version_between":
      return range(
        versionOf(attributes, c.attribute),
        c.min === undefined ? null : intArray(parseVersion(c.min)!),
        c.max === undefined ? null : intArray(parseVersion(c.max)!),
      );
  }
}

/**
 * The rule as a boolean SQL expression over `attributes` (the customer table's column unless
 * another expression is given). Never null, so it can be selected as a flag as well as
 * filtered on. It does not test the workspace: callers add `workspace_id = …` themselves.
 */
export function compileRule(rule: Rule, attributes: SQLWrapper = customer.attributes): SQL {
  return sql`(${sql.join(
    rule.conditions.map((c) => compileCondition(c, attributes)),
    sql` and `,
  )})`;
}
