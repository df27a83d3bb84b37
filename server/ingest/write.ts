/**
 * The ingest write path: one transaction per batch of validated events, a fixed number of
 * multi-row statements whatever the batch size.
 *
 *   1. customers   upsert (attributes merged `old || new`, last_seen_at), then new contacts
 *   2. issues      upsert by (workspace, fingerprint) — this also row-locks every issue of the batch
 *   3. events      insert … on conflict do nothing returning: which events are new
 *   4. aggregates  only for new events: issue_customer, issue_minute, issue counters, then
 *                  incident_customer, incident_minute, incident counters of every open
 *                  incident the issues are attached to
 *   5. auto-open   issues past a workspace threshold and not in an open incident get one
 *
 * Locks are always taken in the same order — customers (by external id), issues (by
 * fingerprint), events (by client id), incidents (by id) — so concurrent batches and the
 * incident commands (which lock issues before incidents, see server/incidents/aggregates.ts)
 * wait for each other but never deadlock. Holding the issue rows is also what keeps two
 * concurrent batches from opening two incidents for one issue.
 */
import type { Db, Tx } from "@/db/client";
import { sql } from "drizzle-orm";
import {
  applyEventsToOpenIncidents,
  lockOpenIncidentsOfIssues,
} from "@/server/incidents/aggregates";
import { autoOpenIncidents, type TouchedIssue } from "@/server/incidents/auto-open";
import type { Attributes } from "@/db/schema";
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
    const issues = await upsertIssues(tx, workspaceId, events);
    const newEvents = await insertEvents(tx, workspaceId, events, customerIds, issues);
    const unused = [...issues.values()].filter((i) => i.created && !newEvents.issueIds.has(i.id));
    if (unused.length) {
      // Issues created for events that all turned out to be duplicates.
      await tx.execute(sql`delete from issue where id in ${list(unused.map((i) => i.id))}`);
    }
    if (newEvents.rows.length === 0) return 0;

    const issueIds = [...newEvents.issueIds];
    const touched = await updateIssueAggregates(tx, workspaceId, newEvents.rows, issueIds);
    const open = await lockOpenIncidentsOfIssues(tx, workspaceId, issueIds);
    await applyEventsToOpenIncidents(tx, workspaceId, open, newEvents.rows);
    const inOpenIncident = new Set(open.map((o) => o.issueId));
    await autoOpenIncidents(
      tx,
      workspaceId,
      touched.filter((t) => !inOpenIncident.has(t.id)),
    );
    return newEvents.rows.length;
  });
  return { accepted, duplicates: batch.length - accepted };
}

async function upsertCustomers(tx: Tx, workspaceId: string, events: ValidEvent[]) {
  const byId = new Map<
    string,
    { external_id: string; name: string | null; attributes: Attributes; last_seen_at: string }
  >();
  const emails = new Map<string, Set<string>>();
  for (const e of events) {
    const c = e.customer;
    const row = byId.get(c.externalId);
    if (!row) {
      byId.set(c.externalId, {
        external_id: c.externalId,
        name: c.name ?? null,
        attributes: { ...c.attributes },
        last_seen_at: e.occurredAt,
      });
    } else {
      if (c.name !== undefined) row.name = c.name;
      Object.assign(row.attributes, c.attributes);
      if (e.occurredAt > row.last_seen_at) row.last_seen_at = e.occurredAt;
    }
    if (c.email) {
      const set = emails.get(c.externalId) ?? new Set<string>();
      set.add(c.email);
      emails.set(c.externalId, set);
    }
  }

  // Unchanged customers are not rewritten (last_seen_at moves in steps of a minute), which
  // makes a steady stream of events from known customers cheap. Their ids come from the
  // second half of the union: the statement's snapshot sees every customer that existed before.
  const rows = await queryRows<{ id: string | number; external_id: string }>(
    tx,
    sql`
      with input as (
        select * from jsonb_to_recordset(${jsonb([...byId.values()])})
          as c(external_id text, name text, attributes jsonb, last_seen_at timestamptz)
      ),
      upserted as (
        insert into customer (workspace_id, external_id, name, attributes, last_seen_at)
        select ${workspaceId}, external_id, name, attributes, last_seen_at from input
        order by external_id
        on conflict (workspace_id, external_id) do update set
          name = coalesce(excluded.name, customer.name),
          attributes = customer.attributes || excluded.attributes,
          last_seen_at = greatest(customer.last_seen_at, excluded.last_seen_at),
          updated_at = case
            when excluded.name is distinct from customer.name and excluded.name is not null
              or not customer.attributes @> excluded.attributes
            then now() else customer.updated_at end
        where excluded.name is distinct from customer.name and excluded.name is not null
          or not customer.attributes @> excluded.attributes
          or customer.last_seen_at is null
          or excluded.last_seen_at >= customer.last_seen_at + interval '1 minute'
        returning id, external_id
      )
      select id, external_id from upserted
      union all
      select id, external_id from customer
      where workspace_id = ${workspaceId}
        and external_id = any(array(select external_id from input))`,
  );
  const ids = new Map(rows.map((r) => [r.external_id, Number(r.id)]));
  const missing = [...byId.keys()].filter((k) => !ids.has(k));
  if (missing.length) {
    // Created by a concurrent batch that committed after this statement's snapshot was taken.
    const late = await queryRows<{ id: string | number; external_id: string }>(
      tx,
      sql`select id, external_id from customer
          where workspace_id = ${workspaceId} and external_id in ${list(missing)}`,
    );
    for (const r of late) ids.set(r.external_id, Number(r.id));
  }

  const contacts: { customer_id: number; email: string }[] = [];
  for (const [externalId, set] of emails) {
    for (const email of set) contacts.push({ customer_id: ids.get(externalId)!, email });
  }
  if (contacts.length) {
    await tx.execute(sql`
      insert into contact (workspace_id, customer_id, email)
      select ${workspaceId}, c.customer_id, c.email
      from jsonb_to_recordset(${jsonb(contacts)}) as c(customer_id bigint, email text)
      order by c.customer_id, c.email
      on conflict (workspace_id, customer_id, email) do nothing`);
  }
  return ids;
}

interface IssueRef {
  id: string;
  created: boolean;
}

async function upsertIssues(tx: Tx, workspaceId: string, events: ValidEvent[]) {
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
  // New issues start with empty seen-times; step 4 sets them from the events that are new.
  // The no-op update locks existing issues until commit (see the file comment).
  const rows = await queryRows<{ id: string; fingerprint: string; created: boolean }>(
    tx,
    sql`
      insert into issue (workspace_id, fingerprint, service, error_type, message, first_seen_at, last_seen_at)
      select ${workspaceId}, i.fingerprint, i.service, i.error_type, i.message, 'infinity', '-infinity'
      from jsonb_to_recordset(${jsonb([...byFingerprint.values()])})
        as i(fingerprint text, service text, error_type text, message text)
      order by i.fingerprint
      on conflict (workspace_id, fingerprint) do update set message = issue.message
      returning id, fingerprint, (xmax = 0) as created`,
  );
  return new Map<string, IssueRef>(
    rows.map((r) => [r.fingerprint, { id: r.id, created: Boolean(r.created) }]),
  );
}

export interface NewEvent {
  issue_id: string;
  customer_id: number;
  occurred_at: string;
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
  const inserted = await queryRows<{ client_id: string }>(
    tx,
    sql`
      insert into event (workspace_id, client_id, occurred_at, service, error_type, error_message,
                         issue_id, customer_id, attributes)
      select ${workspaceId}, e.client_id, e.occurred_at, e.service, e.error_type, e.error_message,
             e.issue_id, e.customer_id, e.attributes
      from jsonb_to_recordset(${jsonb(rows)})
        as e(client_id text, occurred_at timestamptz, service text, error_type text,
             error_message text, issue_id uuid, customer_id bigint, attributes jsonb)
      order by e.client_id
      on conflict (workspace_id, client_id) do nothing
      returning client_id`,
  );
  const isNew = new Set(inserted.map((r) => r.client_id));
  const newRows: NewEvent[] = [];
  const issueIds = new Set<string>();
  for (const r of rows) {
    if (!isNew.has(r.client_id)) continue;
    newRows.push({ issue_id: r.issue_id, customer_id: r.customer_id, occurred_at: r.occurred_at });
    issueIds.add(r.issue_id);
  }
  return { rows: newRows, issueIds };
}

/**
 * issue_customer, issue_minute and the issue counters for the new events, in one statement.
 * Returns each touched issue with what the auto-open thresholds look at.
 */
async function updateIssueAggregates(
  tx: Tx,
  workspaceId: string,
  newEvents: NewEvent[],
  issueIds: string[],
): Promise<TouchedIssue[]> {
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
      with ev as (
        select * from jsonb_to_recordset(${jsonb(newEvents)})
          as x(issue_id uuid, customer_id bigint, occurred_at timestamptz)
      ),
      ic as (
        insert into issue_customer (workspace_id, issue_id, customer_id, first_seen_at, last_seen_at, event_count)
        select ${workspaceId}, issue_id, customer_id, min(occurred_at), max(occurred_at), count(*)
        from ev group by issue_id, customer_id order by issue_id, customer_id
        on conflict (issue_id, customer_id) do update set
          first_seen_at = least(issue_customer.first_seen_at, excluded.first_seen_at),
          last_seen_at = greatest(issue_customer.last_seen_at, excluded.last_seen_at),
          event_count = issue_customer.event_count + excluded.event_count
        returning issue_id, (xmax = 0) as inserted
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
        select issue_id, count(*) filter (where inserted) as n from ic group by issue_id
      ),
      peak as (select issue_id, max(events) as m from im group by issue_id)
      update issue set
        event_count = issue.event_count + p.n,
        customer_count = issue.customer_count + coalesce(nc.n, 0),
        first_seen_at = least(issue.first_seen_at, p.f),
        last_seen_at = greatest(issue.last_seen_at, p.l)
      from per_issue p
        left join new_customers nc on nc.issue_id = p.issue_id
        left join peak pk on pk.issue_id = p.issue_id
      where issue.id = p.issue_id and issue.workspace_id = ${workspaceId}
        and issue.id in ${list(issueIds)}
      returning issue.id, issue.service, issue.error_type, issue.customer_count,
        coalesce(pk.m, 0)::int as peak_minute_events,
        (extract(epoch from issue.first_seen_at) * 1000)::float8 as first_seen_ms`,
  );
  return rows.map((r) => ({
    id: r.id,
    service: r.service,
    errorType: r.error_type,
    customerCount: Number(r.customer_count),
    peakMinuteEvents: Number(r.peak_minute_events),
    firstSeenAt: new Date(Number(r.first_seen_ms)),
  }));
}
