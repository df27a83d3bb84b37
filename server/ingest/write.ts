/**
 * The ingest write path: one transaction per batch of validated events, a fixed number of
 * multi-row statements whatever the batch size.
 *
 *   1. customers   created or merged (customers.ts), new contacts
 *   2. issues      created by (workspace, fingerprint) when new
 *   3. events      insert … on conflict do nothing returning: which events are new; their
 *                  issue_customer rows in the same statement
 *   4. aggregates  only for new events, after locking the batch's issues, in one statement:
 *                  issue_minute and issue counters, then incident_customer, incident_minute
 *                  and the counters of every open incident the issues are attached to
 *   5. auto-open   issues past a workspace threshold and not in an open incident get one
 *
 * Steps 1-3 take no lock that another batch is likely to want, so concurrent batches run
 * them side by side. Every batch of an issue updates the same aggregate rows, so step 4
 * serialises per issue: it starts by locking the issues and ends with the commit, and is kept
 * to one statement (and the rare auto-open).
 *
 * Locks are always taken in the same order — customers (by external id), events (by client
 * id), issue_customer rows, issues (by fingerprint), incidents (by id) — and the incident
 * commands lock issues before incidents too (server/incidents/aggregates.ts), so batches and
 * commands wait for each other but never deadlock. Holding the issue rows while reading which incidents they
 * are attached to is what keeps two batches from opening two incidents for one issue, and
 * keeps attach, detach and reopen consistent with the events in flight.
 */
import type { Db, Tx } from "@/db/client";
import { sql } from "drizzle-orm";
import { openIncidentCtes } from "@/server/incidents/aggregates";
import { autoOpenIncidents, type TouchedIssue } from "@/server/incidents/auto-open";
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

  const accepted = await db.transaction(async (tx) => {
    const customerIds = await upsertCustomers(tx, workspaceId, events);
    const issues = await createIssues(tx, workspaceId, events);
    const newEvents = await insertEvents(tx, workspaceId, events, customerIds, issues);
    const unused = [...issues.values()].filter((i) => i.created && !newEvents.issueIds.has(i.id));
    if (unused.length) {
      // Issues created for events that all turned out to be duplicates.
      await tx.execute(sql`delete from issue where id in ${list(unused.map((i) => i.id))}`);
    }
    if (newEvents.eventIds.length === 0) return 0;

    const issueIds = [...newEvents.issueIds];
    await tx.execute(
      sql`select id from issue where id in ${list(issueIds)} order by fingerprint for update`,
    );
    const touched = await updateAggregates(
      tx,
      workspaceId,
      newEvents.eventIds,
      issueIds,
      newEvents.perIssue,
    );
    await autoOpenIncidents(
      tx,
      workspaceId,
      touched.filter((t) => !t.inOpenIncident),
    );
    return newEvents.eventIds.length;
  });
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

async function insertEvents(
  tx: Tx,
  workspaceId: string,
  events: ValidEvent[],
  customerIds: Map<string, number>,
  issues: Map<string, IssueRef>,
) {
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
  // The new events' issue_customer rows are written here too, before the issue locks: they
  // are per customer, so batches rarely want the same ones, and the incident commands only
  // read them while holding the issue's lock — which this batch does not hold yet, so either
  // the command's read comes after this commit, or this batch sees the command's result.
  const perIssue = await queryRows<{
    issue_id: string;
    event_ids: number[];
    new_customers: number;
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
        returning id, issue_id, customer_id, occurred_at
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
      per_issue as (
        select issue_id, jsonb_agg(id) as event_ids from ins group by issue_id
      ),
      new_customers as (
        select issue_id, count(*) filter (where inserted) as n from ic group by issue_id
      )
      select p.issue_id, p.event_ids, coalesce(nc.n, 0)::int as new_customers
      from per_issue p left join new_customers nc on nc.issue_id = p.issue_id`,
  );
  const eventIds = perIssue.flatMap((p) => p.event_ids.map(Number));
  const issueIds = new Set(perIssue.map((p) => p.issue_id));
  return {
    eventIds,
    issueIds,
    perIssue: perIssue.map((p) => ({ issue_id: p.issue_id, new_customers: p.new_customers })),
  };
}

/**
 * Every other aggregate of the new events in one statement, run right after the batch's
 * issues were locked (so its snapshot sees every attachment committed before): issue_minute
 * and issue counters, then — through `openIncidentCtes` — the incidents.
 * One statement keeps the per-issue critical section to a single round trip. Returns each
 * touched issue with what the auto-open thresholds look at.
 */
async function updateAggregates(
  tx: Tx,
  workspaceId: string,
  eventIds: number[],
  issueIds: string[],
  perIssue: { issue_id: string; new_customers: number }[],
): Promise<(TouchedIssue & { inOpenIncident: boolean })[]> {
  const rows = await queryRows<{
    id: string;
    service: string;
    error_type: string;
    customer_count: number;
    peak_minute_events: number;
    first_seen_ms: number;
    in_open_incident: boolean;
  }>(
    tx,
    sql`
      with ev as (
        select issue_id, customer_id, occurred_at from event
        where id = any(array(select jsonb_array_elements_text(${jsonb(eventIds)})::bigint))
      ),
      im as (
        insert into issue_minute (workspace_id, issue_id, minute, events)
        select ${workspaceId}, issue_id, date_trunc('minute', occurred_at), count(*)
        from ev group by 2, 3 order by 2, 3
        on conflict (issue_id, minute) do update set events = issue_minute.events + excluded.events
        returning issue_id, events
      ),
      per_issue as (
        select issue_id, count(*) as n, min(occurred_at) as f, max(occurred_at) as l
        from ev group by issue_id
      ),
      new_customers as (
        select * from jsonb_to_recordset(${jsonb(perIssue)}) as x(issue_id uuid, new_customers int)
      ),
      peak as (select issue_id, max(events) as m from im group by issue_id),
      touched as (
        update issue set
          event_count = issue.event_count + p.n,
          customer_count = issue.customer_count + coalesce(nc.new_customers, 0),
          first_seen_at = least(issue.first_seen_at, p.f),
          last_seen_at = greatest(issue.last_seen_at, p.l)
        from per_issue p
          left join new_customers nc on nc.issue_id = p.issue_id
          left join peak pk on pk.issue_id = p.issue_id
        where issue.id = p.issue_id and issue.workspace_id = ${workspaceId}
          and issue.id in ${list(issueIds)}
        returning issue.id, issue.service, issue.error_type, issue.customer_count,
          coalesce(pk.m, 0)::int as peak_minute_events,
          (extract(epoch from issue.first_seen_at) * 1000)::float8 as first_seen_ms
      ),
      ${openIncidentCtes(workspaceId, issueIds)}
      select t.*, exists (select 1 from links l where l.issue_id = t.id) as in_open_incident
      from touched t, (select count(*) from incidents_updated) as done`,
  );
  return rows.map((r) => ({
    id: r.id,
    service: r.service,
    errorType: r.error_type,
    customerCount: Number(r.customer_count),
    peakMinuteEvents: Number(r.peak_minute_events),
    firstSeenAt: new Date(Number(r.first_seen_ms)),
    inOpenIncident: Boolean(r.in_open_incident),
  }));
}
