/**
 * The support extension: agents' personal tokens, and what agents report from tickets.
 *
 * extension_token     one per connected browser: a member of a workspace, acting with their role
 * support_report      one per report from a ticket: a customer, the agent's note, the ticket URL
 *   └── report_group  reports of one suspected problem, grouped by their note's words
 */
import { index, pgTable, text, timestamp, uuid, bigint, uniqueIndex } from "drizzle-orm/pg-core";
import { organization, user } from "./auth";
import { incident } from "./incidents";

export const extensionToken = pgTable(
  "extension_token",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    /** The agent the token acts for; their membership's current role applies on every call. */
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    /** "Chrome on ada-laptop": set by the agent, or by the connect page from the browser. */
    name: text("name").notNull(),
    /** The first characters of the token, shown in lists so people can tell tokens apart. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole token, hex. The token itself is shown (or handed over) once. */
    hash: text("hash").notNull().unique(),
    /** "connect" (handed to the extension by the dashboard) or "pasted" (created by hand). */
    origin: text("origin").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("extension_token_workspace_user_idx").on(t.workspaceId, t.userId)],
);

/** Reports of one suspected problem, from any number of tickets. */
export const reportGroup = pgTable(
  "report_group",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    /** The normalised words reports are grouped by ("button checkout nothing"). */
    signature: text("signature").notNull(),
    /** The first report's note, as written: the group's title in the dashboard. */
    title: text("title").notNull(),
    firstReportedAt: timestamp("first_reported_at", { withTimezone: true }).notNull().defaultNow(),
    lastReportedAt: timestamp("last_reported_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when a commander declares an incident from the group (or dismisses it). */
    incidentId: uuid("incident_id").references(() => incident.id, { onDelete: "set null" }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [index("report_group_workspace_open_idx").on(t.workspaceId, t.closedAt, t.lastReportedAt)],
);

export const supportReport = pgTable(
  "support_report",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    /** "affected" (the customer attached to an active incident) or "suspected" (a new problem). */
    kind: text("kind").notNull(),
    incidentId: uuid("incident_id").references(() => incident.id, { onDelete: "cascade" }),
    groupId: uuid("group_id").references(() => reportGroup.id, { onDelete: "cascade" }),
    customerId: bigint("customer_id", { mode: "number" }).notNull(),
    note: text("note").notNull(),
    ticketUrl: text("ticket_url"),
    reportedBy: text("reported_by").references(() => user.id, { onDelete: "set null" }),
    tokenId: uuid("token_id").references(() => extensionToken.id, { onDelete: "set null" }),
    reportedAt: timestamp("reported_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("support_report_group_idx").on(t.groupId),
    index("support_report_incident_idx").on(t.incidentId),
    uniqueIndex("support_report_group_customer_idx").on(t.groupId, t.customerId),
  ],
);
