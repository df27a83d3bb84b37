/**
 * Messaging: status updates to an incident's audience and their delivery.
 *
 *   status_update ──(send: one transaction)──► message (one row per update × address)
 *        │                                        │  claimed by workers in send_batch groups
 *        │                                        ▼
 *        └── incident_activity               send_batch (the idempotency key of one
 *                                             provider call; rebuilt identically on retry)
 *
 * `message` is the transactional outbox: rows are written in the same transaction that marks
 * the update sent, under a unique (status_update_id, email), so an address gets one email per
 * update whatever retries or workers do. Workers claim queued rows with FOR UPDATE SKIP LOCKED,
 * group them into a send_batch committed *before* the provider is called, and use the batch id
 * as the provider's idempotency key: a worker killed after the provider accepted a batch leaves
 * a batch whose lease runs out, and the next worker sends the very same batch again under the
 * same key, which the provider answers without sending twice.
 *
 * `suppression` holds the addresses a workspace must not write to (bounced, complained,
 * unsubscribed, or added by an admin); every send honours it. `mailbox_email` is the built-in
 * mailbox that stands in for the provider when no RESEND_API_KEY is set.
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
import { incident, incidentStatus } from "./incidents";

export const statusUpdateState = pgEnum("status_update_state", [
  "draft",
  "awaiting_approval",
  "sent",
  "cancelled",
]);

export const messageState = pgEnum("message_state", [
  "queued",
  "sending",
  "sent",
  "delivered",
  "opened",
  "bounced",
  "complained",
  "failed",
  "suppressed",
]);

export const suppressionReason = pgEnum("suppression_reason", [
  "bounced",
  "complained",
  "unsubscribed",
  "manual",
]);

/** Who an update is for, as the responder chose it. */
export type UpdateAudience =
  { kind: "incident" } | { kind: "observed" } | { kind: "segment"; segmentId: string };

/**
 * Which of the chosen audience get it: everyone in it; a follow-up (everyone told before plus
 * those newly in the audience); or everyone told any update of the incident (resolution).
 */
export type UpdateReach = "audience" | "follow_up" | "everyone_told";

/** The wording around the update for one status and locale (message_template's columns). */
export interface TemplateText {
  subject: string;
  intro: string;
  outro: string;
}

export interface UpdateContent {
  workspaceName: string;
  /** `Name <address>` */
  from: string;
  incidentReference: string;
  incidentTitle: string;
  /** "customers on app_version 5.2.0 in eu-west", or null when the audience has no segment. */
  segmentInWords: string | null;
  /** Templates by locale; "en" is always present and is the fallback. */
  templates: Record<string, TemplateText>;
}

export const statusUpdate = pgTable(
  "status_update",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incident.id, { onDelete: "cascade" }),
    /** 1, 2, 3… within the incident. */
    number: integer("number").notNull(),
    /** The incident status this update announces. */
    status: incidentStatus("status").notNull(),
    title: text("title").notNull(),
    /** Markdown, rendered to HTML (escaped) and to plain text. */
    body: text("body").notNull(),
    audience: jsonb("audience").$type<UpdateAudience>().notNull(),
    reach: text("reach").$type<UpdateReach>().notNull(),
    /**
     * Everything else the email is made of, frozen when the update is sent (incident title,
     * segment in words, sender, the templates of each locale), so that a batch rebuilt after a
     * crash is byte for byte the one first offered to the provider under its idempotency key.
     */
    content: jsonb("content").$type<UpdateContent>(),
    state: statusUpdateState("state").notNull().default("draft"),
    /** Customers and addresses the update went (or would go) to, written at send time. */
    customerCount: integer("customer_count").notNull().default(0),
    recipientCount: integer("recipient_count").notNull().default(0),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    approvedBy: text("approved_by").references(() => user.id, { onDelete: "set null" }),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    sentBy: text("sent_by").references(() => user.id, { onDelete: "set null" }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    cancelledBy: text("cancelled_by").references(() => user.id, { onDelete: "set null" }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("status_update_incident_number_idx").on(t.incidentId, t.number),
    index("status_update_workspace_incident_idx").on(t.workspaceId, t.incidentId, t.createdAt),
  ],
);

export const message = pgTable(
  "message",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text("workspace_id").notNull(),
    statusUpdateId: uuid("status_update_id")
      .notNull()
      .references(() => statusUpdate.id, { onDelete: "cascade" }),
    incidentId: uuid("incident_id").notNull(),
    customerId: bigint("customer_id", { mode: "number" }).notNull(),
    /** The address, lower-cased; with the update, the outbox's unique key. */
    email: text("email").notNull(),
    /** The contact's name (else the customer's) and locale when the update was sent. */
    name: text("name"),
    locale: text("locale"),
    state: messageState("state").notNull().default("queued"),
    /** The send_batch that carries it once claimed; kept after sending. */
    batchId: uuid("batch_id"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** The provider's id for the email (Resend's, or the mailbox's). */
    providerId: text("provider_id"),
    /** Why it failed or was suppressed, in the provider's words where it gave any. */
    error: text("error"),
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    openedAt: timestamp("opened_at", { withTimezone: true }),
    bouncedAt: timestamp("bounced_at", { withTimezone: true }),
    complainedAt: timestamp("complained_at", { withTimezone: true }),
    failedAt: timestamp("failed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("message_update_email_idx").on(t.statusUpdateId, t.email),
    // What workers claim: queued rows whose time has come, oldest first.
    index("message_queued_idx")
      .on(t.nextAttemptAt, t.id)
      .where(sql`${t.state} = 'queued'`),
    // A claim's batch: one workspace's queued rows in the same order. With this index the plan
    // is a short ordered range scan even while the statistics still describe an empty table
    // (right after a large send, before autovacuum's analyze); without it the planner read and
    // sorted every queued row of the workspace for each batch.
    index("message_workspace_queued_idx")
      .on(t.workspaceId, t.nextAttemptAt, t.id)
      .where(sql`${t.state} = 'queued'`),
    index("message_batch_idx").on(t.batchId),
    index("message_workspace_customer_idx").on(t.workspaceId, t.customerId),
    index("message_provider_idx").on(t.providerId),
    index("message_workspace_email_idx").on(t.workspaceId, t.email),
  ],
);

/** One provider call's worth of messages; its id is the call's idempotency key. */
export const sendBatch = pgTable(
  "send_batch",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id").notNull(),
    /** open: claimed, not yet recorded as sent; done: every message's outcome is recorded. */
    state: text("state").$type<"open" | "done">().notNull().default("open"),
    /** Another worker may take the batch over once this has passed. */
    leaseUntil: timestamp("lease_until", { withTimezone: true }).notNull(),
    worker: text("worker").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [
    index("send_batch_open_idx")
      .on(t.leaseUntil)
      .where(sql`${t.state} = 'open'`),
  ],
);

/** Addresses a workspace must not write to. */
export const suppression = pgTable(
  "suppression",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    reason: suppressionReason("reason").notNull(),
    /** The provider's words for a bounce or complaint; the admin's note for a manual one. */
    detail: text("detail"),
    messageId: bigint("message_id", { mode: "number" }),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.email] })],
);

/** Provider webhook deliveries already applied, by the provider's delivery id. */
export const webhookDelivery = pgTable("webhook_delivery", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Per-workspace, per-status, per-locale wording of the email around the update itself. */
export const messageTemplate = pgTable(
  "message_template",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    status: incidentStatus("status").notNull(),
    /** A BCP 47 tag (en, de, pt-BR); "en" is the fallback every workspace has. */
    locale: text("locale").notNull(),
    subject: text("subject").notNull(),
    /** Text above the update, with {{variables}}. */
    intro: text("intro").notNull(),
    /** Text below the update: what to do, where to read more. */
    outro: text("outro").notNull(),
    updatedBy: text("updated_by").references(() => user.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.status, t.locale] })],
);

/** The built-in mailbox: what would have been sent, as sent, when no provider is configured. */
export const mailboxEmail = pgTable(
  "mailbox_email",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id").notNull(),
    /** One mailbox copy per message, so a retried batch stores nothing twice. */
    messageId: bigint("message_id", { mode: "number" }).notNull(),
    from: text("from").notNull(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    headers: jsonb("headers").$type<Record<string, string>>().notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("mailbox_email_message_idx").on(t.messageId),
    index("mailbox_email_workspace_idx").on(t.workspaceId, t.receivedAt),
  ],
);

/** The last sign of life of each delivery worker, for /api/health. */
export const workerHeartbeat = pgTable("worker_heartbeat", {
  worker: text("worker").primaryKey(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
  beatAt: timestamp("beat_at", { withTimezone: true }).notNull(),
});

/**
 * A workspace's messaging settings, created with its keys on first use: the sender address,
 * how many customers an update may reach before a second commander must approve it, and the
 * keys with which the customer's own app reads its notices (GET /api/v1/notices, widget.js).
 */
export const workspaceMessaging = pgTable("workspace_messaging", {
  workspaceId: text("workspace_id")
    .primaryKey()
    .references(() => organization.id, { onDelete: "cascade" }),
  /** `Name <address>`; null means MAIL_FROM. */
  mailFrom: text("mail_from"),
  approvalThreshold: integer("approval_threshold").notNull().default(500),
  /** Publishable: it names the workspace to GET /api/v1/notices and may sit in page source. */
  noticeKey: text("notice_key").notNull().unique(),
  /** Secret: the customer's backend signs customer ids with it (HMAC-SHA256). */
  noticeSecret: text("notice_secret").notNull(),
  /** Origins allowed to call GET /api/v1/notices from a browser (CORS). */
  allowedOrigins: text("allowed_origins")
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  updatedBy: text("updated_by").references(() => user.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The provider's rate limit, shared by every worker (Resend counts requests per account, not
 * per process): one row per limit whose `next_slot` is the earliest moment the next request may
 * go. A worker reserves a slot with one atomic update and sleeps until it.
 */
export const sendRate = pgTable("send_rate", {
  name: text("name").primaryKey(),
  nextSlot: timestamp("next_slot", { withTimezone: true }).notNull(),
});
