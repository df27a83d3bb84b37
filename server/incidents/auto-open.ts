/**
 * Incidents that open by themselves: after each ingest batch, an issue that is in no open
 * incident and has crossed one of the workspace's thresholds — distinct affected customers,
 * or events in a single minute — gets a new incident (status investigating, opened by
 * Blastradius, i.e. no actor) with the issue attached and its aggregates backfilled.
 */
import { eq } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { workspaceSettings } from "@/db/schema";
import { openIncident } from "./service";

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

/** Used while a workspace has no settings row (the same as the column defaults). */
export const DEFAULT_THRESHOLDS: IncidentThresholds = { customers: 25, eventsPerMinute: 100 };

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
  return row ?? DEFAULT_THRESHOLDS;
}

/**
 * Opens an incident for each issue past a threshold. The caller holds the row locks of these
 * issues and has checked, after taking them, that none is attached to an open incident —
 * so a concurrent batch for the same issue waits and then finds the incident opened here.
 * Returns the ids of the incidents opened.
 */
export async function autoOpenIncidents(
  tx: Tx,
  workspaceId: string,
  issues: TouchedIssue[],
): Promise<string[]> {
  if (issues.length === 0) return [];
  const t = await incidentThresholds(tx, workspaceId);
  const opened: string[] = [];
  for (const issue of issues) {
    if (issue.customerCount < t.customers && issue.peakMinuteEvents < t.eventsPerMinute) continue;
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
