/**
 * The server's side of docs/extension.md as zod schemas: every answer the background worker
 * reads from `/api/extension/v1` is parsed here first, so the rest of the extension works
 * with checked, typed data. Unknown fields are dropped; a missing one is an error.
 */
import { z } from "zod";

export const API_PREFIX = "/api/extension/v1";

export const incidentStatusSchema = z.enum([
  "investigating",
  "identified",
  "monitoring",
  "resolved",
]);
export const incidentSeveritySchema = z.enum(["SEV1", "SEV2", "SEV3", "SEV4"]);
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;
export type IncidentSeverity = z.infer<typeof incidentSeveritySchema>;

export const identifierSchema = z.object({
  kind: z.enum(["email", "external_id"]),
  value: z.string().min(1).max(320),
});
export type Identifier = z.infer<typeof identifierSchema>;

export const statusUpdateSchema = z.object({
  id: z.string(),
  number: z.number(),
  status: incidentStatusSchema,
  title: z.string().nullable().optional(),
  body_markdown: z.string(),
  body_text: z.string(),
  sent_at: z.string().nullable(),
});
export type StatusUpdate = z.infer<typeof statusUpdateSchema>;

export const meSchema = z.object({
  user: z.object({ name: z.string(), email: z.string() }),
  workspace: z.object({ slug: z.string(), name: z.string() }),
  role: z.string(),
  token: z.object({ id: z.string(), name: z.string(), created_at: z.string() }),
});
export type Me = z.infer<typeof meSchema>;

export const activeIncidentSchema = z.object({
  id: z.string(),
  ref: z.string(),
  title: z.string(),
  status: incidentStatusSchema,
  severity: incidentSeveritySchema,
  started_at: z.string(),
  affected_customers: z.number(),
  url: z.string(),
  latest_update: statusUpdateSchema.nullable(),
});
export type ActiveIncident = z.infer<typeof activeIncidentSchema>;

export const incidentsResponseSchema = z.object({ data: z.array(activeIncidentSchema) });

export const customerIncidentSchema = z.object({
  id: z.string(),
  ref: z.string(),
  title: z.string(),
  status: incidentStatusSchema,
  severity: incidentSeveritySchema,
  since: z.string(),
  reason: z.enum(["failing", "segment", "added"]),
  latest_update: statusUpdateSchema.nullable(),
  url: z.string(),
});
export type CustomerIncident = z.infer<typeof customerIncidentSchema>;

export const lookupMatchSchema = z.object({
  identifier: identifierSchema,
  customer: z.object({
    id: z.union([z.string(), z.number()]),
    external_id: z.string().nullable(),
    name: z.string().nullable(),
  }),
  contact_name: z.string().nullable(),
  incidents: z.array(customerIncidentSchema),
});
export type LookupMatch = z.infer<typeof lookupMatchSchema>;

export const lookupResponseSchema = z.object({ matches: z.array(lookupMatchSchema) });

export { MAX_LOOKUP_IDENTIFIERS } from "./limits";

export type ReportRequest =
  | {
      kind: "affected";
      incident_id: string;
      customer: Identifier;
      note?: string;
      ticket_url?: string;
    }
  | { kind: "suspected"; customer: Identifier; note: string; ticket_url?: string };

export const reportResponseSchema = z.object({
  report_id: z.string(),
  /** The group a suspected report joined or started; null for "affected". */
  group_id: z.string().nullable(),
  /** Customers in that group, this one included; null for "affected". */
  customers_in_group: z.number().nullable(),
});
export type ReportResult = z.infer<typeof reportResponseSchema>;

export interface ActivityRequest {
  kind: "reply_inserted";
  incident_id: string;
  update_id: string;
  customer: Identifier;
}

export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
