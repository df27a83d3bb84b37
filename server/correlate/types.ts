/**
 * The segment engine's public shapes: what callers pass to `explain` and what they get back.
 * These are the shared contract of issue #3; other tools (incident page, bench, audience)
 * depend on them field by field, so fields are only ever added, never changed.
 */

export type AttributeValue = string | number | boolean | null;

/** One customer (total 1, failing 0 or 1) or one aggregated leaf (counts of failing and of all sessions/requests). */
export interface ExplainRow {
  /** undefined/null/absent = missing, which is a value of its own. */
  attributes: Record<string, AttributeValue | undefined>;
  failing: number;
  total: number;
}

export interface Predicate {
  attribute: string;
  /** The value as text, as String(v) gives it ("2000", "true", "eu-west-1"); for a range a human label ("5.2.0 – 5.4.0"); for a missing value "(missing)". */
  value: string;
  /** Absent for plain equality of the text form. min inclusive, max exclusive; either may be absent (open-ended). */
  match?:
    { kind: "missing" } | { kind: "range"; type: "number" | "version"; min?: string; max?: string };
}

export interface Segment {
  /** 1..3, sorted by attribute name. */
  predicates: Predicate[];
  /** Sum of failing of the rows inside. */
  failing: number;
  /** Sum of total of the rows inside. */
  total: number;
  /** failing / all failing (0..1). */
  support: number;
  /** failing / total inside. */
  failureRate: number;
  /** failing / total of the rows outside. */
  outsideRate: number;
  /** failureRate / outsideRate (a large finite cap when outside is 0). */
  riskRatio: number;
  /** 0..1, how sure the engine is that this segment is a real cause. */
  confidence: number;
}

export interface Explanation {
  verdict: "segments" | "no-clear-segment";
  /** Ranked, best first; empty when no-clear-segment. */
  segments: Segment[];
  failing: number;
  total: number;
  /** Share of all failing inside the union of the segments. */
  coverage: number;
}

/**
 * Knobs for unusual callers. The defaults are the one set of parameters that serves every
 * dataset; nothing here should need changing per workspace or per incident.
 */
export interface ExplainOptions {
  /** Largest number of predicates in one segment, 1..3. Default 3. */
  maxPredicates?: number;
  /** Largest number of segments returned. Default 5. */
  maxSegments?: number;
  /** Smallest share of all failing a returned segment must hold (0..1). Default 0.05. */
  minSupport?: number;
  /** Smallest risk ratio a returned segment must have against the unexplained rest. Default 1.5. */
  minRiskRatio?: number;
  /** Family-wise false-alarm rate over all candidates tried (Bonferroni). Default 0.001. */
  alpha?: number;
  /** Distinct values above which a numeric or version attribute also gets range candidates. Default 16. */
  rangeMinCardinality?: number;
}

/** Bad input: says which row and which field, so the caller can report it precisely. */
export class ExplainInputError extends Error {
  constructor(
    message: string,
    readonly rowIndex?: number,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ExplainInputError";
  }
}
