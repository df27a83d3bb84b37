/**
 * An incident's affected customers (incident_customer), events per minute (incident_minute)
 * and counters, kept as aggregates of its attached issues so pages never scan raw events.
 *
 * The invariant, for an incident that is not resolved: its observed aggregates are the sum of
 * its attached issues' aggregates (issue_customer, issue_minute, issue counters), plus the
 * customers added by hand; `affected_customer_count = count(incident_customer)`. Ingest keeps
 * it incrementally (server/ingest/write.ts); attach merges one issue in
 * (`backfillIncidentFromIssue`); detach and reopen rebuild it (`recomputeIncident`).
 *
 * Commands take the exclusive advisory locks of locks.ts — the issues' (in key order) before
 * the incident's — so a batch in flight for one of them either commits before the command
 * reads, or waits and then sees the new state of the incident.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { notFound } from "@/server/errors";
import { list, queryRows } from "@/server/ingest/sql";
import { lockIncidentExclusively, lockIssuesExclusively } from "./locks";

export interface LockedIncident {
  id: string;
  status: "investigating" | "identified" | "monitoring" | "resolved";
  issueIds: string[];
}

/**
 * Locks an incident for a command that rebuilds or merges aggregates: first its attached
 * issues and `extraIssueIds`, then the incident. Both must belong to the
 * workspace, else not found.
 */
export async function lockIncidentWithIssues(
  tx: Tx,
  workspaceId: string,
  incidentId: string,
  extraIssueIds: string[] = [],
): Promise<LockedIncident> {
  const attached = await attachedIssueIds(tx, workspaceId, incidentId);
  const issueIds = [...new Set([...attached, ...extraIssueIds])];
  if (issueIds.length) {
    await lockIssuesExclusively(tx, issueIds);
    const found = await queryRows<{ id: string }>(
      tx,
      sql`select id from issue where workspace_id = ${workspaceId} and id in ${list(issueIds)}`,
    );
    if (found.length !== issueIds.length) throw notFound("Issue");
  }
  const incident = await lockIncident(tx, workspaceId, incidentId);
  // An issue attached between the two reads above is locked late; it is rare and at worst
  // PostgreSQL resolves a deadlock by failing one of the two transactions.
  const now = await attachedIssueIds(tx, workspaceId, incidentId);
  const late = now.filter((id) => !issueIds.includes(id));
  if (late.length) await lockIssuesExclusively(tx, late);
  return { ...incident, issueIds: now };
}

/**
 * Locks one incident of the workspace (not found otherwise): its exclusive advisory lock, so
 * no ingest batch is adding to it meanwhile, and its row.
 */
export async function lockIncident(tx: Tx, workspaceId: string, incidentId: string) {
  if (!isUuid(incidentId)) throw notFound("Incident");
  await lockIncidentExclusively(tx, incidentId);
  const [row] = await queryRows<{ id: string; status: LockedIncident["status"] }>(
    tx,
    sql`select id, status from incident where id = ${incidentId} and workspace_id = ${workspaceId} for update`,
  );
  if (!row) throw notFound("Incident");
  return row;
}

async function attachedIssueIds(tx: Tx, workspaceId: string, incidentId: string) {
  if (!isUuid(incidentId)) throw notFound("Incident");
  const rows = await queryRows<{ issue_id: string }>(
    tx,
    sql`select issue_id from incident_issue
        where incident_id = ${incidentId} and workspace_id = ${workspaceId}`,
  );
  return rows.map((r) => r.issue_id);
}

/** Merges one issue's aggregates into an incident (the issue has just been attached). */
export async function backfillIncidentFromIssue(
  tx: Tx,
  workspaceId: string,
  incidentId: string,
  issueId: string,
): Promise<void> {
  await tx.execute(sql`
    insert into incident_customer (workspace_id, incident_id, customer_id, source, first_seen_at, last_seen_at, event_count)
    select ${workspaceId}, ${incidentId}, customer_id, 'observed', first_seen_at, last_seen_at, event_count
    from issue_customer where issue_id = ${issueId} order by customer_id
    on conflict (incident_id, customer_id) do update set
      first_seen_at = least(incident_customer.first_seen_at, excluded.first_seen_at),
      last_seen_at = greatest(incident_customer.last_seen_at, excluded.last_seen_at),
      event_count = incident_customer.event_count + excluded.event_count`);
  await tx.execute(sql`
    insert into incident_minute (workspace_id, incident_id, minute, events)
    select ${workspaceId}, ${incidentId}, minute, events
    from issue_minute where issue_id = ${issueId} order by minute
    on conflict (incident_id, minute) do update set events = incident_minute.events + excluded.events`);
  await tx.execute(sql`
    update incident set
      event_count = incident.event_count + i.event_count,
      last_event_at = greatest(incident.last_event_at, i.last_seen_at),
      affected_customer_count = (select count(*) from incident_customer where incident_id = ${incidentId})
    from issue i
    where incident.id = ${incidentId} and i.id = ${issueId}`);
}

/**
 * Rebuilds an incident's observed aggregates from its attached issues. Customers added by
 * hand stay, with their seen-times and counts taken from the issues again.
 */
export async function recomputeIncident(
  tx: Tx,
  workspaceId: string,
  incidentId: string,
): Promise<void> {
  await tx.execute(
    sql`delete from incident_customer where incident_id = ${incidentId} and source = 'observed'`,
  );
  await tx.execute(sql`
    update incident_customer set first_seen_at = null, last_seen_at = null, event_count = 0
    where incident_id = ${incidentId}`);
  await tx.execute(sql`
    insert into incident_customer (workspace_id, incident_id, customer_id, source, first_seen_at, last_seen_at, event_count)
    select ${workspaceId}, ${incidentId}, ic.customer_id, 'observed',
           min(ic.first_seen_at), max(ic.last_seen_at), sum(ic.event_count)
    from issue_customer ic join incident_issue ii on ii.issue_id = ic.issue_id
    where ii.incident_id = ${incidentId}
    group by ic.customer_id order by ic.customer_id
    on conflict (incident_id, customer_id) do update set
      first_seen_at = excluded.first_seen_at,
      last_seen_at = excluded.last_seen_at,
      event_count = excluded.event_count`);
  await tx.execute(sql`delete from incident_minute where incident_id = ${incidentId}`);
  await tx.execute(sql`
    insert into incident_minute (workspace_id, incident_id, minute, events)
    select ${workspaceId}, ${incidentId}, im.minute, sum(im.events)
    from issue_minute im join incident_issue ii on ii.issue_id = im.issue_id
    where ii.incident_id = ${incidentId}
    group by im.minute order by im.minute`);
  await tx.execute(sql`
    update incident set
      affected_customer_count = (select count(*) from incident_customer where incident_id = ${incidentId}),
      event_count = coalesce((
        select sum(i.event_count) from issue i join incident_issue ii on ii.issue_id = i.id
        where ii.incident_id = ${incidentId}), 0),
      last_event_at = (
        select max(i.last_seen_at) from issue i join incident_issue ii on ii.issue_id = i.id
        where ii.incident_id = ${incidentId})
    where id = ${incidentId}`);
}

/** Recounts affected customers after customers were added or removed by hand. */
export async function recountAffectedCustomers(tx: Tx, incidentId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`update incident set
          affected_customer_count = (select count(*) from incident_customer where incident_id = ${incidentId})
        where id = ${incidentId} returning affected_customer_count as n`,
  );
  return Number(row.n);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs and forms: a malformed one is simply not found. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
