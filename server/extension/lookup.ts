/**
 * Lookup: which of the customers named on a ticket are in the audience of an active incident.
 *
 * An incident's audience is its segment's customers ∪ customers observed failing ∪ customers
 * added by hand − customers excluded (server/audience). For up to 50 identifiers and every
 * active incident (incidents.ts, at most 50) that takes two statements:
 *
 *   1. the active incidents with their audience segments and latest sent updates;
 *   2. one statement for all identifiers × all those incidents: the identifiers become
 *      customers (contacts' addresses, lower-cased as they are stored, or external ids, each
 *      through its index), then each incident's segment is tested on just those customers
 *      (segmentCustomerIds, a primary-key probe per customer — never a scan of the directory)
 *      and unioned with their incident_customer rows. Whether each (customer, incident) pair
 *      is excluded (notExcluded) is a column, not a join: evaluated per pair, it is one probe
 *      of the exclusions' primary key, whatever the planner believes of that table's size
 *      (PGlite has no autovacuum: as a join, stale statistics once made it re-read every
 *      exclusion of the workspace for every pair).
 *
 * Only the identifiers are read from the request; nothing of it is stored.
 */
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notExcluded, segmentCustomerIds } from "@/server/audience/resolve";
import { jsonb, list, queryRows } from "@/server/ingest/sql";
import { activeIncidents, type ActiveIncident } from "./incidents";
import type { Identifier, LookupReason } from "./schemas";

export interface LookupIncident {
  incident: ActiveIncident;
  reason: LookupReason;
  since: Date;
}

export interface LookupMatch {
  identifier: Identifier;
  customer: { id: number; externalId: string; name: string | null };
  contactName: string | null;
  /** Newest incident first. */
  incidents: LookupIncident[];
}

/** How an identifier is compared: addresses are stored lower-cased, external ids as written. */
export function normaliseIdentifier(i: Identifier): string {
  return i.kind === "email" ? i.value.trim().toLowerCase() : i.value.trim();
}

interface Row {
  ord: number;
  customer_id: number | string;
  external_id: string;
  name: string | null;
  contact_name: string | null;
  incident_id: string | null;
  reason: "failing" | "added" | "segment" | null;
  since_ms: number | null;
  /** False when the customer is excluded from this incident's audience. */
  kept: boolean;
}

/** When one customer is in an incident for several reasons, the first of these is told. */
const REASON_RANK: Record<LookupReason, number> = { failing: 0, segment: 1, added: 2 };

export async function lookupCustomers(
  db: DbOrTx,
  workspaceId: string,
  identifiers: Identifier[],
): Promise<LookupMatch[]> {
  // Each distinct identifier once, in the order given.
  const seen = new Set<string>();
  const idents = identifiers.flatMap((identifier, ord) => {
    const norm = normaliseIdentifier(identifier);
    const key = `${identifier.kind}:${norm}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ ord, kind: identifier.kind, norm, identifier }];
  });
  if (idents.length === 0) return [];
  const incidents = await activeIncidents(db, workspaceId);
  const rows = await queryRows<Row>(db, lookupStatement(workspaceId, idents, incidents));

  const byId = new Map(incidents.map((i) => [i.id, i]));
  const byOrd = new Map(idents.map((i) => [i.ord, i.identifier]));
  const matches = new Map<string, LookupMatch>();
  for (const r of rows) {
    const customerId = Number(r.customer_id);
    const key = `${r.ord}:${customerId}`;
    let m = matches.get(key);
    if (!m) {
      m = {
        identifier: byOrd.get(Number(r.ord))!,
        customer: { id: customerId, externalId: r.external_id, name: r.name },
        contactName: r.contact_name,
        incidents: [],
      };
      matches.set(key, m);
    }
    const incident = r.incident_id ? byId.get(r.incident_id) : undefined;
    if (!incident || !r.reason || !r.kept) continue;
    const since = r.since_ms !== null ? new Date(Number(r.since_ms)) : incident.startedAt;
    const existing = m.incidents.find((x) => x.incident.id === incident.id);
    if (!existing) m.incidents.push({ incident, reason: r.reason, since });
    else if (REASON_RANK[r.reason] < REASON_RANK[existing.reason]) {
      existing.reason = r.reason;
      existing.since = since;
    }
  }
  // Rows come by identifier, then customer; incidents are put in the active list's order.
  const order = new Map(incidents.map((i, n) => [i.id, n]));
  return [...matches.values()].map((m) => ({
    ...m,
    incidents: m.incidents.sort((a, b) => order.get(a.incident.id)! - order.get(b.incident.id)!),
  }));
}

function lookupStatement(
  workspaceId: string,
  idents: { ord: number; kind: string; norm: string }[],
  incidents: ActiveIncident[],
): SQL {
  // Who is in which incident, among the matched customers (`ids`): segment parts, one per
  // incident that has a segment, and the incidents' observed and added customers.
  const parts: SQL[] = incidents
    .filter((i) => i.segment)
    .map(
      (i) => sql`select ${i.id}::uuid as incident_id, s.id as customer_id,
                        'segment'::text as reason, null::timestamptz as since
                 from (${segmentCustomerIds(workspaceId, i.segment)}) s
                 where s.id in (select id from ids)`,
    );
  if (incidents.length > 0) {
    parts.push(sql`select ic.incident_id, ic.customer_id,
                          case ic.source when 'observed' then 'failing' else 'added' end as reason,
                          case ic.source when 'observed' then ic.first_seen_at else ic.created_at end as since
                   from incident_customer ic
                   where ic.workspace_id = ${workspaceId}
                     and ic.incident_id in ${list(incidents.map((i) => i.id))}
                     and ic.customer_id in (select id from ids)`);
  }
  const members = parts.length
    ? sql.join(parts, sql` union all `)
    : sql`select null::uuid as incident_id, null::bigint as customer_id, null::text as reason,
                 null::timestamptz as since where false`;
  return sql`
    with idents as (
      select * from jsonb_to_recordset(${jsonb(idents)}) as x(ord int, kind text, norm text)
    ),
    matched as (
      select i.ord, ct.customer_id, ct.name as contact_name
      from idents i
      join contact ct on ct.workspace_id = ${workspaceId} and ct.email = i.norm
      where i.kind = 'email'
      union all
      select i.ord, cu.id as customer_id, null::text as contact_name
      from idents i
      join customer cu on cu.workspace_id = ${workspaceId} and cu.external_id = i.norm
      where i.kind = 'external_id'
    ),
    ids as (select distinct customer_id as id from matched),
    members as (${members})
    select m.ord, cu.id as customer_id, cu.external_id, cu.name, m.contact_name,
           a.incident_id, a.reason, (extract(epoch from a.since) * 1000)::float8 as since_ms,
           ${notExcluded(workspaceId, sql`a.incident_id`, sql`a.customer_id`)} as kept
    from matched m
    join customer cu on cu.id = m.customer_id and cu.workspace_id = ${workspaceId}
    left join members a on a.customer_id = m.customer_id
    order by m.ord, cu.id`;
}
