/**
 * Incidents that open by themselves: after each ingest batch, an issue that is in no open
 * incident and has crossed one of the workspace's thresholds — distinct affected customers,
 * or events in a single minute — gets a new incident (status investigating, opened by
 * Blastradius, i.e. no actor) with the issue attached and its aggregates backfilled.
 *
 * An issue whose incident was resolved is a recurrence: only the customers it has hit since
 * the resolution count towards the threshold, and crossing it reopens that incident (back to
 * investigating, recorded as Blastradius's change) instead of opening a second incident with
 * the same history.
 */
import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "@/db/client";
import { workspaceSettings } from "@/db/schema";
import { list, queryRows } from "@/server/ingest/sql";
import { DEFAULT_THRESHOLD_SETTINGS } from "@/server/workspaces/settings";
import { lockIssuesExclusively } from "./locks";
import { openIncident, updateIncident } from "./service";

export interface TouchedIssue {
  id: string;
  service: string;
  errorType: string;
  customerCount: number;
  /** The highest per-minute event count among the minutes this batch added to. */
  peakMinuteEvents: number;
  firstSeenAt: Date;
}

export interface IncidentThresholds {
  customers: number;
  eventsPerMinute: number;
}

export async function incidentThresholds(
  db: DbOrTx,
  workspaceId: string,
): Promise<IncidentThresholds> {
  const [row] = await db
    .select({
      customers: workspaceSettings.incidentCustomerThreshold,
      eventsPerMinute: workspaceSettings.incidentEventsPerMinuteThreshold,
    })
    .from(workspaceSettings)
    .where(eq(workspaceSettings.workspaceId, workspaceId));
  return (
    row ?? {
      customers: DEFAULT_THRESHOLD_SETTINGS.incidentCustomerThreshold,
      eventsPerMinute: DEFAULT_THRESHOLD_SETTINGS.incidentEventsPerMinuteThreshold,
    }
  );
}

/**
 * For each issue, the incident it was last attached to that has been resolved, with the
 * number of the issue's customers seen since then (the caller knows the issue is in no open
 * incident).
 */
async function resolvedIncidentsOf(tx: Tx, workspaceId: string, issueIds: string[]) {
  const rows = await queryRows<{ issue_id: string; incident_id: string; customers: number }>(
    tx,
    sql`
      with last as (
        select distinct on (ii.issue_id) ii.issue_id, i.id as incident_id, i.resolved_at
        from incident_issue ii join incident i on i.id = ii.incident_id
        where ii.workspace_id = ${workspaceId} and ii.issue_id in ${list(issueIds)}
          and i.status = 'resolved'
        order by ii.issue_id, i.resolved_at desc
      )
      select l.issue_id, l.incident_id,
             (select count(*) from issue_customer ic
              where ic.issue_id = l.issue_id and ic.last_seen_at >= l.resolved_at)::int as customers
      from last l`,
  );
  return new Map(
    rows.map((r) => [r.issue_id, { incidentId: r.incident_id, customers: r.customers }]),
  );
}

/**
 * Opens an incident for each issue of a batch that is past a threshold and in no open
 * incident, and reopens the resolved incident of each recurring one past it. Runs after the
 * batch committed, in a transaction of its own that first takes the exclusive locks of the
 * candidates and of the issues of their resolved incidents (incidents/locks.ts) and then
 * checks again: a concurrent batch that pushed the same issue over finds the incident opened
 * here. Returns the ids of the incidents opened or reopened.
 */
export async function autoOpenIncidents(
  db: Db,
  workspaceId: string,
  issues: TouchedIssue[],
): Promise<string[]> {
  if (issues.length === 0) return [];
  const t = await incidentThresholds(db, workspaceId);
  // Customers since a resolution are a subset of all the issue's customers, so only issues
  // past a threshold over their whole life can cross one: most batches stop here.
  const candidates = issues.filter(
    (i) => i.customerCount >= t.customers || i.peakMinuteEvents >= t.eventsPerMinute,
  );
  if (candidates.length === 0) return [];
  return db.transaction(async (tx) => {
    const ids = candidates.map((i) => i.id);
    await lockIssuesExclusively(tx, [...ids, ...(await issuesOfResolvedIncidents(tx, ids))]);
    const open = await inOpenIncident(tx, workspaceId, ids);
    const resolved = await resolvedIncidentsOf(tx, workspaceId, ids);
    const opened: string[] = [];
    for (const issue of candidates) {
      if (open.has(issue.id)) continue;
      const earlier = resolved.get(issue.id);
      const customers = earlier ? earlier.customers : issue.customerCount;
      if (customers < t.customers && issue.peakMinuteEvents < t.eventsPerMinute) continue;
      if (earlier) {
        if (opened.includes(earlier.incidentId)) continue;
        await updateIncident(tx, {
          workspaceId,
          incidentId: earlier.incidentId,
          actorId: null,
          status: "investigating",
        });
        opened.push(earlier.incidentId);
        continue;
      }
      const incident = await openIncident(tx, {
        workspaceId,
        title: `${issue.errorType} in ${issue.service}`.slice(0, 200),
        actorId: null,
        issueIds: [issue.id],
        startedAt: issue.firstSeenAt,
      });
      opened.push(incident.id);
    }
    return opened;
  });
}

/** Which of the issues are attached to an incident that is not resolved. */
async function inOpenIncident(tx: Tx, workspaceId: string, issueIds: string[]) {
  const rows = await queryRows<{ issue_id: string }>(
    tx,
    sql`select ii.issue_id from incident_issue ii join incident i on i.id = ii.incident_id
        where ii.workspace_id = ${workspaceId} and ii.issue_id in ${list(issueIds)}
          and i.status <> 'resolved'`,
  );
  return new Set(rows.map((r) => r.issue_id));
}

/**
 * Every issue attached to a resolved incident of these issues: reopening one rebuilds its
 * aggregates from all of them, so their locks are taken up front, in order with the rest.
 */
async function issuesOfResolvedIncidents(tx: Tx, issueIds: string[]) {
  const rows = await queryRows<{ issue_id: string }>(
    tx,
    sql`select distinct other.issue_id
        from incident_issue ii
          join incident i on i.id = ii.incident_id and i.status = 'resolved'
          join incident_issue other on other.incident_id = i.id
        where ii.issue_id in ${list(issueIds)}`,
  );
  return rows.map((r) => r.issue_id);
}
