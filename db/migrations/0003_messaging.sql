CREATE TYPE "public"."message_state" AS ENUM('queued', 'sending', 'sent', 'delivered', 'opened', 'bounced', 'complained', 'failed', 'suppressed');--> statement-breakpoint
CREATE TYPE "public"."status_update_state" AS ENUM('draft', 'awaiting_approval', 'sent', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."suppression_reason" AS ENUM('bounced', 'complained', 'unsubscribed', 'manual');--> statement-breakpoint
CREATE TABLE "mailbox_email" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"message_id" bigint NOT NULL,
	"from" text NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"headers" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "message_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"status_update_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"customer_id" bigint NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"locale" text,
	"state" "message_state" DEFAULT 'queued' NOT NULL,
	"batch_id" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"provider_id" text,
	"error" text,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"bounced_at" timestamp with time zone,
	"complained_at" timestamp with time zone,
	"failed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "message_template" (
	"workspace_id" text NOT NULL,
	"status" "incident_status" NOT NULL,
	"locale" text NOT NULL,
	"subject" text NOT NULL,
	"intro" text NOT NULL,
	"outro" text NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_template_workspace_id_status_locale_pk" PRIMARY KEY("workspace_id","status","locale")
);
--> statement-breakpoint
CREATE TABLE "send_batch" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"lease_until" timestamp with time zone NOT NULL,
	"worker" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "status_update" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"incident_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" "incident_status" NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"audience" jsonb NOT NULL,
	"reach" text NOT NULL,
	"content" jsonb,
	"state" "status_update_state" DEFAULT 'draft' NOT NULL,
	"customer_count" integer DEFAULT 0 NOT NULL,
	"recipient_count" integer DEFAULT 0 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"sent_by" text,
	"sent_at" timestamp with time zone,
	"cancelled_by" text,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "suppression" (
	"workspace_id" text NOT NULL,
	"email" text NOT NULL,
	"reason" "suppression_reason" NOT NULL,
	"detail" text,
	"message_id" bigint,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suppression_workspace_id_email_pk" PRIMARY KEY("workspace_id","email")
);
--> statement-breakpoint
CREATE TABLE "webhook_delivery" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_heartbeat" (
	"worker" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"beat_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workspace_messaging" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"mail_from" text,
	"approval_threshold" integer DEFAULT 500 NOT NULL,
	"notice_key" text NOT NULL,
	"notice_secret" text NOT NULL,
	"allowed_origins" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_messaging_notice_key_unique" UNIQUE("notice_key")
);
--> statement-breakpoint
ALTER TABLE "message" ADD CONSTRAINT "message_status_update_id_status_update_id_fk" FOREIGN KEY ("status_update_id") REFERENCES "public"."status_update"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_template" ADD CONSTRAINT "message_template_workspace_id_organization_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_template" ADD CONSTRAINT "message_template_updated_by_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_update" ADD CONSTRAINT "status_update_workspace_id_organization_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_update" ADD CONSTRAINT "status_update_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_update" ADD CONSTRAINT "status_update_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_update" ADD CONSTRAINT "status_update_approved_by_user_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_update" ADD CONSTRAINT "status_update_sent_by_user_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_update" ADD CONSTRAINT "status_update_cancelled_by_user_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppression" ADD CONSTRAINT "suppression_workspace_id_organization_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppression" ADD CONSTRAINT "suppression_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_messaging" ADD CONSTRAINT "workspace_messaging_workspace_id_organization_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_messaging" ADD CONSTRAINT "workspace_messaging_updated_by_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mailbox_email_message_idx" ON "mailbox_email" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "mailbox_email_workspace_idx" ON "mailbox_email" USING btree ("workspace_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "message_update_email_idx" ON "message" USING btree ("status_update_id","email");--> statement-breakpoint
CREATE INDEX "message_queued_idx" ON "message" USING btree ("next_attempt_at","id") WHERE "message"."state" = 'queued';--> statement-breakpoint
CREATE INDEX "message_batch_idx" ON "message" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "message_workspace_customer_idx" ON "message" USING btree ("workspace_id","customer_id");--> statement-breakpoint
CREATE INDEX "message_provider_idx" ON "message" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "message_workspace_email_idx" ON "message" USING btree ("workspace_id","email");--> statement-breakpoint
CREATE INDEX "send_batch_open_idx" ON "send_batch" USING btree ("lease_until") WHERE "send_batch"."state" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "status_update_incident_number_idx" ON "status_update" USING btree ("incident_id","number");--> statement-breakpoint
CREATE INDEX "status_update_workspace_incident_idx" ON "status_update" USING btree ("workspace_id","incident_id","created_at");