/** The customer directory: who the workspace's customers are, their attributes and contacts. */
import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organization } from "./auth";

/** Flat attributes: plan, region, cluster, app_version, platform, … */
export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

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
  },
  (t) => [
    uniqueIndex("customer_workspace_external_idx").on(t.workspaceId, t.externalId),
    // The customers list sorts by display name (the name, else the external id), case-insensitively,
    // and by creation (= id order); keyset paging walks these two indexes.
    index("customer_workspace_sort_name_idx").on(
      t.workspaceId,
      sql`lower(coalesce(${t.name}, ${t.externalId}))`,
      t.id,
    ),
    index("customer_workspace_id_idx").on(t.workspaceId, t.id),
    index("customer_attributes_idx").using("gin", t.attributes.op("jsonb_path_ops")),
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
    index("contact_workspace_email_idx").on(t.workspaceId, t.email),
  ],
);
