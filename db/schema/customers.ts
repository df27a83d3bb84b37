/** The customer directory: who the workspace's customers are, their attributes and contacts. */
import { sql } from "drizzle-orm";
import {
  bigint,
  customType,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { organization } from "./auth";

/** Flat attributes: plan, region, cluster, app_version, platform, … */
export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const customer = pgTable(
  "customer",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    /** The customer's id in the workspace's own systems. */
    externalId: text("external_id").notNull(),
    name: text("name"),
    attributes: jsonb("attributes")
      .$type<Attributes>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Last time an event of any kind named this customer: the segment engine's activity baseline. */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    /**
     * The words of the external id and name, for the list's prefix search ("acme" finds
     * "Big Acme Inc"). Stored, so a search never runs to_tsvector row by row. Written by
     * PostgreSQL itself: never insert or update it.
     */
    search: tsvector("search")
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('simple', "external_id" || ' ' || coalesce("name", ''))`),
  },
  (t) => [
    uniqueIndex("customer_workspace_external_idx").on(t.workspaceId, t.externalId),
    // The customers list sorts by display name (the name, else the external id), case-insensitively,
    // by creation (= id order) and by last seen; keyset paging walks these three indexes.
    index("customer_workspace_sort_name_idx").on(
      t.workspaceId,
      sql`lower(coalesce(${t.name}, ${t.externalId}))`,
      t.id,
    ),
    index("customer_workspace_id_idx").on(t.workspaceId, t.id),
    // …and by last seen, never-seen customers as the oldest (the list's lastSeen sort key).
    index("customer_workspace_last_seen_idx").on(
      t.workspaceId,
      sql`coalesce(${t.lastSeenAt}, '-infinity'::timestamptz)`,
      t.id,
    ),
    index("customer_attributes_idx").using("gin", t.attributes.op("jsonb_path_ops")),
    index("customer_search_idx").using("gin", t.search),
  ],
);

export const contact = pgTable(
  "contact",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    customerId: bigint("customer_id", { mode: "number" })
      .notNull()
      .references(() => customer.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name"),
    /** BCP 47 language tag, e.g. en, de-DE. */
    locale: text("locale"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("contact_customer_email_idx").on(t.workspaceId, t.customerId, t.email),
    // text_pattern_ops: serves equality and `email like 'prefix%'` (the list's search) alike.
    index("contact_workspace_email_idx").on(t.workspaceId, t.email.op("text_pattern_ops")),
  ],
);
