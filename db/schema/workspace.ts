/** Per-workspace settings and API keys. The workspace itself is better-auth's `organization`. */
import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organization, user } from "./auth";

export const workspaceSettings = pgTable("workspace_settings", {
  workspaceId: text("workspace_id")
    .primaryKey()
    .references(() => organization.id, { onDelete: "cascade" }),
  /** An issue opens an incident by itself once this many distinct customers hit it… */
  incidentCustomerThreshold: integer("incident_customer_threshold").notNull().default(25),
  /** …or once it reaches this many events in one minute. */
  incidentEventsPerMinuteThreshold: integer("incident_events_per_minute_threshold")
    .notNull()
    .default(100),
  /** Raw events older than this are deleted; aggregates stay. */
  eventRetentionDays: integer("event_retention_days").notNull().default(14),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const API_KEY_SCOPES = ["ingest", "read", "notify"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const apiKey = pgTable(
  "api_key",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The first characters of the key, shown in lists so people can tell keys apart. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole key, hex. The key itself is shown once and never stored. */
    hash: text("hash").notNull().unique(),
    scopes: text("scopes")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_key_workspace_idx").on(t.workspaceId)],
);
