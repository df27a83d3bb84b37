/**
 * zod schemas for everything the incident read side answers: the tRPC procedures'
 * inputs and outputs (camelCase, dates as Date through superjson) and the REST API's
 * snake_case JSON (dates as ISO 8601 strings). The REST ones are the public contract
 * documented in docs/api.md.
 */
import { z } from "zod";
import { MAX_CURSOR_LENGTH } from "@/server/cursor";
import {
  attributeKeySchema,
  attributeValueSchema,
  isStorableText,
  UNSTORABLE_TEXT,
} from "@/server/customers/schema";
import { predicateSchema } from "@/server/segments";
import { AFFECTED_SORTS, MAX_PAGE_SIZE } from "./customer-queries";
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES, MAX_SERIES_MINUTES } from "./queries";

export const statusSchema = z.enum(INCIDENT_STATUSES);
export const severitySchema = z.enum(INCIDENT_SEVERITIES);
export const statusFilterSchema = z.enum(["open", "resolved", "all"]);
const attributeValue = z.union([z.string(), z.number(), z.boolean()]);
const attributes = z.record(z.string(), attributeValue);

/** Text that is searched for or stored: what PostgreSQL cannot hold is refused up front. */
export const textInput = (max: number) =>
  z.string().trim().max(max).refine(isStorableText, UNSTORABLE_TEXT);

/** An incident named by id (uuid) or number ("12", "INC-12"). */
export const incidentRef = z.string().trim().min(1).max(64);

// tRPC: inputs ------------------------------------------------------------------------------

export const listInput = z.object({
  status: statusFilterSchema.default("open"),
  limit: z.number().int().min(1).max(500).default(100),
});

export const getInput = z.object({
  incidentId: incidentRef,
  /** Length of the per-minute series, ending now; default: since the incident started (≤ 1 day). */
  minutes: z.number().int().min(5).max(MAX_SERIES_MINUTES).optional(),
});

export const attributeFilterSchema = z.object({
  key: attributeKeySchema,
  value: attributeValueSchema,
});

export const customersInput = z.object({
  incidentId: incidentRef,
  sort: z.enum(AFFECTED_SORTS).default("last_seen"),
  dir: z.enum(["asc", "desc"]).optional(),
  filters: z.array(attributeFilterSchema).max(10).default([]),
  search: textInput(200).optional(),
  source: z.enum(["observed", "manual"]).optional(),
  cursor: z.string().max(MAX_CURSOR_LENGTH).nullish(),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});

// tRPC: outputs -----------------------------------------------------------------------------

export const incidentSummarySchema = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  status: statusSchema,
  severity: severitySchema,
  affectedCustomers: z.number().int(),
  affectedLastHour: z.number().int(),
  eventCount: z.number(),
  startedAt: z.date(),
  resolvedAt: z.date().nullable(),
  lastEventAt: z.date().nullable(),
});

/** server/incidents/glance.ts: who is hurt and who has been told, for the list and the header. */
export const incidentGlanceSchema = z.object({
  leadingSegment: z
    .object({
      words: z.string(),
      source: z.enum(["audience", "analysis"]),
      name: z.string().nullable(),
    })
    .nullable(),
  segmentState: z.enum(["found", "pending", "none", "unknown"]),
  audienceCustomers: z.number().int(),
  customersTold: z.number().int(),
});

export const glancedIncidentSummarySchema = incidentSummarySchema.extend({
  glance: incidentGlanceSchema,
});

export const seriesPointSchema = z.object({ minute: z.date(), events: z.number().int() });

export const activitySchema = z.object({
  id: z.number(),
  kind: z.string(),
  fromValue: z.string().nullable(),
  toValue: z.string().nullable(),
  at: z.date(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  issueLabel: z.string().nullable(),
  note: z.string().nullable(),
});

export const attachedIssueSchema = z.object({
  id: z.string(),
  fingerprint: z.string(),
  service: z.string(),
  errorType: z.string(),
  message: z.string(),
  eventCount: z.number(),
  customerCount: z.number().int(),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  attachedAt: z.date(),
  attachedByName: z.string().nullable(),
});

export const incidentDetailSchema = incidentSummarySchema.extend({
  glance: incidentGlanceSchema,
  openedBy: z.string().nullable(),
  openedByName: z.string().nullable(),
  updatedAt: z.date(),
  series: z.array(seriesPointSchema),
  activity: z.array(activitySchema),
  /** Every status the incident has been in, in order (the stepper marks the others skipped). */
  statusPath: z.array(statusSchema),
  /** When the counters were read. */
  asOf: z.date(),
  issues: z.array(attachedIssueSchema),
});

export const affectedCustomerSchema = z.object({
  customerId: z.number().int(),
  externalId: z.string(),
  name: z.string().nullable(),
  attributes,
  source: z.enum(["observed", "manual"]),
  addedById: z.string().nullable(),
  addedByName: z.string().nullable(),
  firstSeenAt: z.date().nullable(),
  lastSeenAt: z.date().nullable(),
  eventCount: z.number().int(),
  addedAt: z.date(),
});

export const customersPageSchema = z.object({
  rows: z.array(affectedCustomerSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int().nullable(),
});

const breakdownValueSchema = z.object({
  value: attributeValue,
  affected: z.number().int(),
  all: z.number().int(),
  affectedShare: z.number(),
  allShare: z.number(),
  affectedRate: z.number(),
  overRepresentation: z.number(),
  lift: z.number(),
});

export const breakdownSchema = z.object({
  incidentId: z.string(),
  totalAffected: z.number().int(),
  totalCustomers: z.number().int(),
  attributes: z.array(
    z.object({
      key: z.string(),
      distinctValues: z.number().int(),
      affectedWithKey: z.number().int(),
      allWithKey: z.number().int(),
      values: z.array(breakdownValueSchema),
      other: z.object({ affected: z.number().int(), all: z.number().int() }),
    }),
  ),
  computedAt: z.date(),
});

/** "computing" while the first breakdown of an incident is being computed; ask again shortly. */
export const breakdownReadSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("ready"), breakdown: breakdownSchema, refreshing: z.boolean() }),
  z.object({ status: z.literal("computing"), breakdown: z.null(), refreshing: z.literal(true) }),
]);

export const segmentSchema = z.object({
  predicates: z.array(predicateSchema),
  failing: z.number(),
  total: z.number(),
  support: z.number(),
  failureRate: z.number(),
  outsideRate: z.number(),
  riskRatio: z.number(),
  confidence: z.number(),
  /** The key of the rule selecting this segment; null when it cannot be made a rule. */
  ruleKey: z.string().nullable(),
});

export const segmentAnalysisSchema = z.object({
  incidentId: z.string(),
  baseline: z.object({
    kind: z.enum(["active", "directory"]),
    customers: z.number(),
    since: z.date(),
    directoryCustomers: z.number().int(),
    activeCustomers: z.number().int(),
  }),
  explanation: z.object({
    verdict: z.enum(["segments", "no-clear-segment"]),
    segments: z.array(segmentSchema),
    failing: z.number(),
    total: z.number(),
    coverage: z.number(),
  }),
  affectedCustomers: z.number().int(),
  computedAt: z.date(),
  tookMs: z.number(),
});

export const segmentAnalysisReadSchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("ready"),
    analysis: segmentAnalysisSchema,
    refreshing: z.boolean(),
  }),
  z.object({ status: z.literal("computing"), analysis: z.null(), refreshing: z.literal(true) }),
]);

export const recentIssueSchema = z.object({
  id: z.string(),
  fingerprint: z.string(),
  service: z.string(),
  errorType: z.string(),
  message: z.string(),
  eventCount: z.number(),
  customerCount: z.number().int(),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  incidents: z.array(z.object({ id: z.string(), number: z.number().int(), status: statusSchema })),
});

// REST: query parameters --------------------------------------------------------------------

/** Query parameters arrive as strings; a bad one is a 400 naming it. */
const intParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, "expected a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const restListQuery = z.object({
  status: statusFilterSchema.default("open"),
  limit: intParam(1, 500).default(100),
});

export const restIncidentQuery = z.object({
  minutes: intParam(5, MAX_SERIES_MINUTES).optional(),
});

export const restCustomersQuery = z.object({
  cursor: z.string().min(1).max(MAX_CURSOR_LENGTH).optional(),
  limit: intParam(1, MAX_PAGE_SIZE).default(100),
});

// REST: answers -----------------------------------------------------------------------------

export const restIncidentSummary = z.object({
  id: z.string().describe("uuid"),
  number: z.number().int(),
  reference: z.string().describe('"INC-<number>"'),
  title: z.string(),
  status: statusSchema,
  severity: severitySchema,
  affected_customers: z.number().int(),
  affected_customers_last_hour: z.number().int(),
  events: z.number().int(),
  started_at: z.string(),
  resolved_at: z.string().nullable(),
  last_event_at: z.string().nullable(),
});

export const restIncidentList = z.object({ data: z.array(restIncidentSummary) });

export const restIncidentDetail = restIncidentSummary.extend({
  issues: z.array(
    z.object({
      id: z.string(),
      service: z.string(),
      error_type: z.string(),
      message: z.string(),
      events: z.number().int(),
      customers: z.number().int(),
      first_seen_at: z.string(),
      last_seen_at: z.string(),
    }),
  ),
  /** One point per minute, oldest first, zeros included. */
  series: z.array(z.object({ minute: z.string(), events: z.number().int() })),
});

export const restAffectedCustomer = z.object({
  id: z.string().describe("the customer's id in your systems (external id)"),
  name: z.string().nullable(),
  attributes,
  source: z.enum(["observed", "manual"]),
  added_by: z.string().nullable().describe("name of who added a manual customer"),
  first_seen_at: z.string().nullable(),
  last_seen_at: z.string().nullable(),
  events: z.number().int(),
});

export const restCustomersPage = z.object({
  data: z.array(restAffectedCustomer),
  next_cursor: z.string().nullable(),
});
