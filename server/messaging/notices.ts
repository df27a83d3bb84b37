/**
 * What a customer is told: the notices of the incidents that concern them.
 *
 * An incident concerns a customer when the customer has a message row for one of its updates
 * (they were in an update's audience). Two readers:
 *   - `noticePage`: the personal notice page (/notice/<token>) — every sent update of those
 *     incidents, newest first, grouped by incident.
 *   - `activeNotices`: GET /api/v1/notices and widget.js — the latest sent update of each such
 *     incident that is not resolved, or was resolved within ACTIVE_AFTER_RESOLVED_MS.
 *
 * The page is one statement; the active notices are one statement per call plus the
 * workspace's active updates, kept per process for ACTIVE_CACHE_MS. Bodies are Markdown
 * written by a responder, rendered by the email renderer's own functions (raw HTML escaped, only http(s)/mailto links), cached per update
 * since a sent update never changes.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { hotRows, queryRows } from "@/server/ingest/sql";
import { processWide } from "@/server/process-wide";
import { markdownToHtml, markdownToText } from "./render/markdown";
import type { IncidentStatus } from "./schema-types";

export const ACTIVE_AFTER_RESOLVED_MS = 24 * 60 * 60 * 1000;

// Markdown ---------------------------------------------------------------------------------

interface RenderedBody {
  html: string;
  text: string;
}

const rendered = processWide("renderedNoticeBodies", () => new Map<string, RenderedBody>());
const RENDERED_MAX = 5_000;

/** A sent update's body as HTML and plain text, remembered by update id (it never changes). */
function renderBody(updateId: string, body: string): RenderedBody {
  let r = rendered.get(updateId);
  if (r === undefined) {
    r = { html: markdownToHtml(body), text: markdownToText(body) };
    if (rendered.size >= RENDERED_MAX) rendered.clear();
    rendered.set(updateId, r);
  }
  return r;
}

export const incidentReference = (n: number) => `INC-${n}`;

// The notice page --------------------------------------------------------------------------

export interface NoticeUpdate {
  number: number;
  status: IncidentStatus;
  title: string;
  bodyHtml: string;
  sentAt: Date;
}

export interface NoticeIncident {
  reference: string;
  title: string;
  status: IncidentStatus;
  resolvedAt: Date | null;
  /** Newest first. */
  updates: NoticeUpdate[];
}

export interface NoticePage {
  workspaceName: string;
  customerName: string | null;
  /** The incident with the newest update first. */
  incidents: NoticeIncident[];
}

interface PageRow {
  workspace_name: string;
  customer_name: string | null;
  incident_id: string | null;
  incident_number: number | null;
  incident_title: string | null;
  incident_status: IncidentStatus | null;
  resolved_ms: number | null;
  update_id: string | null;
  number: number | null;
  status: IncidentStatus | null;
  title: string | null;
  body: string | null;
  sent_ms: number | null;
}

/**
 * Everything the customer was told, for their notice page; null when the workspace or the
 * customer does not exist (any more).
 */
export async function noticePage(
  db: DbOrTx,
  workspaceId: string,
  customerId: number,
): Promise<NoticePage | null> {
  const rows = await queryRows<PageRow>(
    db,
    sql`
      with c as (
        select cu.id, cu.name, o.name as workspace_name
        from customer cu join organization o on o.id = cu.workspace_id
        where cu.workspace_id = ${workspaceId} and cu.id = ${customerId}
      ),
      concerned as (
        select distinct m.incident_id from message m
        where m.workspace_id = ${workspaceId} and m.customer_id = ${customerId}
      )
      select c.workspace_name, c.name as customer_name,
             i.id as incident_id, i.number as incident_number,
             coalesce(su.content->>'incidentTitle', i.title) as incident_title,
             i.status as incident_status,
             (extract(epoch from i.resolved_at) * 1000)::float8 as resolved_ms,
             su.id as update_id, su.number, su.status, su.title, su.body,
             (extract(epoch from su.sent_at) * 1000)::float8 as sent_ms
      from c
      left join (
        concerned
        join incident i on i.id = concerned.incident_id and i.workspace_id = ${workspaceId}
        join status_update su
          on su.incident_id = i.id and su.workspace_id = ${workspaceId} and su.state = 'sent'
      ) on true
      order by su.sent_at desc nulls last, su.number desc`,
  );
  if (rows.length === 0) return null;
  const incidents = new Map<string, NoticeIncident>();
  for (const r of rows) {
    if (r.incident_id === null || r.update_id === null) continue;
    let inc = incidents.get(r.incident_id);
    if (!inc) {
      // Rows come newest first, so the first row of an incident carries its latest wording.
      inc = {
        reference: incidentReference(r.incident_number!),
        title: r.incident_title!,
        status: r.incident_status!,
        resolvedAt: r.resolved_ms === null ? null : new Date(Number(r.resolved_ms)),
        updates: [],
      };
      incidents.set(r.incident_id, inc);
    }
    inc.updates.push({
      number: r.number!,
      status: r.status!,
      title: r.title!,
      bodyHtml: renderBody(r.update_id, r.body!).html,
      sentAt: new Date(Number(r.sent_ms)),
    });
  }
  return {
    workspaceName: rows[0].workspace_name,
    customerName: rows[0].customer_name,
    incidents: [...incidents.values()],
  };
}

// Active notices (the API and the widget) --------------------------------------------------

export interface ActiveNotice {
  /** The update's id: what the widget remembers a dismissal by. */
  id: string;
  incident: string;
  /** The incident's current status. */
  status: IncidentStatus;
  title: string;
  /** The Markdown as written; as HTML (escaped); as plain text (what the widget shows). */
  body: { markdown: string; html: string; text: string };
  updatedAt: string;
}

export interface ActiveNotices {
  customerId: number;
  notices: ActiveNotice[];
  /** When the newest notice was sent: what the notice page link's expiry counts from. */
  latestSentAt: Date | null;
}

/** An incident's latest sent update, while the incident is active. */
interface ActiveUpdate {
  incidentId: string;
  updateId: string;
  incidentNumber: number;
  incidentStatus: IncidentStatus;
  title: string;
  body: string;
  sentMs: number;
}

/**
 * A workspace's active updates change only when an update is sent or an incident changes, but
 * are read on every page view of every customer: each process keeps them for ACTIVE_CACHE_MS.
 * Sending an update in this process forgets its workspace's entry at once (forgetActiveNotices);
 * other processes see it within ACTIVE_CACHE_MS.
 */
export const ACTIVE_CACHE_MS = 2_000;
const activeCache = processWide(
  "activeNoticesCache",
  () => new Map<string, { at: number; nowMs: number; updates: Promise<ActiveUpdate[]> }>(),
);
const ACTIVE_CACHE_MAX = 10_000;

export function forgetActiveNotices(workspaceId: string): void {
  activeCache.delete(workspaceId);
}

interface ActiveUpdateRow {
  incident_id: string;
  update_id: string;
  incident_number: number;
  incident_status: IncidentStatus;
  title: string;
  body: string;
  sent_ms: number;
}

async function loadActiveUpdates(
  db: DbOrTx,
  workspaceId: string,
  now: Date,
): Promise<ActiveUpdate[]> {
  const since = new Date(now.getTime() - ACTIVE_AFTER_RESOLVED_MS).toISOString();
  const rows = await queryRows<ActiveUpdateRow>(
    db,
    sql`
      select distinct on (su.incident_id)
             su.incident_id, su.id as update_id, i.number as incident_number,
             i.status as incident_status, su.title, su.body,
             (extract(epoch from su.sent_at) * 1000)::float8 as sent_ms
      from incident i
      join status_update su on su.incident_id = i.id and su.workspace_id = ${workspaceId}
      where i.workspace_id = ${workspaceId}
        and (i.status <> 'resolved' or i.resolved_at >= ${since}::timestamptz)
        and su.state = 'sent'
      order by su.incident_id, su.sent_at desc, su.number desc`,
  );
  return rows.map((r) => ({
    incidentId: r.incident_id,
    updateId: r.update_id,
    incidentNumber: Number(r.incident_number),
    incidentStatus: r.incident_status,
    title: r.title,
    body: r.body,
    sentMs: Number(r.sent_ms),
  }));
}

function activeUpdates(db: DbOrTx, workspaceId: string, now: Date): Promise<ActiveUpdate[]> {
  const hit = activeCache.get(workspaceId);
  const at = Date.now();
  const nowMs = now.getTime();
  // Fresh, and loaded for (about) the same moment: a caller may ask as of another time.
  if (hit && at - hit.at < ACTIVE_CACHE_MS && Math.abs(nowMs - hit.nowMs) < ACTIVE_CACHE_MS)
    return hit.updates;
  const updates = loadActiveUpdates(db, workspaceId, now);
  if (activeCache.size >= ACTIVE_CACHE_MAX) activeCache.clear();
  activeCache.set(workspaceId, { at, nowMs, updates });
  // A failed load is not remembered.
  updates.catch(() => {
    if (activeCache.get(workspaceId)?.updates === updates) activeCache.delete(workspaceId);
  });
  return updates;
}

/**
 * The customer's active notices, newest first; null when the workspace has no customer with
 * that external id. The workspace's active updates come from the cache above; per call, one
 * statement finds the customer by (workspace_id, external_id) and which of those incidents
 * concern them, by their message rows (workspace_id, customer_id).
 */
export async function activeNotices(
  db: DbOrTx,
  workspaceId: string,
  externalId: string,
  now = new Date(),
): Promise<ActiveNotices | null> {
  const [active, [row]] = await Promise.all([
    activeUpdates(db, workspaceId, now),
    hotRows<{ customer_id: string; incident_ids: string[] }>(
      db,
      sql`
      select c.id::text as customer_id,
             array(select m.incident_id::text from message m
                   where m.workspace_id = ${workspaceId} and m.customer_id = c.id
             ) as incident_ids
      from customer c where c.workspace_id = ${workspaceId} and c.external_id = ${externalId}`,
    ),
  ]);
  if (!row) return null;
  const concerned = new Set(row.incident_ids);
  const mine = active
    .filter((u) => concerned.has(u.incidentId))
    .sort((a, b) => b.sentMs - a.sentMs || b.incidentNumber - a.incidentNumber);
  return {
    customerId: Number(row.customer_id),
    notices: mine.map((u) => ({
      id: u.updateId,
      incident: incidentReference(u.incidentNumber),
      status: u.incidentStatus,
      title: u.title,
      body: { markdown: u.body, ...renderBody(u.updateId, u.body) },
      updatedAt: new Date(u.sentMs).toISOString(),
    })),
    latestSentAt: mine.length ? new Date(mine[0].sentMs) : null,
  };
}
