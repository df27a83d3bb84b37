/**
 * The extension's REST endpoints (docs/extension.md), each `(db, req) => Response` for a
 * one-line route handler under app/api/extension/v1:
 *
 *   GET  /me          viewer+     who the token acts for
 *   GET  /incidents   viewer+     active incidents with their latest sent update
 *   POST /lookup      viewer+     identifiers → customers and the active incidents they are in
 *   POST /reports     responder+  report a customer affected, or a suspected new problem
 *   POST /activity    viewer+     record that an agent inserted an update into a reply
 */
import type { z } from "zod";
import { jsonResponse, parseBody } from "@/server/api";
import { recordActivity } from "./activity";
import { extensionHandler, readExtensionJson } from "./handler";
import {
  activeIncidents,
  dashboardOrigin,
  incidentReference,
  incidentUrl,
  latestUpdateOut,
} from "./incidents";
import { lookupCustomers } from "./lookup";
import { reportAffected, reportSuspected } from "./reports";
import {
  activityBody,
  lookupBody,
  reportBody,
  type incidentsJson,
  type lookupJson,
  type meJson,
  type reportJson,
} from "./schemas";

type Out<S extends z.ZodType> = z.output<S>;

export const meApi = extensionHandler("viewer", async ({ caller }) => {
  const body: Out<typeof meJson> = {
    user: { name: caller.user.name, email: caller.user.email },
    workspace: { slug: caller.workspace.slug, name: caller.workspace.name },
    role: caller.role,
    token: {
      id: caller.tokenId,
      name: caller.tokenName,
      created_at: caller.tokenCreatedAt.toISOString(),
    },
  };
  return jsonResponse(200, body);
});

export const incidentsApi = extensionHandler("viewer", async ({ db, req, caller }) => {
  const origin = dashboardOrigin(req);
  const incidents = await activeIncidents(db, caller.workspace.id);
  const body: Out<typeof incidentsJson> = {
    data: incidents.map((i) => ({
      id: i.id,
      ref: incidentReference(i.number),
      title: i.title,
      status: i.status,
      severity: i.severity,
      started_at: i.startedAt.toISOString(),
      affected_customers: i.affectedCustomers,
      url: incidentUrl(origin, caller.workspace.slug, i.number),
      latest_update: latestUpdateOut(i.latestUpdate),
    })),
  };
  return jsonResponse(200, body);
});

export const lookupApi = extensionHandler("viewer", async ({ db, req, caller }) => {
  const { identifiers } = parseBody(lookupBody, await readExtensionJson(req));
  const origin = dashboardOrigin(req);
  const matches = await lookupCustomers(db, caller.workspace.id, identifiers);
  const body: Out<typeof lookupJson> = {
    matches: matches.map((m) => ({
      identifier: { kind: m.identifier.kind, value: m.identifier.value },
      customer: { id: m.customer.id, external_id: m.customer.externalId, name: m.customer.name },
      contact_name: m.contactName,
      incidents: m.incidents.map(({ incident: i, reason, since }) => ({
        id: i.id,
        ref: incidentReference(i.number),
        title: i.title,
        status: i.status,
        severity: i.severity,
        since: since.toISOString(),
        reason,
        latest_update: latestUpdateOut(i.latestUpdate),
        url: incidentUrl(origin, caller.workspace.slug, i.number),
      })),
    })),
  };
  return jsonResponse(200, body);
});

export const reportsApi = extensionHandler("responder", async ({ db, req, caller }) => {
  const input = parseBody(reportBody, await readExtensionJson(req));
  const report =
    input.kind === "affected"
      ? await reportAffected(db, caller, input)
      : await reportSuspected(db, caller, input);
  const body: Out<typeof reportJson> = {
    report_id: report.reportId,
    group_id: report.groupId,
    customers_in_group: report.customersInGroup,
  };
  return jsonResponse(201, body);
});

export const activityApi = extensionHandler("viewer", async ({ db, req, caller }) => {
  const input = parseBody(activityBody, await readExtensionJson(req));
  await recordActivity(db, caller, input);
  return new Response(null, { status: 204 });
});
