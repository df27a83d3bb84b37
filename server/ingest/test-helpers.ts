/**
 * Shared by the ingest integration tests: a workspace with API keys, real `Request`s to the
 * events handler, event factories, and brute-force recounts of every aggregate from the raw
 * event table to compare the incrementally kept ones with.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { workspaceSettings } from "@/db/schema";
import { createApiKey } from "@/server/apikeys";
import { createWorkspace, signUp, unique, type TestEnv } from "@/server/testing/fixtures";
import { queryRows } from "./sql";
import { postEvents } from "./handler";
import type { IngestEventInput } from "./schema";

export async function workspaceWithKeys(env: TestEnv) {
  const owner = await signUp(env.auth);
  const workspace = await createWorkspace(env.auth, owner);
  const mk = (scopes: ("ingest" | "read")[]) =>
    createApiKey(env.db, {
      workspaceId: workspace.id,
      name: unique("key"),
      scopes,
      createdBy: owner.id,
    });
  const ingestKey = (await mk(["ingest"])).key;
  const readKey = (await mk(["read"])).key;
  return { owner, workspace, ingestKey, readKey };
}

/** `workspaceWithKeys` with its own incident thresholds (customers, events in a minute). */
export async function workspaceWithThresholds(
  env: TestEnv,
  customers: number,
  eventsPerMinute: number,
) {
  const ws = await workspaceWithKeys(env);
  await env.db.insert(workspaceSettings).values({
    workspaceId: ws.workspace.id,
    incidentCustomerThreshold: customers,
    incidentEventsPerMinuteThreshold: eventsPerMinute,
  });
  return ws;
}

export function eventsRequest(body: unknown, key?: string, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  if (key) headers.set("authorization", `Bearer ${key}`);
  headers.set("content-type", "application/json");
  return new Request("http://localhost/api/v1/events", {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
    headers,
  });
}

export async function post(db: Db, body: unknown, key?: string) {
  const res = await postEvents(db, eventsRequest(body, key));
  return { status: res.status, body: await res.json(), headers: res.headers };
}

let seq = 0;

/**
 * The start of the hour before this one: a time on the hour for tests that count events per
 * minute, recent enough for ingest to accept (it refuses events older than retention).
 */
export const RECENT_HOUR = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;

/** A valid event; override any field. */
export function makeEvent(over: Partial<IngestEventInput> = {}): IngestEventInput {
  return {
    id: `evt-${randomUUID()}`,
    timestamp: new Date(RECENT_HOUR + (seq++ % 30) * 60_000).toISOString(),
    service: "checkout",
    error: { type: "PaymentError", message: "Card 4242 declined" },
    customer: { id: "cus_1" },
    ...over,
  };
}

/** Row counts of every table ingest writes to. */
export async function tableCounts(db: Db) {
  const [row] = await queryRows<Record<string, number>>(
    db,
    sql`select
      (select count(*) from event)::int as event,
      (select count(*) from customer)::int as customer,
      (select count(*) from contact)::int as contact,
      (select count(*) from issue)::int as issue,
      (select count(*) from issue_customer)::int as issue_customer,
      (select count(*) from issue_minute)::int as issue_minute,
      (select count(*) from incident)::int as incident,
      (select count(*) from incident_customer)::int as incident_customer,
      (select count(*) from incident_minute)::int as incident_minute`,
  );
  return row;
}

/**
 * Every aggregate row that differs from a recount over the raw events, as readable strings
 * (an empty list when all agree). Incidents are compared over their attached issues' events
 * plus customers added by hand.
 */
export async function aggregateMismatches(db: Db, workspaceId: string): Promise<string[]> {
  const checks: [string, ReturnType<typeof sql>][] = [
    [
      "issue counters",
      sql`select i.id, i.event_count, i.customer_count, r.n, r.c from issue i
          left join (select issue_id, count(*) n, count(distinct customer_id) c from event group by issue_id) r
            on r.issue_id = i.id
          where i.workspace_id = ${workspaceId}
            and (i.event_count <> coalesce(r.n, 0) or i.customer_count <> coalesce(r.c, 0))`,
    ],
    [
      "issue_customer",
      sql`select * from (select issue_id, customer_id, count(*)::int n, min(occurred_at) f, max(occurred_at) l
                         from event where workspace_id = ${workspaceId} group by 1, 2) r
          full join (select * from issue_customer where workspace_id = ${workspaceId}) a
            using (issue_id, customer_id)
          where a.event_count is distinct from r.n or a.first_seen_at is distinct from r.f
             or a.last_seen_at is distinct from r.l`,
    ],
    [
      "issue_minute",
      sql`select * from (select issue_id, date_trunc('minute', occurred_at) as minute, count(*)::int n
                         from event where workspace_id = ${workspaceId} group by 1, 2) r
          full join (select * from issue_minute where workspace_id = ${workspaceId}) a using (issue_id, minute)
          where a.events is distinct from r.n`,
    ],
    [
      "incident_customer",
      sql`with r as (
            select ii.incident_id, e.customer_id, count(*)::int n, min(e.occurred_at) f, max(e.occurred_at) l
            from event e join incident_issue ii on ii.issue_id = e.issue_id
            where e.workspace_id = ${workspaceId} group by 1, 2)
          select * from r full join (select * from incident_customer where workspace_id = ${workspaceId}) a
            using (incident_id, customer_id)
          where (a.source is distinct from 'manual' or r.n is not null)
            and (a.event_count is distinct from r.n or a.first_seen_at is distinct from r.f
                 or a.last_seen_at is distinct from r.l)`,
    ],
    [
      "incident_minute",
      sql`with r as (
            select ii.incident_id, date_trunc('minute', e.occurred_at) as minute, count(*)::int n
            from event e join incident_issue ii on ii.issue_id = e.issue_id
            where e.workspace_id = ${workspaceId} group by 1, 2)
          select * from r full join (select * from incident_minute where workspace_id = ${workspaceId}) a
            using (incident_id, minute)
          where a.events is distinct from r.n`,
    ],
    [
      "incident counters",
      sql`select i.id, i.affected_customer_count, i.event_count from incident i
          where i.workspace_id = ${workspaceId} and (
            i.affected_customer_count <> (select count(*) from incident_customer c where c.incident_id = i.id)
            or i.event_count <> (select count(*) from event e join incident_issue ii on ii.issue_id = e.issue_id
                                 where ii.incident_id = i.id))`,
    ],
  ];
  const problems: string[] = [];
  for (const [name, q] of checks) {
    const rows = await queryRows(db, q);
    for (const r of rows.slice(0, 5)) problems.push(`${name}: ${JSON.stringify(r)}`);
  }
  return problems;
}
