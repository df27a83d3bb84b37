/**
 * The workspace's active incidents as the extension sees them: not resolved, newest first, at
 * most ACTIVE_LIMIT, each with its audience segment (for lookup.ts) and the latest status
 * update that was sent — the approved words an agent may paste. One statement.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { appUrl, env } from "@/server/env";
import type { AudienceSegment } from "@/server/audience/resolve";
import { queryRows } from "@/server/ingest/sql";
import type { IncidentSeverity, IncidentStatus } from "@/server/incidents/queries";
import { markdownToText } from "@/server/messaging/render/markdown";
import { incidentReference } from "@/server/messaging/notices";
import type { Rule } from "@/server/segments";
import type { latestUpdateJson } from "./schemas";
import type { z } from "zod";

/** The popup lists, and lookup considers, at most this many active incidents. */
export const ACTIVE_LIMIT = 50;

export interface LatestUpdate {
  id: string;
  number: number;
  status: IncidentStatus;
  title: string;
  body: string;
  sentAt: Date;
}

export interface ActiveIncident {
  id: string;
  number: number;
  title: string;
  status: IncidentStatus;
  severity: IncidentSeverity;
  startedAt: Date;
  affectedCustomers: number;
  segment: AudienceSegment | null;
  latestUpdate: LatestUpdate | null;
}

interface Row {
  id: string;
  number: number;
  title: string;
  status: IncidentStatus;
  severity: IncidentSeverity;
  started_ms: number;
  affected: number;
  segment_id: string | null;
  segment_name: string | null;
  segment_rule: Rule | string | null;
  update_id: string | null;
  update_number: number | null;
  update_status: IncidentStatus | null;
  update_title: string | null;
  update_body: string | null;
  sent_ms: number | null;
}

export async function activeIncidents(db: DbOrTx, workspaceId: string): Promise<ActiveIncident[]> {
  const rows = await queryRows<Row>(
    db,
    sql`
      select i.id, i.number, i.title, i.status, i.severity,
             (extract(epoch from i.started_at) * 1000)::float8 as started_ms,
             i.affected_customer_count as affected,
             s.id as segment_id, s.name as segment_name, s.rule as segment_rule,
             su.id as update_id, su.number as update_number, su.status as update_status,
             su.title as update_title, su.body as update_body,
             (extract(epoch from su.sent_at) * 1000)::float8 as sent_ms
      from incident i
      left join incident_audience ia
        on ia.incident_id = i.id and ia.workspace_id = ${workspaceId}
      left join segment s on s.id = ia.segment_id and s.workspace_id = ${workspaceId}
      left join lateral (
        select u.id, u.number, u.status, u.title, u.body, u.sent_at from status_update u
        where u.workspace_id = ${workspaceId} and u.incident_id = i.id and u.state = 'sent'
        order by u.sent_at desc, u.number desc
        limit 1
      ) su on true
      where i.workspace_id = ${workspaceId} and i.status <> 'resolved'
      order by i.started_at desc, i.number desc
      limit ${ACTIVE_LIMIT}`,
  );
  return rows.map((r) => ({
    id: r.id,
    number: Number(r.number),
    title: r.title,
    status: r.status,
    severity: r.severity,
    startedAt: new Date(Number(r.started_ms)),
    affectedCustomers: Number(r.affected),
    segment:
      r.segment_id && r.segment_name && r.segment_rule
        ? {
            id: r.segment_id,
            name: r.segment_name,
            // postgres-js parses jsonb; PGlite through drizzle's execute may hand back text.
            rule: typeof r.segment_rule === "string" ? JSON.parse(r.segment_rule) : r.segment_rule,
          }
        : null,
    latestUpdate:
      r.update_id && r.sent_ms !== null
        ? {
            id: r.update_id,
            number: Number(r.update_number),
            status: r.update_status!,
            title: r.update_title ?? "",
            body: r.update_body ?? "",
            sentAt: new Date(Number(r.sent_ms)),
          }
        : null,
  }));
}

/**
 * The dashboard's own address for links: APP_URL when it is set, else the address the
 * extension called (the server URL the agent configured).
 */
export function dashboardOrigin(req: Request): string {
  return env().APP_URL ? appUrl().replace(/\/+$/, "") : new URL(req.url).origin;
}

export function incidentUrl(origin: string, slug: string, number: number): string {
  return `${origin}/w/${encodeURIComponent(slug)}/incidents/${number}`;
}

/** The update as the extension shows and pastes it. */
export function latestUpdateOut(u: LatestUpdate | null): z.output<typeof latestUpdateJson> {
  return u
    ? {
        id: u.id,
        number: u.number,
        status: u.status,
        title: u.title,
        body_markdown: u.body,
        body_text: markdownToText(u.body),
        sent_at: u.sentAt.toISOString(),
      }
    : null;
}

export { incidentReference };
