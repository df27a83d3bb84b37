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
import type { DbOrTx, Tx } from "@/db/client";
import { workspaceSettings } from "@/db/schema";
import { list, queryRows } from "@/server/ingest/sql";
import { DEFAULT_THRESHOLD_SETTINGS } from "@/server/workspaces/settings";
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
 * Opens an incident for each new issue past a threshold, and reopens the resolved incident of
 * each recurring one past it. The caller holds the row locks of these issues and has checked,
 * after taking them, that none is attached to an open incident — so a concurrent batch for
 * the same issue waits and then finds the incident opened here. Returns the ids of the
 * incidents opened or reopened.
 */
export async function autoOpenIncidents(
  tx: Tx,
  workspaceId: string,
  issues: TouchedIssue[],
): Promise<string[]> {
  if (issues.length === 0) return [];
  const t = await incidentThresholds(tx, workspaceId);
  // Customers since a resolution are a subset of all the issue's customers, so only issues
  // past a threshold over their whole life can cross one: most batches stop here.
  const candidates = issues.filter(
    (i) => i.customerCount >= t.customers || i.peakMinuteEvents >= t.eventsPerMinute,
  );
  if (candidates.length === 0) return [];
  const resolved = await resolvedIncidentsOf(
    tx,
    workspaceId,
    candidates.map((i) => i.id),
  );
  const opened: string[] = [];
  for (const issue of candidates) {
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
}
