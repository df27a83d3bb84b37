/**
 * Hostile input for property tests of the app's doors: values of the wrong type, numbers at
 * the edges of what JavaScript and PostgreSQL hold, text that has broken databases before,
 * crafted paging cursors, and mutations that apply them to otherwise valid input (replace a
 * value, drop a field, add one such as `__proto__`, overfill an array).
 */
import fc from "fast-check";

const base64url = (s: string | Uint8Array) => Buffer.from(s).toString("base64url");

/** Text PostgreSQL cannot store or compare: a NUL character, half a surrogate pair. */
export const UNSTORABLE_TEXT = ["a\u0000b", "\ud800"] as const;

/** Numbers past what a column or JavaScript holds exactly. */
export const EDGE_NUMBERS = [1e308, NaN, 2 ** 53 + 1] as const;

/** Text that is valid JSON but awkward for everything behind it. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  // PostgreSQL cannot hold these as text at all.
  {
    weight: 2,
    arbitrary: fc.constantFrom(...UNSTORABLE_TEXT, "\u0000", "x\udfffy", "\ud83d"),
  },
  fc.constantFrom(
    "",
    " ",
    "\u202eevil\u202c",
    "\u200b",
    "\u200f\u05e9\u05dc\u05d5\u05dd",
    "\ufeff",
    "e\u0301\u0301\u0301",
    "😀".repeat(4),
    "'; drop table customer; --",
    '"',
    "%",
    "%00",
    "\\",
    "../../etc/passwd",
    "INC-",
    "INC-0",
    "INC--1",
    "INC-1e3",
    "INC-99999999999999999999",
    "INC-9007199254740993",
    "99999999999999999999",
    "9007199254740993",
    "-1",
    "-0",
    "0",
    "1e308",
    "-1e308",
    "NaN",
    "Infinity",
    "0x1F",
    "null",
    "undefined",
    "[object Object]",
    "__proto__",
    "constructor",
    "{}",
    "true",
    "\n\r\t",
    "2024-02-30T25:61:61Z",
    "+275760-09-13T00:00:00.001Z",
  ),
  fc.constant("x".repeat(10_000)),
  fc.constant("\u202e\u200b".repeat(5_000)),
  fc.string({
    unit: fc.constantFrom("a", "-", ".", " ", "\u0000", "\ud800", "\udc00", "😀", "\u0301", "'"),
    maxLength: 16,
  }),
  fc.string({ unit: "binary", maxLength: 16 }),
);

/** Numbers at the edges: ±1e308, NaN, ±Infinity, -0, 2^53+1, 2^31, fractions, as numbers and text. */
export const hostileNumber: fc.Arbitrary<unknown> = fc.constantFrom(
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  NaN,
  Infinity,
  -Infinity,
  -0,
  2 ** 53 + 1,
  -(2 ** 53 + 1),
  2 ** 63,
  2 ** 31,
  -(2 ** 31) - 1,
  0,
  -1,
  0.5,
  1.5,
  "NaN",
  "1e308",
  "-0",
  "2",
  10n,
);

/** Objects with own keys that JavaScript treats specially. */
function withOwnKey(key: string, value: unknown): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  return o;
}

let deep: unknown = "bottom";
for (let i = 0; i < 64; i++) deep = { a: deep };

/** Anything of the wrong type, or of the right type and hostile. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(
    null,
    undefined,
    true,
    false,
    [],
    {},
    [null],
    [[[]]],
    deep,
    new Date(NaN),
    new Date(8.64e15),
    withOwnKey("__proto__", { polluted: true }),
    withOwnKey("constructor", { prototype: { polluted: true } }),
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

/**
 * Paging cursors a client could craft: random base64, base64 of JSON that is not a cursor, and
 * the real cursors given (of this workspace or another, of this listing or another) with each
 * field's value swapped for a hostile one.
 */
export function craftedCursor(realCursors: readonly string[]): fc.Arbitrary<string> {
  // A cursor is base64url JSON, maybe followed by "." and a signature.
  const decoded = realCursors.flatMap((c) => {
    const [payload, signature] = c.split(".");
    try {
      const value = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown;
      return value && typeof value === "object"
        ? [{ value: value as Record<string, unknown>, signature }]
        : [];
    } catch {
      return [];
    }
  });
  const tampered = decoded.length
    ? fc
        .tuple(fc.constantFrom(...decoded), fc.nat(), hostileValue, fc.boolean())
        .map(([{ value, signature }, i, v, signed]) => {
          const keys = Object.keys(value);
          const json = JSON.stringify({ ...value, [keys[i % keys.length]]: v }, (_, x: unknown) =>
            typeof x === "bigint" ? Number(x) : x,
          );
          const payload = base64url(json);
          return signed && signature ? `${payload}.${signature}` : payload;
        })
    : fc.constant(base64url("{}"));
  return fc.oneof(
    realCursors.length ? fc.constantFrom(...realCursors) : fc.constant(""),
    tampered,
    fc.base64String({ maxLength: 64 }),
    fc.uint8Array({ maxLength: 48 }).map(base64url),
    fc.jsonValue({ maxDepth: 2 }).map((v) => base64url(JSON.stringify(v))),
    fc.constantFrom(
      base64url('{"__proto__":{"polluted":true}}'),
      base64url("not json"),
      base64url("\u0000"),
      base64url(new Uint8Array([0xff, 0xfe, 0xfd])),
      "=",
      "A".repeat(2001),
    ),
    hostileString,
  );
}

export interface HostilePools {
  /** Ids and names to put where they do not belong (foreign workspaces' ids, random uuids). */
  strings: readonly string[];
  integers: readonly number[];
  cursors: fc.Arbitrary<string>;
}

type Mutation =
  | { kind: "replace"; at: number; value: unknown }
  | { kind: "text"; at: number; value: string }
  | { kind: "number"; at: number; value: unknown }
  | { kind: "delete"; at: number }
  | { kind: "add"; at: number; key: string; value: unknown }
  | { kind: "overfill"; at: number; count: number };

function mutation(pools: HostilePools): fc.Arbitrary<Mutation> {
  const value = fc.oneof(
    { weight: 4, arbitrary: hostileValue },
    { weight: 2, arbitrary: pools.cursors },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(...pools.strings, ...pools.integers) },
  );
  const at = fc.nat();
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant("replace" as const), at, value }) },
    {
      weight: 4,
      arbitrary: fc.record({ kind: fc.constant("text" as const), at, value: hostileString }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant("number" as const), at, value: hostileNumber }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), at }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("add" as const),
        at,
        key: fc.oneof(
          fc.constantFrom("__proto__", "constructor", "prototype", "toString", "workspace", "id"),
          fc.string({ maxLength: 8 }),
        ),
        value,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("overfill" as const),
        at,
        count: fc.constantFrom(21, 101, 1001),
      }),
    },
  );
}

interface Place {
  parent: Record<string, unknown> | unknown[] | null;
  key: string | number;
}

const valueAt = (root: unknown, { parent, key }: Place) =>
  parent ? (parent as Record<string | number, unknown>)[key] : root;

/** Every place in a value a mutation can touch: the root, then each nested field and item. */
function places(root: unknown): Place[] {
  const out: Place[] = [{ parent: null, key: "" }];
  const walk = (v: unknown) => {
    if (!v || typeof v !== "object" || v instanceof Date) return;
    for (const key of Array.isArray(v) ? v.keys() : Object.keys(v)) {
      out.push({ parent: v as Record<string, unknown>, key });
      walk((v as Record<string | number, unknown>)[key]);
    }
  };
  walk(root);
  return out;
}

function setOwn(target: Record<string, unknown> | unknown[], key: string | number, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** A deep copy that keeps own keys such as `__proto__` (mutations never touch shared values). */
function copy(v: unknown): unknown {
  if (v instanceof Date) return new Date(v.getTime());
  if (Array.isArray(v)) return v.map(copy);
  if (!v || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) setOwn(out, key, copy((v as Record<string, unknown>)[key]));
  return out;
}

function applyMutation(root: unknown, m: Mutation): unknown {
  const all = places(root);
  // "text" and "number" spoil a leaf of that type, when there is one.
  const wanted = m.kind === "text" ? "string" : m.kind === "number" ? "number" : null;
  const leaves = wanted ? all.filter((p) => typeof valueAt(root, p) === wanted) : [];
  const candidates = leaves.length ? leaves : all;
  const { parent, key } = candidates[m.at % candidates.length];
  const current = valueAt(root, { parent, key });
  let next: unknown = current;
  switch (m.kind) {
    case "replace":
    case "text":
    case "number":
      next = copy(m.value);
      break;
    case "delete":
      if (!parent) return undefined;
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      return root;
    case "add":
      if (current && typeof current === "object" && !Array.isArray(current)) {
        setOwn(current as Record<string, unknown>, m.key, copy(m.value));
        return root;
      }
      next = copy({ [m.key]: m.value });
      break;
    case "overfill":
      next = Array.isArray(current)
        ? Array.from({ length: m.count }, (_, i) => copy(current[i % Math.max(1, current.length)]))
        : Array.from({ length: m.count }, () => copy(current));
      break;
  }
  if (!parent) return next;
  setOwn(parent, key, next);
  return root;
}

/** Valid input with one or two hostile mutations applied. */
export function mutated(valid: fc.Arbitrary<unknown>, pools: HostilePools): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.array(mutation(pools), { minLength: 1, maxLength: 2 }))
    .map(([value, mutations]) => mutations.reduce((v, m) => applyMutation(v, m), copy(value)));
}

/**
 * `valid` with each of its text leaves replaced by each of UNSTORABLE_TEXT and a 10,000
 * character string, and each number by each of EDGE_NUMBERS: one leaf at a time, every leaf —
 * the cases random runs would only sometimes reach.
 */
export function leafVariants(valid: unknown): unknown[] {
  return places(valid).flatMap((place, at) => {
    const leaf = valueAt(valid, place);
    const replacements =
      typeof leaf === "string"
        ? [...UNSTORABLE_TEXT, "x".repeat(10_000)]
        : typeof leaf === "number"
          ? EDGE_NUMBERS
          : [];
    return replacements.map((value) => applyMutation(copy(valid), { kind: "replace", at, value }));
  });
}

/**
 * A base64url signature with its last byte's bits all flipped: always a different signature.
 * (Overwriting the last characters with "AA" leaves it unchanged whenever that byte is 0, one
 * time in 256.)
 */
export function alteredSignature(tag: string): string {
  const bytes = Buffer.from(tag, "base64url");
  bytes[bytes.length - 1] ^= 0xff;
  return bytes.toString("base64url");
}

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * The same bytes spelt another way: the last character's lowest bit set, which base64url
 * leaves unused when the length is not a multiple of 3 bytes (decoders ignore it).
 */
export function otherSpelling(tag: string): string {
  if (tag.length % 4 === 0) throw new Error("no unused bits in a whole number of 3-byte groups");
  const last = BASE64URL.indexOf(tag.at(-1)!);
  return `${tag.slice(0, -1)}${BASE64URL[last ^ 1]}`;
}
