/**
 * The attribute breakdown of an incident: for every customer attribute, how the affected
 * customers split by value against how all of the workspace's customers split — the first
 * visual hint of which segment is hit ("62% of affected are on eu-west, 18% of everyone").
 *
 * Computed in one SQL pass: jsonb_each over every customer of the workspace, left-joined to
 * the incident's affected customers and grouped by (attribute, value); only the top values
 * per attribute come back. At 200k customers that pass costs about half a second on
 * PostgreSQL and a few seconds on PGlite, so pages read it through a per-incident cache
 * refreshed in the background (`readIncidentBreakdown`).
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { AttributeValue } from "@/db/schema";
import { notFound } from "@/server/errors";
import { queryRows } from "@/server/ingest/sql";
import { computedCache } from "./computed-cache";

/** Values kept per attribute (by number of affected customers); the rest are summed as "other". */
export const BREAKDOWN_TOP_VALUES = 10;

export interface BreakdownValue {
  value: AttributeValue;
  /** Affected customers with this value. */
  affected: number;
  /** All customers of the workspace with this value. */
  all: number;
  /** affected / all affected customers */
  affectedShare: number;
  /** all / all customers */
  allShare: number;
  /** affected / all: the chance that a customer with this value is affected */
  affectedRate: number;
  /** affectedShare − allShare: positive when the value is over-represented among the affected */
  overRepresentation: number;
  /** affectedShare / allShare (0 when nobody has the value) */
  lift: number;
}

export interface BreakdownAttribute {
  key: string;
  /** Distinct values of this attribute across all customers. */
  distinctValues: number;
  /** Affected / all customers that have this attribute at all. */
  affectedWithKey: number;
  allWithKey: number;
  /** Top values, most over-represented first. */
  values: BreakdownValue[];
  /** Customers whose value is not among `values` (excluding those without the attribute). */
  other: { affected: number; all: number };
}

export interface IncidentBreakdown {
  incidentId: string;
  totalAffected: number;
  totalCustomers: number;
  /** Attributes, the one with the most over-represented value first. */
  attributes: BreakdownAttribute[];
  computedAt: Date;
}

interface Row {
  /** null on the one row that carries the totals */
  key: string | null;
  value: string;
  all_count: number;
  affected_count: number;
  rn: number;
  distinct_values: number;
  key_all: number;
  key_affected: number;
}

/** Computes the breakdown now (no cache). Throws not found for another workspace's incident. */
export async function computeIncidentBreakdown(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
  opts: { topValues?: number } = {},
): Promise<IncidentBreakdown> {
  const top = opts.topValues ?? BREAKDOWN_TOP_VALUES;
  const [found] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from incident
        where id = ${incidentId} and workspace_id = ${workspaceId}`,
  );
  if (!found || Number(found.n) === 0) throw notFound("Incident");

  // One pass over the workspace's customers: each (attribute, value) pair counted among all
  // customers and among the affected ones (the left join). Top values per attribute are
  // chosen in SQL, so only a few dozen rows come back; the row with a null key carries the
  // totals.
  const result = await queryRows<Row>(
    db,
    sql`
      with affected as (
        select customer_id from incident_customer
        where incident_id = ${incidentId} and workspace_id = ${workspaceId}
      ),
      marked as (
        select c.attributes, a.customer_id is not null as is_affected
        from customer c
        left join affected a on a.customer_id = c.id
        where c.workspace_id = ${workspaceId}
      ),
      per_value as (
        select kv.key, kv.value::text as value,
               count(*)::int as all_count, count(*) filter (where is_affected)::int as affected_count
        from marked cross join lateral jsonb_each(marked.attributes) as kv
        group by kv.key, kv.value
      ),
      ranked as (
        select *,
               row_number() over (partition by key
                 order by affected_count desc, all_count desc, value) as rn,
               count(*) over (partition by key)::int as distinct_values,
               sum(all_count) over (partition by key)::int as key_all,
               sum(affected_count) over (partition by key)::int as key_affected
        from per_value
      )
      select key, value, all_count, affected_count, rn, distinct_values, key_all, key_affected
      from ranked
      where rn <= ${top}
      union all
      select null, null,
             (select count(*) from customer where workspace_id = ${workspaceId})::int,
             (select count(*) from incident_customer
               where incident_id = ${incidentId} and workspace_id = ${workspaceId})::int,
             0, 0, 0, 0`,
  );
  const totalsRow = result.find((r) => r.key === null)!;
  const totalAffected = Number(totalsRow.affected_count);
  const totalCustomers = Number(totalsRow.all_count);
  const rows = result
    .filter((r): r is Row & { key: string } => r.key !== null)
    .sort((a, b) => a.key.localeCompare(b.key) || Number(a.rn) - Number(b.rn));

  const byKey = new Map<string, (Row & { key: string })[]>();
  for (const r of rows) {
    const list = byKey.get(r.key) ?? [];
    list.push(r);
    byKey.set(r.key, list);
  }
  const attributes: BreakdownAttribute[] = [];
  for (const [key, list] of byKey) {
    const head = list[0];
    const values = list.map((r) => toValue(r, totalAffected, totalCustomers));
    values.sort((a, b) => b.overRepresentation - a.overRepresentation || b.affected - a.affected);
    const keptAffected = values.reduce((s, v) => s + v.affected, 0);
    const keptAll = values.reduce((s, v) => s + v.all, 0);
    attributes.push({
      key,
      distinctValues: Number(head.distinct_values),
      affectedWithKey: Number(head.key_affected),
      allWithKey: Number(head.key_all),
      values,
      other: {
        affected: Number(head.key_affected) - keptAffected,
        all: Number(head.key_all) - keptAll,
      },
    });
  }
  attributes.sort(
    (a, b) =>
      (b.values[0]?.overRepresentation ?? 0) - (a.values[0]?.overRepresentation ?? 0) ||
      a.key.localeCompare(b.key),
  );
  return { incidentId, totalAffected, totalCustomers, attributes, computedAt: new Date() };
}

function toValue(r: Row, totalAffected: number, totalCustomers: number): BreakdownValue {
  const affected = Number(r.affected_count);
  const all = Number(r.all_count);
  const affectedShare = totalAffected ? affected / totalAffected : 0;
  const allShare = totalCustomers ? all / totalCustomers : 0;
  return {
    value: JSON.parse(r.value) as AttributeValue,
    affected,
    all,
    affectedShare,
    allShare,
    affectedRate: all ? affected / all : 0,
    overRepresentation: affectedShare - allShare,
    lift: allShare ? affectedShare / allShare : 0,
  };
}

// The cache --------------------------------------------------------------------------------

/** A breakdown younger than this is answered from memory. */
export const BREAKDOWN_MAX_AGE_MS = 30_000;
/** An older one is still shown (marked as refreshing) while a new one is computed, up to this age. */
export const BREAKDOWN_SERVE_STALE_MS = 10 * 60_000;
/** A read with nothing to show waits this long for the computation before answering "computing". */
export const BREAKDOWN_WAIT_MS = 250;

export type BreakdownRead =
  | { status: "ready"; breakdown: IncidentBreakdown; refreshing: boolean }
  | { status: "computing"; breakdown: null; refreshing: true };

const readCached = computedCache((db, workspaceId, incidentId) =>
  computeIncidentBreakdown(db, workspaceId, incidentId),
);

/**
 * The incident's breakdown for a page that polls it, through the per-incident cache
 * (computed-cache.ts): at 100k affected customers of 200k the computation takes a good
 * fraction of a second on PostgreSQL and seconds on PGlite. A breakdown younger than
 * `maxAgeMs` comes from memory; an older one (up to `serveStaleMs`) is answered at once while
 * a new one is computed; with nothing to show the read waits up to `waitMs`, then answers
 * "computing".
 */
export async function readIncidentBreakdown(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
  opts: { maxAgeMs?: number; serveStaleMs?: number; waitMs?: number } = {},
): Promise<BreakdownRead> {
  const maxAge = opts.maxAgeMs ?? BREAKDOWN_MAX_AGE_MS;
  const read = await readCached(db, workspaceId, incidentId, {
    fresh: (_, age) => age < maxAge,
    serveStaleMs: opts.serveStaleMs ?? BREAKDOWN_SERVE_STALE_MS,
    waitMs: opts.waitMs ?? BREAKDOWN_WAIT_MS,
  });
  return read.status === "ready"
    ? { status: "ready", breakdown: read.value, refreshing: read.refreshing }
    : { status: "computing", breakdown: null, refreshing: true };
}
