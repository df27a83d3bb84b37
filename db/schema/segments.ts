/**
 * Saved segments (a named rule over customer attributes, usable across incidents) and each
 * incident's audience: which saved segment is its rule, and who was excluded from it by hand.
 * The audience's other parts — customers observed failing and customers added by hand — are
 * the incident's incident_customer rows (db/schema/incidents.ts).
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { Rule } from "@/server/segments/rule";
import { organization, user } from "./auth";
import { customer } from "./customers";
import { incident } from "./incidents";

export const segment = pgTable(
  "segment",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Always in canonical form (server/segments/rule.ts), so equal rules have equal JSON. */
    rule: jsonb("rule").$type<Rule>().notNull(),
    /**
     * SHA-256 of the canonical rule's JSON, to find a segment with the same rule (adopting an
     * engine segment reuses it). A hash, since a rule may be longer than a btree entry allows.
     */
    ruleHash: text("rule_hash").notNull(),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text("updated_by").references(() => user.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Names are unique per workspace ignoring case: "EU outage" and "eu outage" are one name.
    uniqueIndex("segment_workspace_name_idx").on(t.workspaceId, sql`lower(${t.name})`),
    index("segment_workspace_rule_idx").on(t.workspaceId, t.ruleHash),
  ],
);

/** Which saved segment is an incident's audience rule; no row (or a null segment) means none. */
export const incidentAudience = pgTable(
  "incident_audience",
  {
    incidentId: uuid("incident_id")
      .primaryKey()
      .references(() => incident.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull(),
    segmentId: uuid("segment_id").references(() => segment.id, { onDelete: "set null" }),
    setBy: text("set_by").references(() => user.id, { onDelete: "set null" }),
    setAt: timestamp("set_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // The incidents a segment is the audience of (editing or removing a segment tells them).
  (t) => [index("incident_audience_segment_idx").on(t.workspaceId, t.segmentId)],
);

/** Customers taken out of an incident's audience by hand, whatever else would put them in. */
export const incidentAudienceExclusion = pgTable(
  "incident_audience_exclusion",
  {
    workspaceId: text("workspace_id").notNull(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incident.id, { onDelete: "cascade" }),
    customerId: bigint("customer_id", { mode: "number" })
      .notNull()
      .references(() => customer.id, { onDelete: "cascade" }),
    excludedBy: text("excluded_by").references(() => user.id, { onDelete: "set null" }),
    excludedAt: timestamp("excluded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.customerId] })],
);
