/**
 * fast-check arbitraries from JSON Schema, as zod 4 writes it with
 * `z.toJSONSchema(schema, { io: "input", unrepresentable: "any" })`. No maintained library
 * turns zod 4 schemas into fast-check 4 arbitraries (zod-fast-check stops at zod 3 and
 * fast-check 3), and going through JSON Schema keeps this to the few keywords zod emits.
 *
 * The values are what a well-behaved client would send: they satisfy the schema's types,
 * bounds, enums and patterns (refinements and transforms are not in JSON Schema, so a few
 * may still be refused). Known values — ids of real rows, names of real attributes — are
 * offered per property name and used, more often than random ones, wherever they fit, so that
 * generated input reaches real data instead of stopping at "not found". Hostile variations
 * are added on top by hostile.ts.
 */
import fc from "fast-check";

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  [keyword: string]: unknown;
}

export interface SchemaArbitraryOptions {
  /** An arbitrary for a property by name, instead of the one its schema gives (undefined: none). */
  property?: (name: string, schema: JsonSchema) => fc.Arbitrary<unknown> | undefined;
  /**
   * Known values for a leaf, by the name of the property it is in (array items: the array's),
   * drawn three times as often as random ones when they fit the leaf's schema.
   */
  known?: (property: string | undefined) => readonly unknown[];
  /** How many items past `minItems` an array gets at most (default 3). */
  extraItems?: number;
}

/** Keywords that describe rather than constrain; everything else must be understood here. */
const IGNORED = new Set(["$schema", "default", "description", "title", "examples", "readOnly"]);
const UNDERSTOOD = new Set([
  ...IGNORED,
  ...[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "propertyNames",
    "items",
    "prefixItems",
    "enum",
    "const",
    "anyOf",
    "oneOf",
    "allOf",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
  ],
]);

/** One object schema from several (tRPC merges a procedure's `.input()`s the same way). */
export function mergeObjectSchemas(schemas: JsonSchema[]): JsonSchema {
  if (schemas.length === 1) return schemas[0];
  return {
    type: "object",
    properties: Object.assign({}, ...schemas.map((s) => s.properties ?? {})),
    required: [...new Set(schemas.flatMap((s) => s.required ?? []))],
  };
}

/** Whether a string satisfies a string schema's bounds, pattern and enum. */
function stringFits(s: string, schema: JsonSchema): boolean {
  if (schema.minLength !== undefined && s.length < schema.minLength) return false;
  if (schema.maxLength !== undefined && s.length > schema.maxLength) return false;
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(s)) return false;
  if (schema.enum && !schema.enum.includes(s)) return false;
  return schema.const === undefined || schema.const === s;
}

function numberFits(n: number, schema: JsonSchema, integer: boolean): boolean {
  if (integer && !Number.isSafeInteger(n)) return false;
  if (schema.minimum !== undefined && n < schema.minimum) return false;
  if (schema.maximum !== undefined && n > schema.maximum) return false;
  if (schema.exclusiveMinimum !== undefined && n <= schema.exclusiveMinimum) return false;
  return schema.exclusiveMaximum === undefined || n < schema.exclusiveMaximum;
}

/** One of the known values that fit, or else a random one. */
function withKnown<T>(random: fc.Arbitrary<T>, known: T[]): fc.Arbitrary<T> {
  if (!known.length) return random;
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: random },
  );
}

/** `name`: the property the value is for, if any (array items inherit their array's). */
export function arbitraryFromJsonSchema(
  schema: JsonSchema,
  opts: SchemaArbitraryOptions = {},
  name?: string,
): fc.Arbitrary<unknown> {
  const unknown = Object.keys(schema).filter((k) => !UNDERSTOOD.has(k));
  if (unknown.length) {
    throw new Error(`json-schema-arbitrary: no support for ${unknown.join(", ")} yet`);
  }
  const recurse = (s: JsonSchema, property = name) => arbitraryFromJsonSchema(s, opts, property);
  const known = () => opts.known?.(name) ?? [];

  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.allOf) return recurse(mergeObjectSchemas(schema.allOf));
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map((s) => recurse(s)));
  if (Array.isArray(schema.type)) {
    return fc.oneof(...schema.type.map((type) => recurse({ ...schema, type })));
  }

  switch (schema.type) {
    case undefined: // `{}`: anything (zod's unknown, any, or a custom type)
      return fc.jsonValue({ maxDepth: 2 });
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "string":
      return stringArbitrary(schema, known());
    case "integer":
    case "number":
      return numberArbitrary(schema, known());
    case "array":
      return arrayArbitrary(schema, opts, recurse);
    case "object":
      return objectArbitrary(schema, opts, recurse);
    default:
      throw new Error(`json-schema-arbitrary: no support for type ${schema.type}`);
  }
}

function stringArbitrary(schema: JsonSchema, known: readonly unknown[]) {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? minLength + 24, minLength + 24);
  let random: fc.Arbitrary<string>;
  if (schema.format === "uuid") random = fc.uuid();
  else if (schema.format === "date-time") {
    random = fc
      .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString());
  } else if (schema.pattern !== undefined) {
    random = fc.stringMatching(new RegExp(schema.pattern, "u"));
  } else {
    random = fc.string({ minLength, maxLength, unit: "grapheme" });
  }
  random = random.filter((s) => stringFits(s, schema));
  return withKnown(
    random,
    known.filter((s): s is string => typeof s === "string" && stringFits(s, schema)),
  );
}

function numberArbitrary(schema: JsonSchema, known: readonly unknown[]) {
  const integer = schema.type === "integer";
  const lower = schema.minimum ?? schema.exclusiveMinimum;
  const upper = schema.maximum ?? schema.exclusiveMaximum;
  const random = integer
    ? fc.integer({
        min: Math.ceil(Math.max(lower ?? -1e6, Number.MIN_SAFE_INTEGER)),
        max: Math.floor(Math.min(upper ?? 1e6, Number.MAX_SAFE_INTEGER)),
      })
    : fc.double({
        min: lower ?? -1e6,
        max: upper ?? 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      });
  return withKnown(
    random.filter((n) => numberFits(n, schema, integer)),
    known.filter((n): n is number => typeof n === "number" && numberFits(n, schema, integer)),
  );
}

function arrayArbitrary(
  schema: JsonSchema,
  opts: SchemaArbitraryOptions,
  recurse: (s: JsonSchema, property?: string) => fc.Arbitrary<unknown>,
) {
  const minLength = schema.minItems ?? 0;
  const maxLength = Math.min(schema.maxItems ?? Infinity, minLength + (opts.extraItems ?? 3));
  if (schema.prefixItems) return fc.tuple(...schema.prefixItems.map((s) => recurse(s)));
  return fc.array(schema.items ? recurse(schema.items) : fc.jsonValue({ maxDepth: 1 }), {
    minLength,
    maxLength,
  });
}

function objectArbitrary(
  schema: JsonSchema,
  opts: SchemaArbitraryOptions,
  recurse: (s: JsonSchema, property?: string) => fc.Arbitrary<unknown>,
) {
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  const record = fc.record(
    Object.fromEntries(
      names.map((name) => [
        name,
        opts.property?.(name, properties[name]) ?? recurse(properties[name], name),
      ]),
    ),
    { requiredKeys: (schema.required ?? []).filter((n) => names.includes(n)) },
  );
  const extra = schema.additionalProperties;
  if (typeof extra !== "object") return record;
  // A record (`z.record(key, value)`): its own keys beside any named ones.
  const keys = schema.propertyNames
    ? (recurse(schema.propertyNames, "key") as fc.Arbitrary<string>)
    : fc.string({ minLength: 1, maxLength: 12 });
  return fc
    .tuple(record, fc.dictionary(keys, recurse(extra, "value"), { maxKeys: 4 }))
    .map(([named, more]) => ({ ...more, ...named }));
}
