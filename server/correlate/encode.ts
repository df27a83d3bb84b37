/**
 * Turns the caller's row objects into columns of integer codes (one typed array per
 * attribute) and counts in typed arrays, validating as it goes. Everything after this
 * works on codes only, which is what keeps the engine fast at a million rows.
 *
 * Codes are numbered as values first appear; each column also ranks its codes by value, and
 * predicates are built in that order, so the output never depends on the order of the rows.
 */
import { ExplainInputError, type ExplainRow } from "./types";

export type AttributeKind = "categorical" | "number" | "version";

export const MISSING_CODE = 0;
export const MISSING_TEXT = "(missing)";

/** Codes per row: 16 bits while an attribute has fewer than 65,536 values (half the memory). */
export type Codes = Uint16Array | Int32Array;

export interface Column {
  name: string;
  /** Per row; 0 means missing. */
  codes: Codes;
  /** Number of codes, the missing code 0 included. */
  card: number;
  /** code → the value's text (String(v)); texts[0] is "(missing)". */
  texts: string[];
  kind: AttributeKind;
  /** code → numeric value (number) or version parts (version); index 0 unused. */
  order: number[][];
  /** The present codes (missing excluded) in ascending order of value, then text. */
  sorted: number[];
}

export interface Encoded {
  n: number;
  failing: Float64Array;
  total: Float64Array;
  F: number;
  T: number;
  /** Sorted by attribute name. */
  columns: Column[];
}

interface Builder {
  codes: Codes;
  ids: Map<string | number | boolean, number>;
  values: (string | number | boolean)[];
}

const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const VERSION_TEXT = /^\d+(\.\d+){1,3}$/;

function fail(message: string, rowIndex?: number, field?: string): never {
  throw new ExplainInputError(message, rowIndex, field);
}

function checkCount(value: unknown, i: number, field: "failing" | "total"): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    fail(`Row ${i}: ${field} must be a finite number ≥ 0, got ${String(value)}.`, i, field);
  }
  return value;
}

export function encode(rows: readonly ExplainRow[]): Encoded {
  if (!Array.isArray(rows)) fail("rows must be an array of {attributes, failing, total}.");
  const n = rows.length;
  const failing = new Float64Array(n);
  const total = new Float64Array(n);
  const builders = new Map<string, Builder>();
  // Rows usually list their attributes in the same order: remembering which builder sat
  // at each position saves a map lookup per value, the encoder's main cost at 1M rows.
  const slotNames: string[] = [];
  const slotBuilders: Builder[] = [];
  let F = 0;
  let T = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row === null || typeof row !== "object") fail(`Row ${i} must be an object.`, i);
    const f = checkCount(row.failing, i, "failing");
    const t = checkCount(row.total, i, "total");
    if (f > t) fail(`Row ${i}: failing (${f}) is larger than total (${t}).`, i, "failing");
    failing[i] = f;
    total[i] = t;
    F += f;
    T += t;
    const attributes = row.attributes;
    if (attributes === null || typeof attributes !== "object" || Array.isArray(attributes)) {
      fail(`Row ${i}: attributes must be an object of attribute → value.`, i, "attributes");
    }
    let slot = 0;
    for (const name in attributes) {
      let b: Builder | undefined = slotNames[slot] === name ? slotBuilders[slot] : undefined;
      if (b === undefined) {
        b = builders.get(name);
        if (b === undefined) {
          b = { codes: new Uint16Array(n), ids: new Map(), values: [] };
          builders.set(name, b);
        }
        slotNames[slot] = name;
        slotBuilders[slot] = b;
      }
      slot++;
      const v = attributes[name];
      if (v === undefined || v === null) continue;
      let code = b.ids.get(v);
      if (code === undefined) {
        const type = typeof v;
        if (type !== "string" && type !== "number" && type !== "boolean") {
          fail(
            `Row ${i}: attribute "${name}" must be a string, number, boolean or null, got ${type}.`,
            i,
            name,
          );
        }
        b.values.push(v);
        code = b.values.length;
        b.ids.set(v, code);
        if (code === 65536) b.codes = Int32Array.from(b.codes);
      }
      b.codes[i] = code;
    }
  }
  const names = [...builders.keys()].sort(compareText);
  const columns = names.map((name) => finishColumn(name, builders.get(name)!));
  return { n, failing, total, F, T, columns };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareParts(a: number[], b: number[]): number {
  const len = Math.max(a.length, b.length);
  for (let i = 0; i < len; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Merges values with the same text (2000 and "2000"), detects the kind and ranks the codes
 * by value. Codes stay in order of first appearance (renumbering a million rows costs a
 * pass); everything that must not depend on row order goes through `sorted`.
 */
function finishColumn(name: string, b: Builder): Column {
  const texts: string[] = [];
  const codeOfText = new Map<string, number>();
  const remap = new Int32Array(b.values.length + 1);
  b.values.forEach((v, i) => {
    const text = String(v);
    let code = codeOfText.get(text);
    if (code === undefined) {
      texts.push(text);
      code = texts.length;
      codeOfText.set(text, code);
    }
    remap[i + 1] = code;
  });
  const codes = b.codes;
  if (texts.length !== b.values.length)
    for (let i = 0; i < codes.length; i++) codes[i] = remap[codes[i]];
  const kind = detectKind(b.values, texts);
  const order: number[][] = [
    [],
    ...texts.map((text) =>
      kind === "number" ? [Number(text)] : kind === "version" ? text.split(".").map(Number) : [],
    ),
  ];
  const allTexts = [MISSING_TEXT, ...texts];
  const sorted = texts.map((_, i) => i + 1);
  sorted.sort((x, y) => compareParts(order[x], order[y]) || compareText(allTexts[x], allTexts[y]));
  return { name, codes, card: texts.length + 1, texts: allTexts, kind, order, sorted };
}

function detectKind(values: (string | number | boolean)[], texts: string[]): AttributeKind {
  const numeric = values.every((v) =>
    typeof v === "number" ? Number.isFinite(v) : typeof v === "string" && NUMBER_TEXT.test(v),
  );
  if (numeric) return "number";
  if (values.every((v) => typeof v === "string") && texts.every((t) => VERSION_TEXT.test(t)))
    return "version";
  return "categorical";
}
