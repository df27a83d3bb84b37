/**
 * The ingest write path: one transaction per batch of validated events, a fixed number of
 * multi-row statements whatever the batch size.
 *
 *   1. customers   created or merged (customers.ts), new contacts
 *   2. issues      created by (workspace, fingerprint) when new; then the shared locks of the
 *                  issues and of the open incidents they are attached to (incidents/locks.ts)
 *   3. events      insert … on conflict do nothing: which events are new; in the same
 *                  statement their issue_customer and incident_customer rows, and what they
 *                  add to the counters below
 *   4. counters    issue, issue_minute, incident and incident_minute rows — the rows every
 *                  batch of an issue adds to — under per-issue and per-incident counter
 *                  locks, in one short statement
 *   5. auto-open   after the commit, in a transaction of its own: issues past a workspace
 *                  threshold and in no open incident get one (incidents/auto-open.ts)
 *
 * Steps 1-3 take no lock another batch waits for (the advisory locks are shared; per-customer
 * rows are rarely wanted by two batches at once), so concurrent batches do nearly all their
 * work side by side and queue only for step 4 and the commit.
 *
 * Incident commands take the exclusive side of the advisory locks, so a command waits for the
 * batches in flight on its issues or incident and then sees their rows, and a batch that
 * starts meanwhile waits for the command and then sees its result. The advisory locks are
 * taken in one global order, and the per-customer rows in order too — customers (by external
 * id), events (by client id), issue_customer, incident_customer — so batches and commands
 * wait for each other but never deadlock.
 */
import type { Db, Tx } from "@/db/client";
import { sql, type SQL } from "drizzle-orm";
import { autoOpenIncidents, type TouchedIssue } from "@/server/incidents/auto-open";
import { lockCounters, shareIssueLocks, shareOpenIncidentLocks } from "@/server/incidents/locks";
import type { Attributes } from "@/db/schema";
import { upsertCustomers } from "./customers";
import { jsonb, list, queryRows } from "./sql";

/** An event that passed validation, normalised for storage. */
export interface ValidEvent {
  clientId: string;
  occurredAt: string; // ISO 8601, UTC
  service: string;
  errorType: string;
  message: string;
  fingerprint: string;
  customer: { externalId: string; email?: string; name?: string; attributes?: Attributes };
  attributes: Attributes;
}

export interface BatchResult {
  accepted: number;
  duplicates: number;
}

export async function writeBatch(
  db: Db,
  workspaceId: string,
  batch: ValidEvent[],
): Promise<BatchResult> {
  // A repeated id inside one batch is a duplicate just like one seen in an earlier batch.
  const seen = new Set<string>();
  const events = batch.filter((e) => !seen.has(e.clientId) && seen.add(e.clientId));
  if (events.length === 0) return { accepted: 0, duplicates: batch.length };

  const { accepted, touched } = await db.transaction(async (tx) => {
    const customerIds = await upsertCustomers(tx, workspaceId, events);
    const issues = await createIssues(tx, workspaceId, events);
    const issueIds = [...new Set([...issues.values()].map((i) => i.id))];
    await shareIssueLocks(tx, issueIds);
    await shareOpenIncidentLocks(tx, workspaceId, issueIds);
    const deltas = await insertEvents(tx, workspaceId, events, customerIds, issues, issueIds);
    const written = new Set(deltas.issues.map((i) => i.issue_id));
    const unused = [...issues.values()].filter((i) => i.created && !written.has(i.id));
    if (unused.length) {
      // Issues created for events that all turned out to be duplicates.
      await tx.execute(sql`delete from issue where id in ${list(unused.map((i) => i.id))}`);
    }
    if (deltas.accepted === 0) return { accepted: 0, touched: [] };
    return { accepted: deltas.accepted, touched: await addToCounters(tx, workspaceId, deltas) };
  });
  // Opening an incident changes attachments, which takes the issues' exclusive locks: that
  // can only wait for this batch's shared ones once they are released. The events are stored
  // whatever happens here; should it fail, the next batch of the issue tries again.
  await autoOpenIncidents(
    db,
    workspaceId,
    touched.filter((t) => !t.inOpenIncident),
  ).catch((err: unknown) => console.error("auto-open after an ingest batch failed:", err));
  return { accepted, duplicates: batch.length - accepted };
}

interface IssueRef {
  id: string;
  created: boolean;
}

/** Creates the batch's new issues; returns fingerprint → issue for all of them. No locks. */
async function createIssues(tx: Tx, workspaceId: string, events: ValidEvent[]) {
  const byFingerprint = new Map<string, object>();
  for (const e of events) {
    if (!byFingerprint.has(e.fingerprint)) {
      byFingerprint.set(e.fingerprint, {
        fingerprint: e.fingerprint,
        service: e.service,
        error_type: e.errorType,
        message: e.message,
      });
    }
  }
  // Most batches only name issues that exist: a plain read finds them, and only the rest go
  // through the insert (new issues start with empty seen-times; step 4 sets them from the
  // events that are new). The insert's second half sees every issue that existed when the
  // statement began.
  const fingerprints = [...byFingerprint.keys()];
  const known = await queryRows<{ id: string; fingerprint: string }>(
    tx,
    sql`select id, fingerprint from issue
        where workspace_id = ${workspaceId}
          and fingerprint = any(array(select jsonb_array_elements_text(${jsonb(fingerprints)})))`,
  );
  const issues = new Map<string, IssueRef>(
    known.map((r) => [r.fingerprint, { id: r.id, created: false }]),
  );
  const fresh = fingerprints.filter((f) => !issues.has(f)).map((f) => byFingerprint.get(f)!);
  if (fresh.length === 0) return issues;
  const rows = await queryRows<{ id: string; fingerprint: string; created: boolean }>(
    tx,
    sql`
      with input as (
        select * from jsonb_to_recordset(${jsonb(fresh)})
          as i(fingerprint text, service text, error_type text, message text)
      ),
      created as (
        insert into issue (workspace_id, fingerprint, service, error_type, message, first_seen_at, last_seen_at)
        select ${workspaceId}, fingerprint, service, error_type, message, 'infinity', '-infinity'
        from input order by fingerprint
        on conflict (workspace_id, fingerprint) do nothing
        returning id, fingerprint
      )
      select id, fingerprint, true as created from created
      union all
      select id, fingerprint, false as created from issue
      where workspace_id = ${workspaceId}
        and fingerprint = any(array(select fingerprint from input))`,
  );
  for (const r of rows) issues.set(r.fingerprint, { id: r.id, created: Boolean(r.created) });
  const missing = [...byFingerprint.keys()].filter((f) => !issues.has(f));
  if (missing.length) {
    // Created by a concurrent batch that committed after the statement above began.
    const late = await queryRows<{ id: string; fingerprint: string }>(
      tx,
      sql`select id, fingerprint from issue
          where workspace_id = ${workspaceId} and fingerprint in ${list(missing)}`,
    );
    for (const r of late) issues.set(r.fingerprint, { id: r.id, created: false });
  }
  return issues;
}

/** What a batch adds to one issue's (or incident's) counters: events, first and last seen. */
type Delta<K extends string> = Record<K, string> & {
  n: number;
  f: string;
  l: string;
  new_customers: number;
};
/** What it adds to one minute of an issue (or incident). */
type MinuteDelta<K extends string> = Record<K, string> & { minute: string; events: number };

/** What a batch adds to the shared counters, computed in step 3 and applied in step 4. */
interface Deltas {
  accepted: number;
  issues: Delta<"issue_id">[];
  issueMinutes: MinuteDelta<"issue_id">[];
  incidents: Delta<"incident_id">[];
  incidentMinutes: MinuteDelta<"incident_id">[];
  /** The batch's issues that are attached to an open incident. */
  linkedIssues: string[];
}

/**
 * Step 3, one statement: the new events, their issue_customer and incident_customer rows
 * (rows of one customer, which concurrent batches rarely share), and what the batch adds to
 * the shared counters. Its snapshot begins after the incident locks were granted, so an
 * incident resolved meanwhile is no longer among the open ones it reads.
 */
async function insertEvents(
  tx: Tx,
  workspaceId: string,
  events: ValidEvent[],
  customerIds: Map<string, number>,
  issues: Map<string, IssueRef>,
  issueIds: string[],
): Promise<Deltas> {
  const rows = events.map((e) => ({
    client_id: e.clientId,
    occurred_at: e.occurredAt,
    service: e.service,
    error_type: e.errorType,
    error_message: e.message,
    issue_id: issues.get(e.fingerprint)!.id,
    customer_id: customerIds.get(e.customer.externalId)!,
    attributes: e.attributes,
  }));
  const [d] = await queryRows<{
    accepted: number;
    issues: Deltas["issues"];
    issue_minutes: Deltas["issueMinutes"];
    incidents: Deltas["incidents"];
    incident_minutes: Deltas["incidentMinutes"];
    linked_issues: string[];
  }>(
    tx,
    sql`
      with ins as (
        insert into event (workspace_id, client_id, occurred_at, service, error_type, error_message,
                           issue_id, customer_id, attributes)
        select ${workspaceId}, e.client_id, e.occurred_at, e.service, e.error_type, e.error_message,
               e.issue_id, e.customer_id, e.attributes
        from jsonb_to_recordset(${jsonb(rows)})
          as e(client_id text, occurred_at timestamptz, service text, error_type text,
               error_message text, issue_id uuid, customer_id bigint, attributes jsonb)
        order by e.client_id
        on conflict (workspace_id, client_id) do nothing
        returning issue_id, customer_id, occurred_at
      ),
      ic as (
        insert into issue_customer (workspace_id, issue_id, customer_id, first_seen_at, last_seen_at, event_count)
        select ${workspaceId}, issue_id, customer_id, min(occurred_at), max(occurred_at), count(*)
        from ins group by issue_id, customer_id order by issue_id, customer_id
        on conflict (issue_id, customer_id) do update set
          first_seen_at = least(issue_customer.first_seen_at, excluded.first_seen_at),
          last_seen_at = greatest(issue_customer.last_seen_at, excluded.last_seen_at),
          event_count = issue_customer.event_count + excluded.event_count
        returning issue_id, (xmax = 0) as inserted
      ),
      links as (
        select ii.incident_id, ii.issue_id
        from incident i join incident_issue ii on ii.incident_id = i.id
        where i.workspace_id = ${workspaceId} and i.status <> 'resolved'
          and ii.issue_id in ${list(issueIds)}
      ),
      iev as (
        select l.incident_id, ins.customer_id, ins.occurred_at
        from ins join links l on l.issue_id = ins.issue_id
      ),
      icust as (
        insert into incident_customer (workspace_id, incident_id, customer_id, source, first_seen_at, last_seen_at, event_count)
        select ${workspaceId}, incident_id, customer_id, 'observed', min(occurred_at), max(occurred_at), count(*)
        from iev group by incident_id, customer_id order by incident_id, customer_id
        on conflict (incident_id, customer_id) do update set
          first_seen_at = least(incident_customer.first_seen_at, excluded.first_seen_at),
          last_seen_at = greatest(incident_customer.last_seen_at, excluded.last_seen_at),
          event_count = incident_customer.event_count + excluded.event_count
        returning incident_id, (xmax = 0) as inserted
      )
      select
        (select count(*)::int from ins) as accepted,
        ${deltasOf("issue_id", "ins", "ic")} as issues,
        ${minutesOf("issue_id", "ins")} as issue_minutes,
        ${deltasOf("incident_id", "iev", "icust")} as incidents,
        ${minutesOf("incident_id", "iev")} as incident_minutes,
        (select coalesce(jsonb_agg(distinct issue_id), '[]') from links) as linked_issues`,
  );
  return {
    accepted: Number(d.accepted),
    issues: d.issues,
    issueMinutes: d.issue_minutes,
    incidents: d.incidents,
    incidentMinutes: d.incident_minutes,
    linkedIssues: d.linked_issues,
  };
}

/**
 * Step 3's answers, as jsonb arrays: per `key` of the new events in CTE `events`, how many,
 * first and last seen, and how many of the rows CTE `upserted` returned were new customers.
 * The arguments are fixed CTE and column names, never input.
 */
function deltasOf(key: "issue_id" | "incident_id", events: string, upserted: string): SQL {
  return sql.raw(`(select coalesce(jsonb_agg(t), '[]') from (
    select p.*, coalesce(nc.n, 0) as new_customers
    from (select ${key}, count(*)::int as n, min(occurred_at) as f, max(occurred_at) as l
          from ${events} group by ${key}) p
    left join (select ${key}, (count(*) filter (where inserted))::int as n
               from ${upserted} group by ${key}) nc on nc.${key} = p.${key}
  ) t)`);
}

/** Per `key` and minute of the new events in CTE `events`: how many. */
function minutesOf(key: "issue_id" | "incident_id", events: string): SQL {
  return sql.raw(`(select coalesce(jsonb_agg(t), '[]') from (
    select ${key}, date_trunc('minute', occurred_at) as minute, count(*)::int as events
    from ${events} group by 1, 2
  ) t)`);
}

/**
 * Step 4: the counters every batch of an issue adds to — issue and issue_minute, incident
 * and incident_minute — updated in one statement under the batch's counter locks (one batch
 * at a time per issue and incident; locks.ts), which last until the commit right after.
 * Returns each touched issue with what the auto-open thresholds look at.
 */
async function addToCounters(
  tx: Tx,
  workspaceId: string,
  d: Deltas,
): Promise<(TouchedIssue & { inOpenIncident: boolean })[]> {
  const issueIds = d.issues.map((i) => i.issue_id);
  const incidentIds = d.incidents.map((i) => i.incident_id);
  await lockCounters(tx, issueIds, incidentIds);
  const rows = await queryRows<{
    id: string;
    service: string;
    error_type: string;
    customer_count: number;
    peak_minute_events: number;
    first_seen_ms: number;
  }>(
    tx,
    sql`
      with d as (
        select * from jsonb_to_recordset(${jsonb(d.issues)})
          as x(issue_id uuid, n int, f timestamptz, l timestamptz, new_customers int)
      ),
      im as (
        insert into issue_minute (workspace_id, issue_id, minute, events)
        select ${workspaceId}, issue_id, minute, events
        from jsonb_to_recordset(${jsonb(d.issueMinutes)}) as x(issue_id uuid, minute timestamptz, events int)
        order by 2, 3
        on conflict (issue_id, minute) do update set events = issue_minute.events + excluded.events
        returning issue_id, events
      ),
      peak as (select issue_id, max(events) as m from im group by issue_id),
      touched as (
        update issue set
          event_count = issue.event_count + d.n,
          customer_count = issue.customer_count + d.new_customers,
          first_seen_at = least(issue.first_seen_at, d.f),
          last_seen_at = greatest(issue.last_seen_at, d.l)
        from d left join peak pk on pk.issue_id = d.issue_id
        where issue.id = d.issue_id and issue.workspace_id = ${workspaceId}
        returning issue.id, issue.service, issue.error_type, issue.customer_count,
          coalesce(pk.m, 0)::int as peak_minute_events,
          (extract(epoch from issue.first_seen_at) * 1000)::float8 as first_seen_ms
      ),
      incident_minutes as (
        insert into incident_minute (workspace_id, incident_id, minute, events)
        select ${workspaceId}, incident_id, minute, events
        from jsonb_to_recordset(${jsonb(d.incidentMinutes)}) as x(incident_id uuid, minute timestamptz, events int)
        order by 2, 3
        on conflict (incident_id, minute) do update set events = incident_minute.events + excluded.events
      ),
      incidents as (
        update incident set
          affected_customer_count = incident.affected_customer_count + x.new_customers,
          event_count = incident.event_count + x.n,
          last_event_at = greatest(incident.last_event_at, x.l)
        from jsonb_to_recordset(${jsonb(d.incidents)}) as x(incident_id uuid, n int, l timestamptz, new_customers int)
        where incident.id = x.incident_id and incident.workspace_id = ${workspaceId}
      )
      select * from touched`,
  );
  const linked = new Set(d.linkedIssues);
  return rows.map((r) => ({
    id: r.id,
    service: r.service,
    errorType: r.error_type,
    customerCount: Number(r.customer_count),
    peakMinuteEvents: Number(r.peak_minute_events),
    firstSeenAt: new Date(Number(r.first_seen_ms)),
    inOpenIncident: linked.has(r.id),
  }));
}
