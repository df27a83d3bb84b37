/**
 * Scoring of the segment benchmark: a returned segment is a true positive only when its
 * predicate set equals a true cause's exactly, the convention of the published RS
 * comparisons (sorted `attr=value` pairs joined by `&`, values compared as text).
 */
import type { Predicate } from "@/server/correlate";

export const MISSING = "(missing)";

/** A predicate of a planted or labelled cause: always plain equality on the text form. */
export interface TruthPredicate {
  attribute: string;
  value: string;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface CaseScore extends Counts {
  /** Normalised keys of the returned segments that equal a true cause. */
  matched: string[];
  /** Returned but not a true cause (a repeat of a key already returned counts here too). */
  extra: string[];
  /** True causes that nothing returned matched. */
  missed: string[];
}

export interface Rates {
  precision: number;
  recall: number;
  f1: number;
}

export function truthKey(predicates: readonly TruthPredicate[]): string {
  return predicates
    .map((p) => `${p.attribute}=${p.value}`)
    .sort()
    .join("&");
}

/**
 * A range gets a form that no equality can take (`attr∈[min,max)`), so a range that happens
 * to cover exactly the planted value is still not the planted `attr=value`.
 */
export function predicateKey(p: Predicate): string {
  if (p.match?.kind === "missing") return `${p.attribute}=${MISSING}`;
  if (p.match?.kind === "range")
    return `${p.attribute}∈[${p.match.min ?? "-∞"},${p.match.max ?? "∞"})`;
  return `${p.attribute}=${p.value}`;
}

export function segmentKey(predicates: readonly Predicate[]): string {
  return predicates.map(predicateKey).sort().join("&");
}

export function scoreCase(predicted: readonly string[], truth: readonly string[]): CaseScore {
  const wanted = new Set(truth);
  const seen = new Set<string>();
  const matched: string[] = [];
  const extra: string[] = [];
  for (const key of predicted) {
    if (wanted.has(key) && !seen.has(key)) matched.push(key);
    else extra.push(key);
    seen.add(key);
  }
  const missed = [...wanted].filter((key) => !seen.has(key));
  return { tp: matched.length, fp: extra.length, fn: missed.length, matched, extra, missed };
}

export function addCounts(counts: readonly Counts[]): Counts {
  return counts.reduce((s, c) => ({ tp: s.tp + c.tp, fp: s.fp + c.fp, fn: s.fn + c.fn }), {
    tp: 0,
    fp: 0,
    fn: 0,
  });
}

/** Precision of an engine that returned nothing is taken as 0, so silence never scores. */
export function rates({ tp, fp, fn }: Counts): Rates {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
