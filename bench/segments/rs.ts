/**
 * The RS dataset (../shared/datasets/rs, see its README): 135 cases of real video-streaming
 * telemetry, each a CSV of per-minute leaves, with the labelled root causes in anomaly.yaml.
 * Scored as the published comparisons do: the rows of the anomaly minute only (failing =
 * value, total = cnt), values as text, exact match of the predicate sets.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { parse as parseYaml } from "yaml";
import type { ExplainRow } from "@/server/correlate";
import { truthKey, type TruthPredicate } from "./score";

export interface RsAnomaly {
  /** The case file's name without `.csv`. */
  data: string;
  /** The anomaly minute, Unix seconds. */
  timestamp: number;
  /** One or more root causes, each a conjunction of attribute=value. */
  causes: TruthPredicate[][];
}

export interface RsCase extends RsAnomaly {
  attributes: string[];
  rows: ExplainRow[];
  /** The causes as the scorer compares them. */
  truth: string[];
}

const COUNT_COLUMNS = new Set(["min", "value", "cnt"]);

/** `../shared/datasets/rs` beside the repository root, wherever the command runs from. */
export function defaultRsPath(): string {
  return path.resolve(import.meta.dirname, "../../../shared/datasets/rs");
}

export function loadAnomalies(dir: string): RsAnomaly[] {
  const file = path.join(dir, "anomaly.yaml");
  if (!existsSync(file))
    throw new Error(`no RS dataset at ${dir} (anomaly.yaml not found); pass --rs <path>`);
  const entries: unknown = parseYaml(readFileSync(file, "utf8"));
  if (!Array.isArray(entries)) throw new Error(`${file}: expected a list of anomalies`);
  return entries.map((entry, i) => {
    const { data, timestamp, cause } = (entry ?? {}) as {
      data?: unknown;
      timestamp?: unknown;
      cause?: unknown;
    };
    if (
      data === undefined ||
      typeof timestamp !== "number" ||
      !cause ||
      typeof cause !== "object"
    ) {
      throw new Error(`${file}: entry ${i + 1} needs data, a numeric timestamp and a cause`);
    }
    const causes = (Array.isArray(cause) ? cause : [cause]).map((c: Record<string, unknown>) =>
      Object.entries(c)
        .map(([attribute, value]) => ({ attribute, value: String(value) }))
        .sort((a, b) => a.attribute.localeCompare(b.attribute)),
    );
    return { data: String(data), timestamp, causes };
  });
}

export function loadRsCase(dir: string, anomaly: RsAnomaly): RsCase {
  const file = path.join(dir, `${anomaly.data}.csv`);
  const parsed = Papa.parse<Record<string, string>>(readFileSync(file, "utf8"), {
    header: true,
    skipEmptyLines: true,
  });
  if (parsed.errors.length > 0)
    throw new Error(`${file}: ${parsed.errors[0].message} (row ${parsed.errors[0].row})`);
  const fields = parsed.meta.fields ?? [];
  for (const column of COUNT_COLUMNS)
    if (!fields.includes(column)) throw new Error(`${file}: no ${column} column`);
  // Column order differs between files, so attributes are whatever is not a count.
  const attributes = fields.filter((f) => !COUNT_COLUMNS.has(f));
  const rows: ExplainRow[] = [];
  for (const record of parsed.data) {
    if (Number(record.min) !== anomaly.timestamp) continue;
    const values: ExplainRow["attributes"] = {};
    for (const a of attributes) values[a] = record[a];
    rows.push({ attributes: values, failing: Number(record.value), total: Number(record.cnt) });
  }
  if (rows.length === 0)
    throw new Error(`${file}: no rows at the anomaly minute ${anomaly.timestamp}`);
  return { ...anomaly, attributes, rows, truth: anomaly.causes.map(truthKey) };
}

/** The published figures, from the dataset's README (run by others with the authors' code). */
export interface PublishedResult {
  algorithm: string;
  f1: number;
  precision: number;
  recall: number;
  secondsPerCase: number;
}

export function publishedResults(dir: string): PublishedResult[] {
  const file = path.join(dir, "README.md");
  if (!existsSync(file)) return [];
  const out: PublishedResult[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const cells = line
      .split("|")
      .map((c) => c.trim())
      .filter(Boolean);
    if (cells.length !== 5 || !cells.slice(1).every((c) => /^\d+(\.\d+)?$/.test(c))) continue;
    const [algorithm, f1, precision, recall, seconds] = cells;
    out.push({
      algorithm,
      f1: +f1,
      precision: +precision,
      recall: +recall,
      secondsPerCase: +seconds,
    });
  }
  return out;
}
