/**
 * Error signals and what they group into. Raw `event` rows are kept for a bounded window;
 * everything the pages read is an aggregate kept up to date as events arrive:
 * issue → (issue_customer, issue_minute), incident → (incident_customer, incident_minute).
 *
 * The tables written for every event — event, issue_customer, issue_minute, incident_customer,
 * incident_minute — have no foreign keys on their ids: PostgreSQL checks a key with one query
 * per inserted row, which cost more than the insert itself and held ingest far below its
 * target. The ingest write path and the incident commands are the only writers and store
 * only ids they have just read or upserted in the same transaction. Nothing deletes issues,
 * incidents, customers or workspaces today; whatever starts to must delete their rows in these
 * tables too.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organization, user } from "./auth";
import type { Attributes } from "./customers";

export const incidentStatus = pgEnum("incident_status", [
  "investigating",
  "identified",
  "monitoring",
  "resolved",
]);
export const incidentSeverity = pgEnum("incident_severity", ["SEV1", "SEV2", "SEV3", "SEV4"]);
export const affectedSource = pgEnum("affected_source", ["observed", "manual"]);

/** A group of events with one fingerprint. */
export const issue = pgTable(
  "issue",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    fingerprint: text("fingerprint").notNull(),
    service: text("service").notNull(),
    errorType: text("error_type").notNull(),
    /** A representative message (the first one seen). */
    message: text("message").notNull(),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    eventCount: bigint("event_count", { mode: "number" }).notNull().default(0),
    customerCount: integer("customer_count").notNull().default(0),
  },
  (t) => [
    uniqueIndex("issue_workspace_fingerprint_idx").on(t.workspaceId, t.fingerprint),
    index("issue_workspace_last_seen_idx").on(t.workspaceId, t.lastSeenAt),
  ],
);

export const issueCustomer = pgTable(
  "issue_customer",
  {
    workspaceId: text("workspace_id").notNull(),
    issueId: uuid("issue_id").notNull(),
    customerId: bigint("customer_id", { mode: "number" }).notNull(),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    eventCount: integer("event_count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.issueId, t.customerId] })],
);

export const issueMinute = pgTable(
  "issue_minute",
  {
    workspaceId: text("workspace_id").notNull(),
    issueId: uuid("issue_id").notNull(),
    minute: timestamp("minute", { withTimezone: true }).notNull(),
    events: integer("events").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.issueId, t.minute] })],
);

/**
 * One raw error event. Deduplicated by the client's own id within a workspace.
 *
 * Deliberately without foreign keys: this is the one table that takes every event, and the
 * per-row key checks (workspace, issue, customer) cost as much as the insert itself. The write
 * path only ever stores ids it has just upserted; rows expire with retention, and raw events
 * of a deleted customer or workspace expire the same way (the aggregates that pages read do
 * cascade).
 */
export const event = pgTable(
  "event",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text("workspace_id").notNull(),
    clientId: text("client_id").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    service: text("service").notNull(),
    errorType: text("error_type").notNull(),
    errorMessage: text("error_message").notNull(),
    issueId: uuid("issue_id").notNull(),
    customerId: bigint("customer_id", { mode: "number" }).notNull(),
    /** Attributes of the request itself: app_version, browser, endpoint, … */
    attributes: jsonb("attributes")
      .$type<Attributes>()
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [
    uniqueIndex("event_workspace_client_idx").on(t.workspaceId, t.clientId),
    // BRIN: received_at follows insertion order, and retention only ever asks for "older than".
    index("event_received_idx").using("brin", t.receivedAt),
  ],
);

export const incident = pgTable(
  "incident",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    /** Per-workspace sequence number, shown as INC-<number>. */
    number: integer("number").notNull(),
    title: text("title").notNull(),
    severity: incidentSeverity("severity").notNull().default("SEV3"),
    status: incidentStatus("status").notNull().default("investigating"),
    /** Null when the incident was opened automatically by a threshold. */
    openedBy: text("opened_by").references(() => user.id, { onDelete: "set null" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Kept equal to count(incident_customer) so lists never count. */
    affectedCustomerCount: integer("affected_customer_count").notNull().default(0),
    eventCount: bigint("event_count", { mode: "number" }).notNull().default(0),
    lastEventAt: timestamp("last_event_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("incident_workspace_number_idx").on(t.workspaceId, t.number),
    index("incident_workspace_status_idx").on(t.workspaceId, t.status, t.startedAt),
  ],
);

export const incidentIssue = pgTable(
  "incident_issue",
  {
    workspaceId: text("workspace_id").notNull(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incident.id, { onDelete: "cascade" }),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issue.id, { onDelete: "cascade" }),
    attachedBy: text("attached_by").references(() => user.id, { onDelete: "set null" }),
    attachedAt: timestamp("attached_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.incidentId, t.issueId] }),
    index("incident_issue_issue_idx").on(t.issueId),
  ],
);

export const incidentCustomer = pgTable(
  "incident_customer",
  {
    workspaceId: text("workspace_id").notNull(),
    incidentId: uuid("incident_id").notNull(),
    customerId: bigint("customer_id", { mode: "number" }).notNull(),
    /** observed: the customer hit an attached issue; manual: added by a person. */
    source: affectedSource("source").notNull().default("observed"),
    addedBy: text("added_by").references(() => user.id, { onDelete: "set null" }),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    eventCount: integer("event_count").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.incidentId, t.customerId] }),
    index("incident_customer_last_seen_idx").on(t.incidentId, t.lastSeenAt),
    // A customer's incidents (customer page), and deleting a customer's rows.
    index("incident_customer_customer_idx").on(t.workspaceId, t.customerId),
  ],
);

export const incidentMinute = pgTable(
  "incident_minute",
  {
    workspaceId: text("workspace_id").notNull(),
    incidentId: uuid("incident_id").notNull(),
    minute: timestamp("minute", { withTimezone: true }).notNull(),
    events: integer("events").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.minute] })],
);

/** The incident's timeline: every change, with who made it and when. */
export const incidentActivity = pgTable(
  "incident_activity",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text("workspace_id").notNull(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incident.id, { onDelete: "cascade" }),
    /** opened, status, severity, title, issue_attached, issue_detached, customer_added, customer_removed */
    kind: text("kind").notNull(),
    fromValue: text("from_value"),
    toValue: text("to_value"),
    /** What the person wrote with the change (a status change's reason), shown on the timeline. */
    note: text("note"),
    /** Null for changes made by Blastradius itself (threshold opened the incident). */
    actorId: text("actor_id").references(() => user.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("incident_activity_incident_idx").on(t.incidentId, t.at)],
);
