/**
 * The incident's affected segments: which attribute combinations explain the customers it
 * hits. The database side of the segment engine (server/correlate, pure): gather one row per
 * distinct attribute set of the baseline customers — how many there are, how many this
 * incident observed failing — hand them to `explain`, and keep the answer in a per-incident
 * cache that the page polls.
 *
 * The baseline is who could have been hit. Where activity is known — at least
 * MIN_ACTIVE_HEALTHY customers were seen in the analysis window (last_seen_at) without an
 * error of any issue there — it is the customers active in the window; otherwise the whole
 * directory. The answer says which it used.
 *
 * Recomputed as events arrive, debounced: a cached analysis is answered as long as the
 * incident's affected count has not changed since, or it is younger than the debounce
 * interval; and on demand (`force`).
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Attributes } from "@/db/schema";
import {
  ExplainInputError,
  explain,
  type ExplainRow,
  type Explanation,
  type Segment,
} from "@/server/correlate";
import { ruleFromPredicates, ruleKey } from "@/server/segments";
import { invalid, notFound } from "@/server/errors";
import { queryRows } from "@/server/ingest/sql";
import { computedCache } from "./computed-cache";

/** The analysis window starts this long before the incident did. */
export const ANALYSIS_LOOKBACK_MS = 24 * 60 * 60_000;
/** Customers seen in the window without an error there, needed to trust activity as the baseline. */
export const MIN_ACTIVE_HEALTHY = 100;
/** A new analysis at most this often per incident while its affected count changes. */
export const ANALYSIS_DEBOUNCE_MS = 5_000;
/** And at least this often, whatever happens. */
export const ANALYSIS_MAX_AGE_MS = 5 * 60_000;

export interface AnalysisBaseline {
  kind: "active" | "directory";
  /** Customers the analysis compared against (the engine's total). */
  customers: number;
  /** Start of the analysis window. */
  since: Date;
  /** Customers of the directory, and those of them seen in events since `since`. */
  directoryCustomers: number;
  activeCustomers: number;
}

/** An engine segment, with the key of the rule that selects it (to match an audience's rule). */
export type AnalysedSegment = Segment & { ruleKey: string | null };

export interface SegmentAnalysis {
  incidentId: string;
  baseline: AnalysisBaseline;
  explanation: Omit<Explanation, "segments"> & { segments: AnalysedSegment[] };
  /** The incident's affected count when this was computed: a change triggers a new analysis. */
  affectedCustomers: number;
  computedAt: Date;
  tookMs: number;
}

export async function computeSegmentAnalysis(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
): Promise<SegmentAnalysis> {
  const started = performance.now();
  const [inc] = await queryRows<{ started_at: string | Date; affected: number }>(
    db,
    sql`select started_at, affected_customer_count as affected from incident
        where id = ${incidentId} and workspace_id = ${workspaceId}`,
  );
  if (!inc) throw notFound("Incident");
  const since = new Date(new Date(inc.started_at).getTime() - ANALYSIS_LOOKBACK_MS);

  const sinceIso = since.toISOString();
  const [counts] = await queryRows<{ directory: number; active: number; failing_anywhere: number }>(
    db,
    sql`select count(*)::int as directory,
               count(*) filter (where c.last_seen_at >= ${sinceIso})::int as active,
               (select count(distinct ic.customer_id)::int
                from issue i join issue_customer ic on ic.issue_id = i.id
                where i.workspace_id = ${workspaceId} and i.last_seen_at >= ${sinceIso}
                  and ic.last_seen_at >= ${sinceIso}) as failing_anywhere
        from customer c
        where c.workspace_id = ${workspaceId}`,
  );
  // Seen, but not through an error: only such customers make "active" a fair baseline. When
  // every sighting is an error, "active" means "failing something" and would inflate every
  // failure rate.
  const seenHealthy = Number(counts.active) - Number(counts.failing_anywhere);
  const kind = seenHealthy >= MIN_ACTIVE_HEALTHY ? "active" : "directory";

  // Customers with the same attributes are one row to the engine: the directory has far
  // fewer distinct attribute sets than customers.
  const rows = await queryRows<{ attributes: Attributes; total: number; failing: number }>(
    db,
    sql`select c.attributes, count(*)::int as total, count(ic.customer_id)::int as failing
        from customer c
        left join incident_customer ic
          on ic.incident_id = ${incidentId} and ic.customer_id = c.id and ic.source = 'observed'
        where c.workspace_id = ${workspaceId}
          ${kind === "active" ? sql`and (c.last_seen_at >= ${sinceIso} or ic.customer_id is not null)` : sql``}
        group by c.attributes`,
  );
  const explanation = explainOrInvalid(
    rows.map((r) => ({
      attributes: r.attributes,
      failing: Number(r.failing),
      total: Number(r.total),
    })),
  );
  return {
    incidentId,
    baseline: {
      kind,
      customers: explanation.total,
      since,
      directoryCustomers: Number(counts.directory),
      activeCustomers: Number(counts.active),
    },
    explanation: {
      ...explanation,
      segments: explanation.segments.map((seg) => ({ ...seg, ruleKey: keyOf(seg) })),
    },
    affectedCustomers: Number(inc.affected),
    computedAt: new Date(),
    tookMs: performance.now() - started,
  };
}

/** The directory's rows always satisfy the engine; should one not, it is a precise 400, not a 500. */
function explainOrInvalid(rows: ExplainRow[]): Explanation {
  try {
    return explain(rows);
  } catch (err) {
    if (err instanceof ExplainInputError) throw invalid(`Segment analysis: ${err.message}`);
    throw err;
  }
}

/** Null when a predicate cannot be a rule condition (then the segment cannot be adopted). */
function keyOf(seg: Segment): string | null {
  try {
    return ruleKey(ruleFromPredicates(seg.predicates));
  } catch {
    return null;
  }
}

const readCached = computedCache(computeSegmentAnalysis);

export type SegmentAnalysisRead =
  | { status: "ready"; analysis: SegmentAnalysis; refreshing: boolean }
  | { status: "computing"; analysis: null; refreshing: true };

/**
 * The analysis for a page that polls it. `force` asks for a new one now (the page's
 * "Recompute" button); the answer is the previous one, marked refreshing, until it is done.
 */
export async function readSegmentAnalysis(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
  opts: { force?: boolean; waitMs?: number } = {},
): Promise<SegmentAnalysisRead> {
  const [inc] = await queryRows<{ affected: number }>(
    db,
    sql`select affected_customer_count as affected from incident
        where id = ${incidentId} and workspace_id = ${workspaceId}`,
  );
  if (!inc) throw notFound("Incident");
  const affectedNow = Number(inc.affected);
  const read = await readCached(db, workspaceId, incidentId, {
    fresh: (value, age) => !opts.force && isFresh(value, age, affectedNow),
    serveStaleMs: Infinity,
    waitMs: opts.waitMs ?? 400,
  });
  return read.status === "ready"
    ? { status: "ready", analysis: read.value, refreshing: read.refreshing }
    : { status: "computing", analysis: null, refreshing: true };
}

function isFresh(value: SegmentAnalysis, ageMs: number, affectedNow: number) {
  return (
    ageMs < ANALYSIS_MAX_AGE_MS &&
    (value.affectedCustomers === affectedNow || ageMs < ANALYSIS_DEBOUNCE_MS)
  );
}

/**
 * The analysis for a glance at an incident, which must not wait for it: what is in the cache
 * now (null when nothing is). A missing or stale analysis is started in the background, so
 * the next poll has it — unless `start` is false (the incidents list passes false for
 * resolved incidents: its "All" tab would otherwise start one per resolved incident).
 */
export async function glanceSegmentAnalysis(
  db: DbOrTx,
  workspaceId: string,
  inc: { id: string; affectedCustomers: number },
  opts: { start: boolean },
): Promise<SegmentAnalysis | null> {
  if (!opts.start) return readCached.peek(db, workspaceId, inc.id) ?? null;
  try {
    const read = await readCached(db, workspaceId, inc.id, {
      fresh: (value, age) => isFresh(value, age, inc.affectedCustomers),
      serveStaleMs: Infinity,
      waitMs: 0,
    });
    return read.value;
  } catch {
    // A failed analysis is the segments panel's to report; the list shows the rest.
    return null;
  }
}
