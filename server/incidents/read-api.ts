/**
 * The incident read API, with an API key that has the `read` scope:
 *
 *   GET /api/v1/incidents?status=open|resolved|all&limit=100   → {"data":[incident…]}
 *   GET /api/v1/incidents/{id}?minutes=1440                    → incident + issues + series
 *   GET /api/v1/incidents/{id}/customers?cursor=…&limit=100     → {"data":[…],"next_cursor":…}
 *
 * `{id}` is the incident's uuid or its number ("12" / "INC-12"). An incident of another
 * workspace is a 404, exactly like one that does not exist. Customers come in a stable order
 * (by customer), so paging through an incident that is still growing never repeats or skips
 * a customer that was affected when paging began. Shapes: read-schemas.ts (rest*).
 */
import type { z } from "zod";
import { apiHandler, jsonResponse } from "@/server/api";
import { describeZodError, invalid } from "@/server/errors";
import { listAffectedCustomers, type AffectedCustomer } from "./customer-queries";
import { getIncident, listIncidents, resolveIncidentId, type IncidentSummary } from "./queries";
import {
  restCustomersPage,
  restCustomersQuery,
  restIncidentDetail,
  restIncidentList,
  restIncidentQuery,
  restIncidentSummary,
  restListQuery,
} from "./read-schemas";

type Out<S extends z.ZodType> = z.output<S>;

function queryParams<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    throw invalid(`Invalid query parameter: ${describeZodError(parsed.error)}`);
  }
  return parsed.data;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function summaryJson(i: IncidentSummary): Out<typeof restIncidentSummary> {
  return {
    id: i.id,
    number: i.number,
    reference: `INC-${i.number}`,
    title: i.title,
    status: i.status,
    severity: i.severity,
    affected_customers: i.affectedCustomers,
    affected_customers_last_hour: i.affectedLastHour,
    events: Number(i.eventCount),
    started_at: i.startedAt.toISOString(),
    resolved_at: iso(i.resolvedAt),
    last_event_at: iso(i.lastEventAt),
  };
}

function customerJson(c: AffectedCustomer): Out<typeof restCustomersPage>["data"][number] {
  return {
    id: c.externalId,
    name: c.name,
    attributes: c.attributes,
    source: c.source,
    added_by: c.addedByName,
    first_seen_at: iso(c.firstSeenAt),
    last_seen_at: iso(c.lastSeenAt),
    events: c.eventCount,
  };
}

export const listIncidentsApi = apiHandler("read", async ({ db, req, caller }) => {
  const q = queryParams(restListQuery, req);
  const rows = await listIncidents(db, caller.workspaceId, q);
  const body: Out<typeof restIncidentList> = { data: rows.map(summaryJson) };
  return jsonResponse(200, body);
});

export const getIncidentApi = apiHandler(
  "read",
  async ({ db, req, caller }, params: { id: string }) => {
    const q = queryParams(restIncidentQuery, req);
    const inc = await getIncident(db, caller.workspaceId, params.id, { minutes: q.minutes });
    const body: Out<typeof restIncidentDetail> = {
      ...summaryJson(inc),
      issues: inc.issues.map((i) => ({
        id: i.id,
        service: i.service,
        error_type: i.errorType,
        message: i.message,
        events: Number(i.eventCount),
        customers: i.customerCount,
        first_seen_at: i.firstSeenAt.toISOString(),
        last_seen_at: i.lastSeenAt.toISOString(),
      })),
      series: inc.series.map((p) => ({ minute: p.minute.toISOString(), events: p.events })),
    };
    return jsonResponse(200, body);
  },
);

export const listIncidentCustomersApi = apiHandler(
  "read",
  async ({ db, req, caller }, params: { id: string }) => {
    const q = queryParams(restCustomersQuery, req);
    const incidentId = await resolveIncidentId(db, caller.workspaceId, params.id);
    const page = await listAffectedCustomers(db, caller.workspaceId, incidentId, {
      sort: "id",
      dir: "asc",
      cursor: q.cursor,
      limit: q.limit,
    });
    const body: Out<typeof restCustomersPage> = {
      data: page.rows.map(customerJson),
      next_cursor: page.nextCursor,
    };
    return jsonResponse(200, body);
  },
);
