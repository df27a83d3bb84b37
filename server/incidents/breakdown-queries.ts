/**
 * The attribute breakdown of an incident: for every customer attribute, how the affected
 * customers split by value against how all of the workspace's customers split — the first
 * visual hint of which segment is hit ("62% of affected are on eu-west, 18% of everyone").
 *
 * Computed in one SQL pass: jsonb_each over every customer of the workspace, left-joined to
 * the incident's affected customers and grouped by (attribute, value); only the top values
 * per attribute come back. At 200k customers that pass costs a few hundred ms, so the
 * router reads it through a short per-incident cache (see `cachedIncidentBreakdown`).
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { AttributeValue } from "@/db/schema";
import { notFound } from "@/server/errors";
import { queryRows } from "@/server/ingest/sql";

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

  // Customers share few attribute combinations (plan × region × version …), so grouping
  // whole attribute objects first and expanding each combination once with jsonb_each is
  // several times cheaper than expanding every customer. The row with a null key carries
  // the totals.
  const result = await queryRows<Row>(
    db,
    sql`
      with affected as (
        select customer_id from incident_customer
        where incident_id = ${incidentId} and workspace_id = ${workspaceId}
      ),
      combos as (
        select c.attributes, count(*)::int as all_n, count(a.customer_id)::int as affected_n
        from customer c
        left join affected a on a.customer_id = c.id
        where c.workspace_id = ${workspaceId}
        group by c.attributes
      ),
      per_value as (
        select kv.key, kv.value::text as value,
               sum(all_n)::int as all_count, sum(affected_n)::int as affected_count
        from combos cross join lateral jsonb_each(combos.attributes) as kv
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
      select null, null, coalesce(sum(all_n), 0)::int, coalesce(sum(affected_n), 0)::int,
             0, 0, 0, 0
      from combos`,
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

/** How old a cached breakdown may be before a read recomputes it. */
export const BREAKDOWN_MAX_AGE_MS = 30_000;

interface CacheEntry {
  at: number;
  value?: IncidentBreakdown;
  pending?: Promise<IncidentBreakdown>;
}

// Per database handle (tests open many), per workspace + incident.
const caches = new WeakMap<object, Map<string, CacheEntry>>();

/**
 * The breakdown, at most `maxAgeMs` old. A fresh enough value is answered from memory;
 * an older one is recomputed, and concurrent readers of the same incident share one
 * computation. Each app instance keeps its own cache — it is only a cache.
 */
export async function cachedIncidentBreakdown(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
  opts: { maxAgeMs?: number } = {},
): Promise<IncidentBreakdown & { cached: boolean }> {
  const maxAge = opts.maxAgeMs ?? BREAKDOWN_MAX_AGE_MS;
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const key = `${workspaceId}:${incidentId}`;
  const entry = cache.get(key);
  if (entry?.value && Date.now() - entry.at < maxAge) return { ...entry.value, cached: true };
  if (entry?.pending) return { ...(await entry.pending), cached: false };

  const pending = computeIncidentBreakdown(db, workspaceId, incidentId);
  cache.set(key, { at: entry?.at ?? 0, value: entry?.value, pending });
  try {
    const value = await pending;
    cache.set(key, { at: Date.now(), value });
    if (cache.size > 500) cache.delete(cache.keys().next().value!);
    return { ...value, cached: false };
  } catch (err) {
    cache.delete(key);
    throw err;
  }
}
