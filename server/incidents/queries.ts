/**
 * The incident read side: pure reads over the aggregates the ingest pipeline keeps
 * (incident counters, incident_customer, incident_minute, incident_activity), never over
 * raw events. Every function takes the workspace id and filters by it, so an id from
 * another workspace reads as "not found".
 */
import { and, asc, desc, eq, gte, ilike, inArray, lte, ne, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  customer,
  incident,
  incidentActivity,
  incidentCustomer,
  incidentIssue,
  incidentMinute,
  issue,
  user,
} from "@/db/schema";
import { notFound } from "@/server/errors";

export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];
export type IncidentStatusFilter = "open" | "resolved" | "all";

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** The longest per-minute series one read returns: a day of minutes. */
export const MAX_SERIES_MINUTES = 1440;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An incident is named by its id (uuid) or by its number ("12" or "INC-12"), so that
 * people can type what they see. Anything else names no incident.
 */
export function parseIncidentRef(ref: string): { id: string } | { number: number } | null {
  const trimmed = ref.trim();
  if (UUID_RE.test(trimmed)) return { id: trimmed.toLowerCase() };
  const m = /^(?:inc-)?(\d{1,9})$/i.exec(trimmed);
  return m ? { number: Number(m[1]) } : null;
}

/** The incident's id within the workspace, or a not-found error (also for other workspaces). */
export async function resolveIncidentId(db: DbOrTx, workspaceId: string, ref: string) {
  const parsed = parseIncidentRef(ref);
  if (!parsed) throw notFound("Incident");
  const [row] = await db
    .select({ id: incident.id })
    .from(incident)
    .where(
      and(
        eq(incident.workspaceId, workspaceId),
        "id" in parsed ? eq(incident.id, parsed.id) : eq(incident.number, parsed.number),
      ),
    )
    .limit(1);
  if (!row) throw notFound("Incident");
  return row.id;
}

/**
 * Customers whose last event for this incident is after `since`. Correlated to an incident
 * row the outer query already filtered by workspace, so it needs no workspace predicate of
 * its own (which would turn the index-only range count into heap reads).
 */
function affectedSince(since: Date) {
  return sql<number>`(
    select count(*)::int from ${incidentCustomer}
    where ${incidentCustomer.incidentId} = ${incident.id}
      and ${incidentCustomer.lastSeenAt} > ${since.toISOString()}::timestamptz
  )`;
}

const summaryColumns = (now: Date) => ({
  id: incident.id,
  number: incident.number,
  title: incident.title,
  status: incident.status,
  severity: incident.severity,
  affectedCustomers: incident.affectedCustomerCount,
  affectedLastHour: affectedSince(new Date(now.getTime() - HOUR_MS)),
  eventCount: incident.eventCount,
  startedAt: incident.startedAt,
  resolvedAt: incident.resolvedAt,
  lastEventAt: incident.lastEventAt,
});

export interface IncidentSummary {
  id: string;
  number: number;
  title: string;
  status: IncidentStatus;
  severity: IncidentSeverity;
  affectedCustomers: number;
  /** Affected customers with an event in the last hour. */
  affectedLastHour: number;
  eventCount: number;
  startedAt: Date;
  resolvedAt: Date | null;
  lastEventAt: Date | null;
}

/**
 * The incidents list: open ones first, most severe first, then newest. `affectedLastHour` is an index range
 * count over incident_customer (incident_id, last_seen_at), cheap even at 100k customers.
 */
export async function listIncidents(
  db: DbOrTx,
  workspaceId: string,
  opts: { status?: IncidentStatusFilter; limit?: number; now?: Date } = {},
): Promise<IncidentSummary[]> {
  const status = opts.status ?? "open";
  const now = opts.now ?? new Date();
  const statusWhere =
    status === "open"
      ? ne(incident.status, "resolved")
      : status === "resolved"
        ? eq(incident.status, "resolved")
        : undefined;
  return db
    .select(summaryColumns(now))
    .from(incident)
    .where(and(eq(incident.workspaceId, workspaceId), statusWhere))
    .orderBy(
      sql`(${incident.status} = 'resolved')`,
      sql`case when ${incident.status} <> 'resolved' then ${incident.severity} end`,
      desc(incident.startedAt),
      desc(incident.number),
    )
    .limit(Math.min(Math.max(opts.limit ?? 100, 1), 500));
}

export interface SeriesPoint {
  minute: Date;
  events: number;
}

/**
 * Events per minute from incident_minute, one point for every minute of the window
 * (empty minutes are zeros, so a chart shows the quiet as well as the spikes).
 * The window ends now (or when a resolved incident went quiet) and starts at the
 * incident's first minute, or `minutes` before the end, at most a day.
 */
export async function incidentSeries(
  db: DbOrTx,
  workspaceId: string,
  inc: { id: string; startedAt: Date; resolvedAt: Date | null; lastEventAt: Date | null },
  opts: { minutes?: number; now?: Date } = {},
): Promise<SeriesPoint[]> {
  const now = opts.now ?? new Date();
  const floor = (d: Date) => Math.floor(d.getTime() / MINUTE_MS) * MINUTE_MS;
  const endSource =
    inc.resolvedAt && (!inc.lastEventAt || inc.lastEventAt < inc.resolvedAt)
      ? inc.resolvedAt
      : inc.resolvedAt
        ? inc.lastEventAt!
        : now;
  const end = floor(endSource);
  const span = Math.min(opts.minutes ?? MAX_SERIES_MINUTES, MAX_SERIES_MINUTES);
  const earliest = end - (span - 1) * MINUTE_MS;
  // An issue attached later can bring minutes from before the incident opened: show them.
  const [first] = await db
    .select({ minute: incidentMinute.minute })
    .from(incidentMinute)
    .where(and(eq(incidentMinute.incidentId, inc.id), eq(incidentMinute.workspaceId, workspaceId)))
    .orderBy(asc(incidentMinute.minute))
    .limit(1);
  const startedMinute = Math.min(floor(inc.startedAt), first ? floor(first.minute) : Infinity);
  const start = opts.minutes ? earliest : Math.max(earliest, Math.min(startedMinute, end));
  const rows = await db
    .select({ minute: incidentMinute.minute, events: incidentMinute.events })
    .from(incidentMinute)
    .where(
      and(
        eq(incidentMinute.incidentId, inc.id),
        eq(incidentMinute.workspaceId, workspaceId),
        gte(incidentMinute.minute, new Date(start)),
        lte(incidentMinute.minute, new Date(end)),
      ),
    );
  const byMinute = new Map(rows.map((r) => [floor(r.minute), r.events]));
  const points: SeriesPoint[] = [];
  for (let t = start; t <= end; t += MINUTE_MS) {
    points.push({ minute: new Date(t), events: byMinute.get(t) ?? 0 });
  }
  return points;
}

export async function incidentActivityLog(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
  limit = 200,
) {
  return db
    .select({
      id: incidentActivity.id,
      kind: incidentActivity.kind,
      fromValue: incidentActivity.fromValue,
      toValue: incidentActivity.toValue,
      note: incidentActivity.note,
      at: incidentActivity.at,
      actorId: incidentActivity.actorId,
      actorName: user.name,
      /** For issue_attached / issue_detached: "TimeoutError in checkout", even once detached. */
      issueLabel: sql<string | null>`case when ${issue.id} is null then null
        else ${issue.errorType} || ' in ' || ${issue.service} end`,
    })
    .from(incidentActivity)
    .leftJoin(user, eq(user.id, incidentActivity.actorId))
    .leftJoin(
      issue,
      and(
        sql`${incidentActivity.kind} in ('issue_attached', 'issue_detached')`,
        sql`${issue.id}::text = coalesce(${incidentActivity.toValue}, ${incidentActivity.fromValue})`,
        eq(issue.workspaceId, workspaceId),
      ),
    )
    .where(
      and(
        eq(incidentActivity.incidentId, incidentId),
        eq(incidentActivity.workspaceId, workspaceId),
      ),
    )
    .orderBy(desc(incidentActivity.at), desc(incidentActivity.id))
    .limit(limit);
}

export async function attachedIssues(db: DbOrTx, workspaceId: string, incidentId: string) {
  return db
    .select({
      id: issue.id,
      fingerprint: issue.fingerprint,
      service: issue.service,
      errorType: issue.errorType,
      message: issue.message,
      eventCount: issue.eventCount,
      customerCount: issue.customerCount,
      firstSeenAt: issue.firstSeenAt,
      lastSeenAt: issue.lastSeenAt,
      attachedAt: incidentIssue.attachedAt,
      attachedByName: user.name,
    })
    .from(incidentIssue)
    .innerJoin(issue, and(eq(issue.id, incidentIssue.issueId), eq(issue.workspaceId, workspaceId)))
    .leftJoin(user, eq(user.id, incidentIssue.attachedBy))
    .where(
      and(eq(incidentIssue.incidentId, incidentId), eq(incidentIssue.workspaceId, workspaceId)),
    )
    .orderBy(desc(issue.lastSeenAt));
}

/** Everything the incident page shows above the customers table, in one read. */
export async function getIncident(
  db: DbOrTx,
  workspaceId: string,
  ref: string,
  opts: { minutes?: number; now?: Date } = {},
) {
  const now = opts.now ?? new Date();
  const id = await resolveIncidentId(db, workspaceId, ref);
  const [summary] = await db
    .select({
      ...summaryColumns(now),
      openedBy: incident.openedBy,
      openedByName: user.name,
      updatedAt: incident.updatedAt,
    })
    .from(incident)
    .leftJoin(user, eq(user.id, incident.openedBy))
    .where(and(eq(incident.id, id), eq(incident.workspaceId, workspaceId)));
  if (!summary) throw notFound("Incident");
  const [series, activity, issues, statusPath] = await Promise.all([
    incidentSeries(db, workspaceId, summary, { minutes: opts.minutes, now }),
    incidentActivityLog(db, workspaceId, id),
    attachedIssues(db, workspaceId, id),
    incidentStatusPath(db, workspaceId, id, summary.status),
  ]);
  // The moment the counters were read: the page's figures say it ("as of 14:05:12").
  return { ...summary, series, activity, issues, statusPath, asOf: now };
}

/**
 * The statuses an incident has been in, in order: the one it opened with, then each change
 * (a reopened incident goes through some twice). Read from every status change, not the
 * timeline's latest page, so a long timeline cannot make a step look skipped.
 */
export async function incidentStatusPath(
  db: DbOrTx,
  workspaceId: string,
  incidentId: string,
  current: IncidentStatus,
): Promise<IncidentStatus[]> {
  const changes = await db
    .select({ from: incidentActivity.fromValue, to: incidentActivity.toValue })
    .from(incidentActivity)
    .where(
      and(
        eq(incidentActivity.incidentId, incidentId),
        eq(incidentActivity.workspaceId, workspaceId),
        eq(incidentActivity.kind, "status"),
      ),
    )
    .orderBy(incidentActivity.at, incidentActivity.id);
  if (changes.length === 0) return [current];
  return [changes[0].from, ...changes.map((c) => c.to)] as IncidentStatus[];
}

export type IncidentDetail = Awaited<ReturnType<typeof getIncident>>;

/**
 * Recent issues of the workspace, to attach to an incident: newest activity first, with
 * the incidents each one already belongs to.
 */
export async function recentIssues(
  db: DbOrTx,
  workspaceId: string,
  opts: { search?: string; limit?: number } = {},
) {
  const q = opts.search?.trim();
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const issues = await db
    .select({
      id: issue.id,
      fingerprint: issue.fingerprint,
      service: issue.service,
      errorType: issue.errorType,
      message: issue.message,
      eventCount: issue.eventCount,
      customerCount: issue.customerCount,
      firstSeenAt: issue.firstSeenAt,
      lastSeenAt: issue.lastSeenAt,
    })
    .from(issue)
    .where(
      and(
        eq(issue.workspaceId, workspaceId),
        pattern
          ? or(
              ilike(issue.message, pattern),
              ilike(issue.service, pattern),
              ilike(issue.errorType, pattern),
            )
          : undefined,
      ),
    )
    .orderBy(desc(issue.lastSeenAt))
    .limit(Math.min(Math.max(opts.limit ?? 25, 1), 100));
  if (issues.length === 0) return [];
  const links = await db
    .select({
      issueId: incidentIssue.issueId,
      incidentId: incident.id,
      number: incident.number,
      status: incident.status,
    })
    .from(incidentIssue)
    .innerJoin(
      incident,
      and(eq(incident.id, incidentIssue.incidentId), eq(incident.workspaceId, workspaceId)),
    )
    .where(
      and(
        eq(incidentIssue.workspaceId, workspaceId),
        inArray(
          incidentIssue.issueId,
          issues.map((i) => i.id),
        ),
      ),
    );
  return issues.map((i) => ({
    ...i,
    incidents: links
      .filter((l) => l.issueId === i.id)
      .map(({ incidentId, number, status }) => ({ id: incidentId, number, status })),
  }));
}

/** The workspace's customers with these external ids, and the ids that name no customer. */
export async function customersByExternalId(
  db: DbOrTx,
  workspaceId: string,
  externalIds: string[],
) {
  const wanted = [...new Set(externalIds.map((id) => id.trim()).filter(Boolean))];
  const found = wanted.length
    ? await db
        .select({ id: customer.id, externalId: customer.externalId })
        .from(customer)
        .where(and(eq(customer.workspaceId, workspaceId), inArray(customer.externalId, wanted)))
    : [];
  const known = new Set(found.map((c) => c.externalId));
  return { found, unknown: wanted.filter((id) => !known.has(id)) };
}
